/**
 * Makespan benchmark: how close the engine's critical-path-first schedule comes to the best any schedule
 * could do, against FIFO order and against layer-by-layer execution, over a suite of random DAGs.
 *
 * Every policy runs through the same engine, runner and virtual clock; only the order (and, for the
 * layered policy, the grouping) differs. The ratio is makespan ÷ max(critical path, total work ÷ W) by
 * ACTUAL durations, so with noisy estimates the scheduler is judged against what it could not know.
 */
import type { AgentProfile, RunEvent, Task, TaskGraph } from '../src/orchestrator/model';
import { startRun, VirtualClock } from '../src/orchestrator/engine';
import { SimulatedRunner, type AgentRunner } from '../src/orchestrator/runners';
import { criticalPathLength, depthLayers, lowerBound, makespanSuite, type BenchDag } from './dags';
import { renderTable, type BenchModule, type BenchRow } from './table';

/** The one agent every simulated run uses; with one agent the engine lets it fill all W slots. */
export const SIM_AGENT: AgentProfile = { name: 'sim', description: 'Simulated agent.', prompt: '', source: 'builtin' };

export interface SimulateOptions {
  workers: number;
  /** Actual duration of each task by id. Default: each task takes exactly its `estimateMs`. */
  actualMs?: ReadonlyMap<string, number>;
  priority: 'critical-path' | 'fifo';
  /** Sees every event of the run, e.g. to check the schedule. */
  onEvent?: (event: RunEvent) => void;
  /** Builds the runner on the run's clock. Default: a SimulatedRunner taking the actual durations. */
  makeRunner?: (clock: VirtualClock) => AgentRunner;
}

/**
 * Runs `graph` through the real engine on a virtual clock, each task taking exactly its actual duration,
 * and returns the makespan in virtual ms. Throws when the run does not succeed, so a broken engine cannot
 * pass for a fast one.
 */
export async function simulateMakespan(graph: TaskGraph, options: SimulateOptions): Promise<number> {
  const clock = new VirtualClock();
  const actualMs = options.actualMs;
  const durationMs = actualMs ? (task: Task) => actualMs.get(task.id)! : undefined;
  const runner = options.makeRunner ? options.makeRunner(clock) : new SimulatedRunner({ clock, durationMs, progress: false });
  const handle = startRun(graph, { runner, agents: [SIM_AGENT], workers: options.workers, priority: options.priority, clock, cwd: '.', runId: 'bench' });
  if (options.onEvent) handle.onEvent(options.onEvent);
  const result = await clock.runUntil(handle.done);
  if (result.status !== 'succeeded') throw new Error(`Simulated run of "${graph.title}" ended ${result.status}, expected succeeded.`);
  return result.totals.durationMs;
}

export type Policy = 'critical-path' | 'fifo' | 'layered';

export const POLICIES: readonly Policy[] = ['critical-path', 'fifo', 'layered'];

/** Ratios (makespan ÷ lower bound) of one DAG at one W, per policy. */
export interface DagResult {
  dag: string;
  noisy: boolean;
  workers: number;
  lowerBound: number;
  /** True when the bound is the critical path rather than work ÷ W, i.e. the W slots are not the bottleneck. */
  chainBound: boolean;
  makespan: Record<Policy, number>;
}

/**
 * Layer-by-layer execution as some orchestrators do it: every task of a depth layer must finish before any
 * task of the next layer starts. Each layer runs as its own dependency-free graph through the same engine
 * (longest task first within a layer, the engine's default priority), one after another.
 */
async function layeredMakespan(dag: BenchDag, workers: number): Promise<number> {
  let total = 0;
  for (const tasks of depthLayers(dag.graph)) {
    const layer = { title: `${dag.name} layer`, tasks, dependencies: [] };
    total += await simulateMakespan(layer, { actualMs: dag.actualMs, workers, priority: 'critical-path' });
  }
  return total;
}

/** Runs one DAG under every policy at one W. */
export async function measureDag(dag: BenchDag, workers: number): Promise<DagResult> {
  const makespan = {
    'critical-path': await simulateMakespan(dag.graph, { actualMs: dag.actualMs, workers, priority: 'critical-path' }),
    fifo: await simulateMakespan(dag.graph, { actualMs: dag.actualMs, workers, priority: 'fifo' }),
    layered: await layeredMakespan(dag, workers),
  };
  const bound = lowerBound(dag, workers);
  const chainBound = criticalPathLength(dag.graph, (t) => dag.actualMs.get(t.id)!) >= bound;
  return { dag: dag.name, noisy: dag.noisy, workers, lowerBound: bound, chainBound, makespan };
}

