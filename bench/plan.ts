/**
 * Planning time for large synthetic PRPs: tasks that create modules, modify earlier ones and import them,
 * with bodies of realistic length. The baseline is the same PRP planned in document order (no inference),
 * so the difference is what dependency inference and tagging cost.
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

export function syntheticPrp(count: number, seed = 1): Prp {
  const random = lcg(seed);
  const tasks: PrpTask[] = [];
  for (let i = 0; i < count; i++) {
    const file = `src/module${i % 50}/feature_${i}.ts`;
    const earlier = i > 0 ? Math.floor(random() * i) : -1;
    const modifies = earlier >= 0 && random() < 0.3 ? [`src/module${earlier % 50}/feature_${earlier}.ts`] : [];
    const importsFrom = i > 0 ? Math.floor(random() * i) : -1;
    const imports = importsFrom >= 0 && random() < 0.5 ? `import { f } from '../module${importsFrom % 50}/feature_${importsFrom}';\n` : '';
    tasks.push({
      id: `T${i + 1}`,
      number: i + 1,
      title: `Task ${i + 1}: CREATE ${file}`,
      body: `CREATE ${file}:\n${imports}${FILLER.repeat(1 + Math.floor(random() * 6))}`,
      files: [file, ...modifies],
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

function timeMs(fn: () => void, repeats: number): number {
  fn(); // Warm up the JIT and the regular-expression caches.
  const start = performance.now();
  for (let r = 0; r < repeats; r++) fn();
  return (performance.now() - start) / repeats;
}

export const run: BenchModule = async () => {
  const rows: BenchRow[] = [];
  for (const count of [1000, 5000]) {
    const prp = syntheticPrp(count);
    const repeats = count <= 1000 ? 5 : 2;
    const inferred = timeMs(() => planPrp(prp), repeats);
    const documentOrder = timeMs(() => planPrp(prp, { order: 'document' }), repeats);
    rows.push({
      benchmark: 'plan',
      case: `${count} tasks, plan with inference`,
      value: inferred,
      unit: 'ms',
      baseline: { name: 'document order', value: documentOrder },
      ...(count === 1000 ? { target: '< 200 ms', pass: inferred < 200 } : {}),
    });
  }
  return rows;
};

if (process.argv[1]?.endsWith('plan.ts')) {
  void run().then((rows) => console.log(renderTable(rows)));
}
