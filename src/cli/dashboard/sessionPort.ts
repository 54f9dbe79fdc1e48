import path from 'node:path';
import { preparePlan, resumeOrchestration, startOrchestration } from '../../orchestrator/index';
import type { DurableStore, Orchestration, RunRecipe } from '../../orchestrator/index';
import type { CliIo } from '../io';
import { asCliError, cliErrors } from '../prepare';
import { runOptionsFromFlags } from '../run';
import type { RunFlagOptions, RunValues } from '../run';
import type { PlanView } from './initialState';

/*
 * The dashboard's one door to the session API: planning a recorded run's PRP again, starting a PRP, and
 * resuming a recorded run. Session errors come out as the CLI's one-line errors.
 */

/** Plans the PRP a run recorded, with the agents and order it ran with; never runs anything. */
export async function planRecipe(recipe: RunRecipe): Promise<PlanView> {
  return preparePlan({
    prpPath: recipe.prpPath,
    workspaceDir: recipe.workspaceDir,
    agentsDirs: recipe.agentsDirs,
    userAgentsDir: recipe.userAgentsDir,
    order: recipe.order,
    routingWeights: recipe.routingWeights,
  });
}

/** Checks the run flags given to `dashboard` (usage errors name the flag), before anything starts. */
export function runOptions(io: CliIo, values: RunValues): RunFlagOptions {
  return runOptionsFromFlags(io, values);
}

/** Everything `startOrchestration` needs from the dashboard's command line. */
export interface StartRequest {
  io: CliIo;
  prpFile: string;
  options: RunFlagOptions;
  store: DurableStore;
}

/** Starts running a PRP the way `prp-orchestrator run` would with the same flags. */
export function startPrp(request: StartRequest): Promise<Orchestration> {
  const { io } = request;
  const prpPath = path.resolve(io.cwd, request.prpFile);
  return cliErrors(() => startOrchestration({ ...request.options, prpPath, workspaceDir: io.cwd, store: request.store }));
}

/** Resumes a recorded run in this process, with the runner and options it recorded. */
export async function resumeRun(store: DurableStore, runId: string): Promise<Orchestration> {
  try {
    return await resumeOrchestration({ store, runId });
  } catch (error) {
    throw asCliError(error);
  }
}
