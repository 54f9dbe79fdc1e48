import { bottomLevels, criticalPath } from '../../orchestrator/index';
import type { AgentProfile, Assignment, Diagnostic, RunRecord, TaskGraph, TaskRecord } from '../../orchestrator/index';
import { createDashboardState } from '../../shared/dashboardState';
import type { DashboardState } from '../../shared/dashboardState';

/** The parts of a prepared plan the dashboard shows before any event. */
export interface PlanView {
  graph: TaskGraph;
  assignments?: readonly Assignment[];
  agents?: readonly AgentProfile[];
  diagnostics?: readonly Diagnostic[];
}

/** Which run the state follows, and how it runs. */
export interface RunIdentity {
  runId?: string;
  prpPath?: string;
  workers?: number;
}

/** The state of a planned run, with the critical path and bottom levels the engine computes. */
export function planState(plan: PlanView, identity: RunIdentity): DashboardState {
  const levels = safely(() => bottomLevels(plan.graph));
  return createDashboardState({
    graph: plan.graph,
    assignments: plan.assignments,
    agents: plan.agents,
    criticalPath: safely(() => criticalPath(plan.graph)),
    bottomLevels: levels,
    diagnostics: plan.diagnostics,
    ...identity,
  });
}

/** A graph with a cycle has no critical path; the dashboard still shows the tasks (the cycle is a diagnostic). */
function safely<T>(compute: () => T): T | undefined {
  try {
    return compute();
  } catch {
    return undefined;
  }
}

/**
 * A stand-in graph for a recorded run whose PRP cannot be planned again (moved, edited into a cycle): the
 * tasks the store recorded, without their text or dependencies, so the run's events still have somewhere
 * to land.
 */
export function recordedGraph(run: RunRecord, tasks: readonly TaskRecord[]): TaskGraph {
  return {
    title: run.title,
    tasks: tasks.map((t) => ({ id: t.taskId, title: t.taskId, body: '', files: [], tags: [], complexity: 1, estimateMs: Math.max(0, t.durationMs) })),
    dependencies: [],
  };
}
