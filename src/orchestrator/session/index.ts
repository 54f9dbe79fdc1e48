/**
 * The session API: how front ends (CLI, extension, dashboard) plan, start, follow, retry and resume runs.
 * It owns the path from a PRP file to a recorded run: every event a front end sees is in the store first.
 */
export { preparePlan, cycleDiagnostic, describeFsError } from './preparePlan';
export { startOrchestration, resumeOrchestration, readRecipe, interruptedRuns, newRunId } from './start';
export { readDurationSamples, HISTORY_RUNS } from './history';
export { createRunner, DEFAULT_SIMULATED_SPEED } from './runners';
export { readTrail, type RunTrail } from './trail';
export { SessionError, type SessionErrorReason, type Orchestration, type OrchestrationOptions, type PlanRequest, type PreparedPlan, type ResumeOptions } from './types';
