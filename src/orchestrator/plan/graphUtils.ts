import type { TaskGraph } from '../model';

/** The part of a graph that ordering questions need. */
export type GraphShape = Pick<TaskGraph, 'tasks' | 'dependencies'>;

/** Thrown when dependencies form a cycle; `path` lists task ids around it, first id repeated at the end. */
export class CycleError extends Error {
  readonly reason = 'cycle';
  constructor(
    readonly path: string[],
    titles: ReadonlyMap<string, string> = new Map(),
  ) {
    super(`Tasks depend on each other in a cycle: ${path.map((id) => describe(id, titles)).join(' → ')}. Remove one of these dependencies.`);
    this.name = 'CycleError';
  }
}

function describe(id: string, titles: ReadonlyMap<string, string>): string {
  const title = titles.get(id);
  return title ? `${id} "${title}"` : id;
}

/** Successor and predecessor lists by task index, ignoring edges that name unknown tasks. */
export interface Adjacency {
  ids: string[];
  index: Map<string, number>;
  successors: number[][];
  predecessors: number[][];
}

export function adjacency(graph: GraphShape): Adjacency {
  const ids = graph.tasks.map((t) => t.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const successors: number[][] = ids.map(() => []);
  const predecessors: number[][] = ids.map(() => []);
  // A numeric key (exact in a double for any graph that fits in memory) avoids building a string per edge.
  const seen = new Set<number>();
  const n = ids.length;
  for (const dep of graph.dependencies) {
    const from = index.get(dep.from);
    const to = index.get(dep.to);
    if (from === undefined || to === undefined || from === to) continue;
    const key = from * n + to;
    if (seen.has(key)) continue;
    seen.add(key);
    successors[from]!.push(to);
    predecessors[to]!.push(from);
  }
  return { ids, index, successors, predecessors };
}

/** Task ids in an order where every task comes after its prerequisites (Kahn's algorithm, first ready first). */
export function topologicalOrder(graph: GraphShape): string[] {
  const adj = adjacency(graph);
  const order = kahn(adj);
  if (order.length < adj.ids.length) {
    throw new CycleError(findCycle(graph) ?? [], titlesOf(graph));
  }
  return order.map((i) => adj.ids[i]!);
}

function kahn(adj: Adjacency): number[] {
  const indegree = adj.predecessors.map((p) => p.length);
  const queue: number[] = [];
  indegree.forEach((d, i) => {
    if (d === 0) queue.push(i);
  });
  const order: number[] = [];
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head]!;
    order.push(i);
    for (const s of adj.successors[i]!) {
      indegree[s]! -= 1;
      if (indegree[s] === 0) queue.push(s);
    }
  }
  return order;
}

/** The ids around one dependency cycle (first id repeated at the end), or undefined when there is none. */
export function findCycle(graph: GraphShape): string[] | undefined {
  const adj = adjacency(graph);
  // Iterative DFS with colours, so deep chains cannot overflow the stack.
  const colour = new Uint8Array(adj.ids.length); // 0 new, 1 on stack, 2 done
  const parent = new Int32Array(adj.ids.length).fill(-1);
  for (let root = 0; root < adj.ids.length; root++) {
    if (colour[root] !== 0) continue;
    const stack: Array<[number, number]> = [[root, 0]];
    colour[root] = 1;
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const [node, next] = frame;
      const succ = adj.successors[node]!;
      if (next >= succ.length) {
        colour[node] = 2;
        stack.pop();
        continue;
      }
      frame[1] = next + 1;
      const s = succ[next]!;
      if (colour[s] === 1) return cyclePath(adj.ids, parent, node, s);
      if (colour[s] === 0) {
        colour[s] = 1;
        parent[s] = node;
        stack.push([s, 0]);
      }
    }
  }
  return undefined;
}

function cyclePath(ids: string[], parent: Int32Array, from: number, to: number): string[] {
  const path = [from];
  for (let n = from; n !== to; ) {
    n = parent[n]!;
    path.push(n);
  }
  return [...path.reverse(), to].map((i) => ids[i]!);
}

function titlesOf(graph: GraphShape): Map<string, string> {
  return new Map(graph.tasks.map((t) => [t.id, t.title]));
}

/**
 * For each task, the longest estimated time from its start to the end of the graph, its own estimate
 * included (the "bottom level"). Scheduling the largest first is critical-path-first list scheduling.
 */
export function bottomLevels(graph: Pick<TaskGraph, 'dependencies'> & { tasks: ReadonlyArray<{ id: string; estimateMs: number }> }): Map<string, number> {
  const adj = adjacency(graph as GraphShape);
  const order = kahn(adj);
  if (order.length < adj.ids.length) throw new CycleError(findCycle(graph as GraphShape) ?? []);
  const level = new Float64Array(adj.ids.length);
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k]!;
    let best = 0;
    for (const s of adj.successors[i]!) if (level[s]! > best) best = level[s]!;
    level[i] = best + Math.max(0, graph.tasks[i]!.estimateMs);
  }
  return new Map(adj.ids.map((id, i) => [id, level[i]!]));
}

/** Task ids along one longest (by estimate) chain through the graph, first to last. */
export function criticalPath(graph: Pick<TaskGraph, 'dependencies'> & { tasks: ReadonlyArray<{ id: string; estimateMs: number }> }): string[] {
  if (graph.tasks.length === 0) return [];
  const levels = bottomLevels(graph);
  const adj = adjacency(graph as GraphShape);
  let current = adj.ids.reduce((best, id) => (levels.get(id)! > levels.get(best)! ? id : best), adj.ids[0]!);
  const path = [current];
  for (;;) {
    const succ = adj.successors[adj.index.get(current)!]!;
    if (succ.length === 0) return path;
    current = succ.map((s) => adj.ids[s]!).reduce((best, id) => (levels.get(id)! > levels.get(best)! ? id : best));
    path.push(current);
  }
}
