import type { Assignment, Task, TaskGraph } from '../model';
import { CycleError, topologicalOrder } from '../plan/graphUtils';
import type { Router } from './router';

/**
 * Routes every task of a plan. Tasks are routed in dependency order and each assignment raises the
 * simulated load of its agent to n / (n + capacity), so a batch of similar tasks spreads over the agents
 * that fit instead of piling onto one. Assignments come back in the graph's task order. A graph with a
 * cycle is routed in document order (the planner reports the cycle itself).
 */
export function routeGraph(graph: TaskGraph, router: Router): Assignment[] {
  const capacity = new Map(router.agents.map((a) => [a.name, Math.max(1, a.maxConcurrency ?? 1)]));
  const assigned = new Map<string, number>();
  const load = new Map<string, number>();
  const byId = new Map(graph.tasks.map((t) => [t.id, t]));
  const result = new Map<string, Assignment>();
  for (const id of routingOrder(graph)) {
    const task = byId.get(id)!;
    const assignment = router.route(routable(task), load);
    result.set(id, assignment);
    const n = (assigned.get(assignment.agent) ?? 0) + 1;
    assigned.set(assignment.agent, n);
    load.set(assignment.agent, n / (n + (capacity.get(assignment.agent) ?? 1)));
  }
  return graph.tasks.map((t) => result.get(t.id)!);
}

function routingOrder(graph: TaskGraph): string[] {
  try {
    return topologicalOrder(graph);
  } catch (error) {
    if (error instanceof CycleError) return graph.tasks.map((t) => t.id);
    throw error;
  }
}

function routable(task: Task) {
  return { id: task.id, title: task.title, body: task.body, files: task.files, tags: task.tags, action: task.action };
}
