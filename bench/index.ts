/**
 * `npm run bench`: runs every benchmark module and prints one table. Benchmarks are measurements, not
 * tests: they never fail the build, they print what they measured next to a baseline from the same run.
 *
 * Each module runs in a child process of its own, so one module's heap and JIT state (the store bench leaves
 * a 22 MB database behind, the planner thousands of tasks) cannot slow the next one down.
 */
import { execFileSync } from 'node:child_process';
import { renderTable, type BenchModule, type BenchRow } from './table';

const modules: Record<string, () => Promise<{ run: BenchModule }>> = {
  parse: () => import('./parse'),
  plan: () => import('./plan'),
  routing: () => import('./routing'),
  engine: () => import('./engine'),
  faults: () => import('./faults'),
  makespan: () => import('./makespan'),
  store: () => import('./store'),
  latency: () => import('./latency'),
  render: () => import('./render'),
  activation: () => import('./activation'),
};

const CHILD_FLAG = '--module-json';

/** In a child: run one module and print its rows as JSON on the last line. */
async function runChild(name: string): Promise<void> {
  const load = modules[name];
  if (!load) throw new Error(`Unknown benchmark "${name}"; expected one of: ${Object.keys(modules).join(', ')}.`);
  const rows = await (await load()).run();
  process.stdout.write(`\n${JSON.stringify(rows)}\n`);
}

function runInChild(name: string): BenchRow[] {
  const out = execFileSync(process.execPath, [...process.execArgv, __filename, CHILD_FLAG, name], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const last = out.trimEnd().split('\n').pop() ?? '[]';
  return JSON.parse(last) as BenchRow[];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === CHILD_FLAG) return runChild(args[1] ?? '');
  const names = args.length > 0 ? args : Object.keys(modules);
  const rows: BenchRow[] = [];
  for (const name of names) {
    if (!modules[name]) throw new Error(`Unknown benchmark "${name}"; expected one of: ${Object.keys(modules).join(', ')}.`);
    const started = Date.now();
    process.stderr.write(`running ${name} ...\n`);
    rows.push(...runInChild(name));
    process.stderr.write(`  ${name} took ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
  process.stdout.write(`${renderTable(rows)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
