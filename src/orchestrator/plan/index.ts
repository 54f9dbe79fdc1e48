/** Prp → TaskGraph: dependencies (explicit and inferred), tags and estimates. */
export { planPrp, buildTaskGraph, toTask } from './planner';
export type { PlanOptions, PlanResult } from './planner';
export { tagTask, TAG_RULES } from './tags';
export type { TagInput, TagKind, TagRule } from './tags';
export { estimateTask, estimateBreakdown, MINUTES_BY_COMPLEXITY } from './estimate';
export type { Estimate, EstimateBreakdown, EstimateInput } from './estimate';
export { CycleError, adjacency, bottomLevels, criticalPath, findCycle, topologicalOrder } from './graphUtils';
export type { Adjacency, GraphShape } from './graphUtils';
