import { createDashboardState } from '../shared/dashboardState';
import type { DashboardState } from '../shared/dashboardState';
import type { EngineModule } from './engineLoader';
import type { PreparedPlan } from './engineSession';

/** The state of a planned run before its first event, with the engine's critical path and bottom levels. */
export function plannedState(engine: EngineModule, plan: PreparedPlan, prpPath: string, workers: number, runId?: string): DashboardState {
  return createDashboardState({
    graph: plan.graph,
    assignments: plan.assignments,
    agents: plan.agents,
    criticalPath: engine.criticalPath(plan.graph),
    bottomLevels: engine.bottomLevels(plan.graph),
    runId,
    prpPath,
    workers,
    diagnostics: plan.diagnostics,
  });
}
