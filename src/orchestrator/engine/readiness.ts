import type { TaskGraph, TaskStatus } from '../model';
import { adjacency } from '../plan/graphUtils';

/**
 * Readiness as a pure function of statuses: a pending task is ready when every task it depends on has
 * succeeded. The engine keeps a count of unfinished dependencies per task instead of calling this on every
 * change (same answer, O(1) per event); observers and tests can use this to check it.
 */
export function readyTaskIds(graph: Pick<TaskGraph, 'tasks' | 'dependencies'>, statuses: ReadonlyMap<string, TaskStatus>): string[] {
  const adj = adjacency(graph);
  const ready: string[] = [];
  adj.ids.forEach((id, i) => {
    const status = statuses.get(id) ?? 'pending';
    if (status !== 'pending' && status !== 'ready') return;
    if (adj.predecessors[i]!.every((p) => statuses.get(adj.ids[p]!) === 'succeeded')) ready.push(id);
  });
  return ready;
}

/**
 * The tasks that can never run because a task they depend on, directly or not, failed, was cancelled or is
 * blocked itself. Ids in graph order.
 */
export function blockedTaskIds(graph: Pick<TaskGraph, 'tasks' | 'dependencies'>, statuses: ReadonlyMap<string, TaskStatus>): string[] {
  const adj = adjacency(graph);
  const dead = (status: TaskStatus | undefined) => status === 'failed' || status === 'cancelled' || status === 'blocked';
  const blocked = new Uint8Array(adj.ids.length);
  const stack: number[] = [];
  adj.ids.forEach((id, i) => {
    if (dead(statuses.get(id))) stack.push(i);
  });
  while (stack.length > 0) {
    for (const s of adj.successors[stack.pop()!]!) {
      const status = statuses.get(adj.ids[s]!) ?? 'pending';
      if (blocked[s] || status === 'succeeded' || dead(status)) continue;
      blocked[s] = 1;
      stack.push(s);
    }
  }
  return adj.ids.filter((_, i) => blocked[i] === 1);
}
