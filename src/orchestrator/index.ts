/**
 * The one entry point that front ends (CLI, extension) import. Everything public about the engine is
 * re-exported here; nothing outside src/orchestrator reaches into its folders.
 */
export * from './model';
export type { AgentRunner, RunRequest, RunnerProgress, RunnerResult } from './runners/types';
export { CycleError, findCycle, topologicalOrder, bottomLevels, criticalPath } from './plan/graphUtils';
export * from './agents';
export * from './plan';
export * from './routing';
export * from './engine';
export * from './runners';
export * from './prp';
export * from './prompt';
export * from './store';
export * from './session';
export { refineEstimates, estimateFactor, summarizeDurations, PRIOR_SAMPLES, MAX_FACTOR } from './plan/estimatesHistory';
export type { DurationSample, DurationStats } from './plan/estimatesHistory';