/** The q-quantile (nearest rank) of `values`. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export const ratio = (r: DagResult, policy: Policy) => r.makespan[policy] / r.lowerBound;

/** Layer-by-layer counts as clearly worse when its makespan is at least this many times critical-path's (median over DAGs). */
const CLEAR_MARGIN = 1.1;

/** Percent above the lower bound: two decimals of a ratio near 1 would hide the differences that matter. */
const over = (ratioValue: number) => (ratioValue - 1) * 100;

/** The table rows for one W. */
export function rowsFor(workers: number, results: readonly DagResult[]): BenchRow[] {
  const of = (policy: Policy) => results.map((r) => ratio(r, policy));
  const [cp, fifo] = [of('critical-path'), of('fifo')];
  const worse = results.filter((r) => r.makespan['critical-path'] > r.makespan.fifo).length;
  const gain = quantile(results.map((r) => r.makespan.layered / r.makespan['critical-path']), 0.5);
  const [median, p90] = [quantile(cp, 0.5), quantile(cp, 0.9)];
  const base = { benchmark: 'makespan', unit: '% over bound' };
  return [
    { ...base, case: `W=${workers} critical-path, median`, value: over(median), baseline: { name: 'fifo', value: over(quantile(fifo, 0.5)) }, target: '≤ 1 %', pass: median <= 1.01 },
    { ...base, case: `W=${workers} critical-path, p90`, value: over(p90), baseline: { name: 'fifo', value: over(quantile(fifo, 0.9)) }, target: '≤ 6 %', pass: p90 <= 1.06 },
    { benchmark: 'makespan', case: `W=${workers} layer-by-layer ÷ critical-path, median`, value: gain, unit: '×', target: `≥ ${CLEAR_MARGIN.toFixed(2)}`, pass: gain >= CLEAR_MARGIN },
    { benchmark: 'makespan', case: `W=${workers} DAGs whose bound is the critical path`, value: results.filter((r) => r.chainBound).length, unit: `of ${results.length}` },
    { benchmark: 'makespan', case: `W=${workers} DAGs where critical-path > fifo`, value: worse, unit: `of ${results.length}`, target: '0', pass: worse === 0 },
  ];
}

/** Options for `measureSuite`; defaults are the benchmark's. */
export interface MakespanOptions {
  workers?: number[];
  suite?: BenchDag[];
}

export async function measureSuite(options: MakespanOptions = {}): Promise<DagResult[]> {
  const suite = options.suite ?? makespanSuite();
  const results: DagResult[] = [];
  for (const workers of options.workers ?? [4, 8, 16]) {
    for (const dag of suite) results.push(await measureDag(dag, workers));
  }
  return results;
}

export const run: BenchModule = async () => {
  const results = await measureSuite();
  const workers = [...new Set(results.map((r) => r.workers))];
  const dags = new Set(results.map((r) => r.dag)).size;
  const header: BenchRow = { benchmark: 'makespan', case: 'suite: layered + windowed, 30-1000 tasks, exact + noisy', value: dags, unit: 'DAGs' };
  return [header, ...workers.flatMap((w) => rowsFor(w, results.filter((r) => r.workers === w)))];
};

/** With `--worst`, also lists the DAGs farthest from the bound, to see where the schedule loses time. */
async function main(): Promise<void> {
  if (!process.argv.includes('--worst')) {
    console.log(renderTable(await run()));
    return;
  }
  const results = await measureSuite();
  const worst = [...results].sort((a, b) => ratio(b, 'critical-path') - ratio(a, 'critical-path')).slice(0, 15);
  for (const r of worst) {
    const cells = POLICIES.map((p) => `${p} ${ratio(r, p).toFixed(3)}`).join('  ');
    console.log(`W=${String(r.workers).padEnd(2)} ${r.dag.padEnd(28)} ${cells}`);
  }
}

if (process.argv[1]?.endsWith('makespan.ts')) void main();
