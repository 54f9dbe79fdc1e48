/**
 * `npm run bench`: runs every benchmark module and prints one table. Benchmarks are measurements, not
 * tests: they never fail the build, they print what they measured next to a baseline from the same run.
 */
import { renderTable, type BenchModule, type BenchRow } from './table';

const modules: Array<[string, () => Promise<{ run: BenchModule }>]> = [
  ['parse', () => import('./parse')],
  ['plan', () => import('./plan')],
  ['routing', () => import('./routing')],
  ['engine', () => import('./engine')],
  ['faults', () => import('./faults')],
  ['makespan', () => import('./makespan')],
  ['store', () => import('./store')],
];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const rows: BenchRow[] = [];
  for (const [name, load] of modules) {
    if (only.length > 0 && !only.includes(name)) continue;
    const started = Date.now();
    process.stderr.write(`running ${name} ...\n`);
    rows.push(...(await (await load()).run()));
    process.stderr.write(`  ${name} took ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
  process.stdout.write(`${renderTable(rows)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
