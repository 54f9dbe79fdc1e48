import { applyRunEvents, createDashboardState } from '../shared/dashboardState';
import type { DashboardState } from '../shared/dashboardState';
import type { RunEvent, TaskGraph } from '../orchestrator/model';
import type { RunDetail } from '../orchestrator/index';

/**
 * The state of a recorded run whose PRP cannot be planned again (moved, deleted, or changed so its tasks no
 * longer match): a graph made of the recorded tasks alone, titled by their ids, then the recorded events.
 */
export function stateFromRecords(detail: RunDetail, events: readonly RunEvent[], prpPath?: string): DashboardState {
  const graph: TaskGraph = {
    title: detail.run.title,
    tasks: detail.tasks.map((t) => ({ id: t.taskId, title: t.taskId, body: '', files: [], tags: [], complexity: 1, estimateMs: 0 })),
    dependencies: [],
  };
  const state = createDashboardState({ graph, runId: detail.run.runId, prpPath, workers: detail.run.workers });
  return applyRunEvents(state, events);
}

/** True when the planned graph still holds every task the run recorded, so its titles can be trusted. */
export function graphMatchesRecords(graph: TaskGraph, detail: RunDetail): boolean {
  const ids = new Set(graph.tasks.map((t) => t.id));
  return detail.tasks.every((t) => ids.has(t.taskId));
}
