import { CycleError, criticalPath, topologicalOrder } from '../orchestrator/index';
import type { TaskGraph } from '../orchestrator/index';

/**
 * Groups task ids into waves: every task of a wave can start once the previous waves are done, so the
 * size of a wave is how much work may run at the same time. Undefined when the graph has a cycle.
 */
export function computeWaves(graph: TaskGraph): string[][] | undefined {
  let order: string[];
  try {
    order = topologicalOrder(graph);
  } catch (error) {
    if (error instanceof CycleError) return undefined;
    throw error;
  }
  const prerequisites = prerequisitesOf(graph);
  const depth = new Map<string, number>();
  for (const id of order) {
    const before = prerequisites.get(id) ?? [];
    depth.set(id, before.reduce((max, p) => Math.max(max, (depth.get(p) ?? 0) + 1), 0));
  }
  const waves: string[][] = [];
  // Walk the graph's own task order so ids inside a wave read in document order.
  for (const task of graph.tasks) {
    const d = depth.get(task.id) ?? 0;
    (waves[d] ??= []).push(task.id);
  }
  return waves;
}

/** Ids of the tasks each task waits for, without duplicates, keyed by task id. */
export function prerequisitesOf(graph: TaskGraph): Map<string, string[]> {
  const known = new Set(graph.tasks.map((t) => t.id));
  const result = new Map<string, string[]>();
  for (const dep of graph.dependencies) {
    if (!known.has(dep.from) || !known.has(dep.to) || dep.from === dep.to) continue;
    const list = result.get(dep.to) ?? [];
    if (!list.includes(dep.from)) list.push(dep.from);
    result.set(dep.to, list);
  }
  return result;
}

/** The longest chain by estimate and its total, or undefined when the graph has a cycle. */
export function longestChain(graph: TaskGraph): { ids: string[]; estimateMs: number } | undefined {
  try {
    const ids = criticalPath(graph);
    const estimate = new Map(graph.tasks.map((t) => [t.id, t.estimateMs]));
    return { ids, estimateMs: ids.reduce((sum, id) => sum + (estimate.get(id) ?? 0), 0) };
  } catch (error) {
    if (error instanceof CycleError) return undefined;
    throw error;
  }
}
