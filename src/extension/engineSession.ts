/**
 * Everything the extension uses from the engine, in one module that is bundled on its own (dist/engine.js) and
 * loaded on first use by engineLoader.ts. Activation therefore never evaluates the engine, its libraries or
 * sql.js; only `import type` of this module is allowed elsewhere in src/extension.
 */
export {
  bottomLevels,
  createRunner,
  criticalPath,
  interruptedRuns,
  loadAgents,
  openStore,
  parsePrp,
  planPrp,
  preparePlan,
  readRecipe,
  resumeOrchestration,
  SessionError,
  startOrchestration,
  StoreLockedError,
} from '../orchestrator/index';
export type { Orchestration, OrchestrationOptions, PlanRequest, PreparedPlan, ResumeOptions } from '../orchestrator/index';
