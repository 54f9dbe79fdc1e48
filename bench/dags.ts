/**
 * Seeded random task graphs for the scheduling benchmarks and property tests.
 *
 * Every generator is a pure function of its options and seed, so a table row or a failing property can be
 * reproduced exactly. Each task carries the planner's view of its length (`estimateMs`, what the scheduler
 * sees) and the bench keeps the length it will really take (`actualMs`, what the simulated runner uses and
 * what the lower bound is computed from). In the exact variant the two are equal.
 */
import type { Dependency, Task, TaskGraph } from '../src/orchestrator/model';
import { adjacency, topologicalOrder } from '../src/orchestrator/plan/graphUtils';

/** A small, fast 32-bit PRNG (mulberry32); returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box-Muller); `1 - random()` keeps the logarithm away from zero. */
export function normal(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A log-normal draw with the given median and log-space standard deviation, rounded to whole ms (≥ 1). */
export function logNormalMs(random: () => number, medianMs: number, sigma: number): number {
  return Math.max(1, Math.round(medianMs * Math.exp(sigma * normal(random))));
}

export type DagShape = 'layered' | 'windowed';

/** How task lengths are drawn. */
export interface DurationOptions {
  /** Median estimated length of a task. Default 120 000 ms (two minutes). */
  medianMs?: number;
  /** Log-space spread of estimates. Default 0.8. */
  sigma?: number;
  /**
   * Log-space spread of actual ÷ estimate. Default 0: the scheduler's estimates are exact. A value above 0
   * gives the "noisy estimates" variant: actual = estimate × a log-normal factor with median 1.
   */
  noiseSigma?: number;
}

export interface LayeredOptions extends DurationOptions {
  tasks: number;
  /** Number of layers. Default round(√tasks). */
  layers?: number;
  /** Probability that a task depends on a given task of an earlier layer, beyond its one guaranteed parent. Default 0.05. */
  density?: number;
  seed: number;
}

export interface WindowedOptions extends DurationOptions {
  tasks: number;
  /** A task may depend only on the `window` tasks just before it. Default 20. */
  window?: number;
  /** Most prerequisites a task draws (uniformly 0..maxDeps, never more than the window holds). Default 3. */
  maxDeps?: number;
  seed: number;
}

/** A generated graph together with the durations the simulated runner will really take. */
export interface BenchDag {
  /** Readable and unique within a suite, e.g. `layered-300-s2-noisy`. */
  name: string;
  shape: DagShape;
  noisy: boolean;
  graph: TaskGraph;
  /** Actual duration of each task by id. */
  actualMs: Map<string, number>;
}

function makeTask(i: number, estimateMs: number): Task {
  return { id: `t${i}`, title: `Task ${i}`, body: '', files: [], tags: [], complexity: 1, estimateMs };
}

/** Draws estimate and actual for `count` tasks, in order, from `random`. */
function drawDurations(random: () => number, count: number, options: DurationOptions): { estimates: number[]; actuals: number[] } {
  const medianMs = options.medianMs ?? 120_000;
  const sigma = options.sigma ?? 0.8;
  const noiseSigma = options.noiseSigma ?? 0;
  const estimates: number[] = [];
  const actuals: number[] = [];
  // Estimates first, noise after: the exact and noisy variants of one seed share graph and estimates.
  for (let i = 0; i < count; i++) estimates.push(logNormalMs(random, medianMs, sigma));
  for (const estimate of estimates) actuals.push(noiseSigma > 0 ? logNormalMs(random, estimate, noiseSigma) : estimate);
  return { estimates, actuals };
}

function assemble(name: string, shape: DagShape, options: DurationOptions, random: () => number, edges: Array<[number, number]>, count: number): BenchDag {
  const { estimates, actuals } = drawDurations(random, count, options);
  const tasks = estimates.map((e, i) => makeTask(i, e));
  const dependencies: Dependency[] = edges.map(([from, to]) => ({ from: `t${from}`, to: `t${to}`, reason: 'explicit' }));
  const actualMs = new Map(tasks.map((t, i) => [t.id, actuals[i]!]));
  return { name, shape, noisy: (options.noiseSigma ?? 0) > 0, graph: { title: name, tasks, dependencies }, actualMs };
}

/** Splits `tasks` into `layers` non-empty layers of random widths; returns the first index of each layer plus the end. */
function layerBounds(random: () => number, tasks: number, layers: number): number[] {
  const cuts = new Set<number>();
  while (cuts.size < layers - 1) cuts.add(1 + Math.floor(random() * (tasks - 1)));
  return [0, ...[...cuts].sort((a, b) => a - b), tasks];
}

/**
 * L layers of random widths. Every task after the first layer has one parent in the layer just before it
 * (so its depth is its layer) and depends on each task of any earlier layer with probability `density`.
 */
export function layeredDag(options: LayeredOptions): BenchDag {
  const random = mulberry32(options.seed);
  const n = options.tasks;
  const layers = Math.max(1, Math.min(n, options.layers ?? Math.round(Math.sqrt(n))));
  const density = options.density ?? 0.05;
  const bounds = layerBounds(random, n, layers);
  const edges: Array<[number, number]> = [];
  for (let l = 1; l < layers; l++) {
    const [prevStart, start, end] = [bounds[l - 1]!, bounds[l]!, bounds[l + 1]!];
    for (let to = start; to < end; to++) {
      const parent = prevStart + Math.floor(random() * (start - prevStart));
      edges.push([parent, to]);
      for (let from = 0; from < start; from++) {
        if (from !== parent && random() < density) edges.push([from, to]);
      }
    }
  }
  const noisy = (options.noiseSigma ?? 0) > 0;
  return assemble(`layered-${n}-s${options.seed}${noisy ? '-noisy' : ''}`, 'layered', options, random, edges, n);
}

/** Each task depends on 0..maxDeps distinct random tasks among the `window` tasks just before it. */
export function windowedDag(options: WindowedOptions): BenchDag {
  const random = mulberry32(options.seed);
  const n = options.tasks;
  const window = Math.max(1, options.window ?? 20);
  const maxDeps = options.maxDeps ?? 3;
  const edges: Array<[number, number]> = [];
  for (let to = 1; to < n; to++) {
    const available = Math.min(window, to);
    const want = Math.min(available, Math.floor(random() * (maxDeps + 1)));
    const chosen = new Set<number>();
    while (chosen.size < want) chosen.add(to - 1 - Math.floor(random() * available));
    for (const from of chosen) edges.push([from, to]);
  }
  const noisy = (options.noiseSigma ?? 0) > 0;
  return assemble(`windowed-${n}-s${options.seed}${noisy ? '-noisy' : ''}`, 'windowed', options, random, edges, n);
}

/** Longest chain through the graph measured by the given durations. */
export function criticalPathLength(graph: TaskGraph, durationMs: (task: Task) => number): number {
  const adj = adjacency(graph);
  const finish = new Float64Array(adj.ids.length);
  let longest = 0;
  for (const id of topologicalOrder(graph)) {
    const i = adj.index.get(id)!;
    let start = 0;
    for (const p of adj.predecessors[i]!) if (finish[p]! > start) start = finish[p]!;
    finish[i] = start + durationMs(graph.tasks[i]!);
    if (finish[i]! > longest) longest = finish[i]!;
  }
  return longest;
}

/**
 * No schedule on `workers` slots can finish sooner than max(critical path, total work ÷ workers), both by
 * ACTUAL durations: the chain must run end to end, and the slots cannot do more than W units of work per unit.
 */
export function lowerBound(dag: BenchDag, workers: number): number {
  const actual = (task: Task) => dag.actualMs.get(task.id)!;
  let work = 0;
  for (const task of dag.graph.tasks) work += actual(task);
  return Math.max(criticalPathLength(dag.graph, actual), work / workers);
}

/** Tasks grouped by depth: the number of edges on the longest chain from any source to the task. */
export function depthLayers(graph: TaskGraph): Task[][] {
  const adj = adjacency(graph);
  const depth = new Int32Array(adj.ids.length);
  const layers: Task[][] = [];
  for (const id of topologicalOrder(graph)) {
    const i = adj.index.get(id)!;
    for (const p of adj.predecessors[i]!) if (depth[p]! + 1 > depth[i]!) depth[i] = depth[p]! + 1;
  }
  graph.tasks.forEach((task, i) => (layers[depth[i]!] ??= []).push(task));
  return layers;
}

/**
 * Options of the standard makespan suite. The defaults give 2 shapes × 4 sizes × 3 widths × exact/noisy
 * = 48 DAGs.
 */
export interface SuiteOptions {
  /** Default [30, 100, 300, 1000]. */
  sizes?: number[];
  /**
   * How wide the graphs are, one DAG per shape and size for each factor f: layered graphs get round(√n / f)
   * layers (at least 2), windowed ones a window of 10·f² tasks. Default [1, 2, 4]: from chain-bound graphs,
   * where any critical-path-first order is optimal, to wide ones where the W slots are the bottleneck.
   */
  widths?: number[];
  /** Log-space spread of actual ÷ estimate in the noisy half. Default 0.5. */
  noiseSigma?: number;
}

export function makespanSuite(options: SuiteOptions = {}): BenchDag[] {
  const sizes = options.sizes ?? [30, 100, 300, 1000];
  const widths = options.widths ?? [1, 2, 4];
  const suite: BenchDag[] = [];
  for (const noiseSigma of [0, options.noiseSigma ?? 0.5]) {
    for (const tasks of sizes) {
      widths.forEach((f, k) => {
        // Distinct seeds per shape, size and width; the noisy copy reuses them, so it has the same graph and estimates.
        const layers = Math.max(2, Math.round(Math.sqrt(tasks) / f));
        suite.push(layeredDag({ tasks, layers, seed: (k + 1) * 7919 + tasks, noiseSigma }));
        suite.push(windowedDag({ tasks, window: Math.round(10 * f * f), seed: (k + 1) * 104729 + tasks, noiseSigma }));
      });
    }
  }
  return suite;
}
