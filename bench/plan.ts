/**
 * Planning time for large synthetic PRPs whose tasks exercise every inference rule: they create modules,
 * modify and import earlier ones, define and use symbols, install and import packages, and test earlier
 * modules, with bodies of realistic length. The baseline is the same PRP planned in document order (no
 * inference), so the difference is what dependency inference costs.
 *
 * Each case is timed warm (the median of several plans after the JIT has settled, which is what a long-lived
 * extension host sees) and cold (the first plan in this process, which is what a one-shot CLI run sees).
 */
import type { Prp, PrpTask } from '../src/orchestrator/model';
import { planPrp } from '../src/orchestrator/plan';
import type { BenchModule, BenchRow } from './table';
import { renderTable } from './table';

/** A deterministic pseudo-random generator, so every run plans the same PRP. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const FILLER =
  '- PATTERN: follow the existing service layer and keep functions small\n' +
  '- Validate input with zod and return typed errors the caller can act on\n' +
  '- Add unit tests for the happy path, the edge cases and the failures\n';

/** What task `i` says beyond its filler: symbols it defines and uses, a package it installs or imports. */
function extras(i: number, random: () => number): string {
  const lines: string[] = [];
  if (i % 10 === 0) lines.push(`- ADD \`Feature${i}Service\` class`, '```ts', `export class Feature${i}Service {}`, '```');
  if (i >= 10 && random() < 0.3) lines.push(`- USE Feature${10 * Math.floor((random() * i) / 10)}Service for lookups`);
  if (i % 50 === 25) lines.push(`- INSTALL: \`npm install synthetic-lib-${i}\``);
  if (i > 25 && random() < 0.1) lines.push(`- IMPORTS: \`import { x } from 'synthetic-lib-${50 * Math.floor((i - 25) / 50) + 25}'\``);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

export function syntheticPrp(count: number, seed = 1): Prp {
  const random = lcg(seed);
  const tasks: PrpTask[] = [];
  for (let i = 0; i < count; i++) {
    const earlier = i > 0 ? Math.floor(random() * i) : -1;
    // Every twentieth task tests an earlier module; the others create one.
    const file = i % 20 === 19 ? `test/module${earlier % 50}/feature_${earlier}.test.ts` : `src/module${i % 50}/feature_${i}.ts`;
    const modifies = earlier >= 0 && random() < 0.3 ? [`src/module${earlier % 50}/feature_${earlier}.ts`] : [];
    const importsFrom = i > 0 ? Math.floor(random() * i) : -1;
    const imports = importsFrom >= 0 && random() < 0.5 ? `import { f } from '../module${importsFrom % 50}/feature_${importsFrom}';\n` : '';
    tasks.push({
      id: `T${i + 1}`,
      number: i + 1,
      title: `Task ${i + 1}: CREATE ${file}`,
      body: `CREATE ${file}:\n${imports}${extras(i, random)}${FILLER.repeat(1 + Math.floor(random() * 6))}`,
      files: [file, ...(i % 20 === 19 ? [] : modifies)],
      action: 'CREATE',
      dependsOn: random() < 0.05 && i > 0 ? [`T${i}`] : [],
      range: { startLine: i * 12 + 1, endLine: i * 12 + 11 },
    });
  }
  return {
    title: 'synthetic', sections: [], tasks, validation: [], successCriteria: [], checklist: [], diagnostics: [],
    source: { lineCount: count * 12 },
  };
}

function once(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** The median of `repeats` runs after warm-up runs; the machine is shared, so the median, not the mean. */
function warmMs(fn: () => void, repeats: number): number {
  for (let r = 0; r < 8; r++) fn(); // Let the JIT optimise the hot loops before measuring.
  const times = Array.from({ length: repeats }, () => once(fn)).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export const run: BenchModule = async () => {
  const rows: BenchRow[] = [];
  const small = syntheticPrp(1000);
  // The cold times come first, before anything else in this module has warmed the planner up.
  const cold = once(() => planPrp(small));
  for (const count of [1000, 5000]) {
    const prp = count === 1000 ? small : syntheticPrp(count);
    const repeats = count <= 1000 ? 15 : 5;
    const inferred = warmMs(() => planPrp(prp), repeats);
    const documentOrder = warmMs(() => planPrp(prp, { order: 'document' }), repeats);
    const edges = planPrp(prp).graph.dependencies.length;
    rows.push({
      benchmark: 'plan',
      case: `${count} tasks (${edges} edges), warm, median`,
      value: inferred,
      unit: 'ms',
      baseline: { name: 'document order', value: documentOrder },
      ...(count === 1000 ? { target: '< 100 ms', pass: inferred < 100 } : {}),
    });
  }
  rows.push({ benchmark: 'plan', case: '1000 tasks, first plan in the process (cold JIT)', value: cold, unit: 'ms' });
  return rows;
};

if (process.argv[1]?.endsWith('plan.ts')) {
  void run().then((rows) => console.log(renderTable(rows)));
}
