import type { TaskGraph } from '../model';
import { CycleError, findCycle } from '../plan/graphUtils';
import { IdIndex } from './idIndex';
import { EngineOptionsError } from './options';

/**
 * The graph as the scheduler walks it: task indexes and compressed (CSR) successor and predecessor lists in
 * typed arrays. Same meaning as graphUtils' `adjacency` (edges naming unknown tasks, self-edges and repeats
 * are ignored), built in O(tasks + edges) without a string per edge, which matters at 100k tasks.
 * Successors of task i are `succ[succStart[i] .. succStart[i + 1])`; predecessors likewise, in graph order.
 */
export interface GraphIndex {
  ids: string[];
  index: IdIndex;
  succStart: Int32Array;
  succ: Int32Array;
  predStart: Int32Array;
  pred: Int32Array;
}

export function indexGraph(graph: Pick<TaskGraph, 'tasks' | 'dependencies'>): GraphIndex {
  const n = graph.tasks.length;
  const ids = graph.tasks.map((t) => t.id);
  const index = new IdIndex(ids);
  for (let i = 0; i < n; i++) {
    if (index.add(i) >= 0) throw new EngineOptionsError('invalid-graph', `Task ids must be unique; "${ids[i]}" is used by more than one task.`);
  }
  const [from, to] = resolveEdges(graph.dependencies, index);
  const [succStart, succ] = compress(n, from, to);
  const [predStart, pred] = invert(n, succStart, succ);
  return { ids, index, succStart, succ, predStart, pred };
}

/**
 * Task indexes of each edge's ends, leaving out edges that name unknown tasks and self-edges. Planners list
 * a task's dependencies together, so an end that is the very same string as the previous edge's reuses its
 * index instead of another lookup in a map of 100k ids.
 */
function resolveEdges(dependencies: TaskGraph['dependencies'], index: IdIndex): [Int32Array, Int32Array] {
  const from = new Int32Array(dependencies.length);
  const to = new Int32Array(dependencies.length);
  let m = 0;
  let lastFrom = '';
  let lastTo = '';
  let f = -1;
  let t = -1;
  for (let d = 0; d < dependencies.length; d++) {
    const dep = dependencies[d]!;
    if (dep.from !== lastFrom || d === 0) f = index.get((lastFrom = dep.from));
    if (dep.to !== lastTo || d === 0) t = index.get((lastTo = dep.to));
    if (f < 0 || t < 0 || f === t) continue;
    from[m] = f;
    to[m++] = t;
  }
  return [from.subarray(0, m), to.subarray(0, m)];
}

/** CSR lists from an edge list, keeping each (from, to) pair once and edges in their given order. */
function compress(n: number, from: Int32Array, to: Int32Array): [Int32Array, Int32Array] {
  const start = new Int32Array(n + 1);
  for (let e = 0; e < from.length; e++) start[from[e]! + 1]! += 1;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const raw = new Int32Array(from.length);
  const fill = start.slice(0, n);
  for (let e = 0; e < from.length; e++) raw[fill[from[e]!]!++] = to[e]!;
  // Drop repeated edges: `seen[t] === i + 1` marks t as already a successor of i.
  const seen = new Int32Array(n);
  const outStart = new Int32Array(n + 1);
  const out = new Int32Array(from.length);
  let k = 0;
  for (let i = 0; i < n; i++) {
    outStart[i] = k;
    for (let e = start[i]!; e < start[i + 1]!; e++) {
      const t = raw[e]!;
      if (seen[t] === i + 1) continue;
      seen[t] = i + 1;
      out[k++] = t;
    }
  }
  outStart[n] = k;
  return [outStart, out.subarray(0, k)];
}

/** Predecessor lists from successor lists; walking sources in order keeps each list in graph order. */
function invert(n: number, succStart: Int32Array, succ: Int32Array): [Int32Array, Int32Array] {
  const start = new Int32Array(n + 1);
  for (let e = 0; e < succ.length; e++) start[succ[e]! + 1]! += 1;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const pred = new Int32Array(succ.length);
  const fill = start.slice(0, n);
  for (let i = 0; i < n; i++) for (let e = succStart[i]!; e < succStart[i + 1]!; e++) pred[fill[succ[e]!]!++] = i;
  return [start, pred];
}

/**
 * Bottom level of every task (its estimate plus the longest chain of estimates after it), the key of
 * critical-path-first scheduling; the same numbers as graphUtils' `bottomLevels`. Throws CycleError
 * naming the cycle when there is one.
 */
export function bottomLevelsOf(graph: Pick<TaskGraph, 'tasks' | 'dependencies'>, g: GraphIndex): Float64Array {
  const order = topological(g);
  if (order.length < g.ids.length) throw cycleError(graph);
  // Estimates read in graph order first: one sequential pass over the task objects, not one jump per task
  // in topological order (at 100k tasks those cache misses cost more than the rest of this function).
  const level = new Float64Array(g.ids.length);
  for (let i = 0; i < level.length; i++) level[i] = Math.max(0, graph.tasks[i]!.estimateMs || 0);
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k]!;
    let best = 0;
    for (let e = g.succStart[i]!; e < g.succStart[i + 1]!; e++) if (level[g.succ[e]!]! > best) best = level[g.succ[e]!]!;
    level[i] = best + level[i]!;
  }
  return level;
}

/** Throws CycleError when the graph has a cycle. */
export function assertAcyclic(graph: Pick<TaskGraph, 'tasks' | 'dependencies'>, g: GraphIndex): void {
  if (topological(g).length < g.ids.length) throw cycleError(graph);
}

/** Kahn's algorithm; fewer than n indexes back means a cycle. */
function topological(g: GraphIndex): Int32Array {
  const n = g.ids.length;
  const indegree = new Int32Array(n);
  for (let i = 0; i < n; i++) indegree[i] = g.predStart[i + 1]! - g.predStart[i]!;
  const queue = new Int32Array(n);
  let tail = 0;
  for (let i = 0; i < n; i++) if (indegree[i] === 0) queue[tail++] = i;
  for (let head = 0; head < tail; head++) {
    const i = queue[head]!;
    for (let e = g.succStart[i]!; e < g.succStart[i + 1]!; e++) if (--indegree[g.succ[e]!]! === 0) queue[tail++] = g.succ[e]!;
  }
  return queue.subarray(0, tail);
}

function cycleError(graph: Pick<TaskGraph, 'tasks' | 'dependencies'>): CycleError {
  return new CycleError(findCycle(graph) ?? [], new Map(graph.tasks.map((t) => [t.id, t.title])));
}
