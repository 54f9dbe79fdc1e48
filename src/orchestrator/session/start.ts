import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { EngineOptions } from '../engine';
import { systemClock } from '../engine';
import type { RunEvent, RunRecipe, TaskGraph } from '../model';
import { createPromptBuilder } from '../prompt';
import type { DurableStore, RunRecord, Store } from '../store';
import type { AgentRunner } from '../runners/types';
import { recipeOf } from './history';
import { runnerOf } from './runners';
import { isActive, RunOrchestration } from './orchestration';
import { cycleDiagnostic, preparePlan } from './preparePlan';
import { readTrail } from './trail';
import { SessionError, type Orchestration, type OrchestrationOptions, type PreparedPlan, type ResumeOptions } from './types';

/** A fresh run id: the time (so ids sort roughly by start) and a random part. */
export function newRunId(): string {
  return `run-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

function assertWriter(store: DurableStore): void {
  if (store.readOnly) {
    throw new SessionError('read-only', 'The run database is open read-only because another window or process writes it; run from there, or close it first.');
  }
}

/**
 * Plans the PRP (history from the store), records how the run was started on its first event, and starts
 * it. Resolves once it is running. Throws SessionError (`read-only`, `cycle`, `run-active`, or what
 * preparePlan throws).
 */
export async function startOrchestration(options: OrchestrationOptions): Promise<Orchestration> {
  const { store } = options;
  assertWriter(store);
  const plan = await preparePlan({ ...options, store });
  assertAcyclic(plan);
  const runId = options.runId ?? newRunId();
  if (isActive(store, runId) || store.getRun(runId) !== undefined) {
    throw new SessionError('run-active', `A run with the id ${runId} is already recorded; resume it, or start a new run without giving an id.`);
  }
  const runner = runnerOf(options.runner);
  const recipe = recipeFor(options, plan, runner);
  const decorate = (event: RunEvent): RunEvent => ({ ...event, recipe }) as RunEvent;
  return new RunOrchestration({ runId, plan, store, engine: engineOptions({ ...options, runner }, plan, recipe) }, { firstSeq: 1, decorate }, recipe);
}

/**
 * Continues a recorded run as it was started (the recipe on its first event): the same PRP, re-planned,
 * with the estimates it ran with; succeeded tasks never run again; seq continues; an attempt that was cut
 * off in a Claude session resumes that session. Options given here replace the recorded ones.
 */
export async function resumeOrchestration(options: ResumeOptions): Promise<Orchestration> {
  const { store, runId } = options;
  assertWriter(store);
  if (isActive(store, runId)) throw new SessionError('run-active', `Run ${runId} is running in this process already.`);
  if (store.getRun(runId) === undefined) throw new SessionError('unknown-run', `No run ${runId} is recorded in this database; list the recorded runs to find its id.`);
  const trail = readTrail(store.events(runId));
  const recipe = trail.recipe;
  if (recipe === undefined) throw new SessionError('no-recipe', `Run ${runId} was not started through the session API, so how to start it again is not recorded; start a new run.`);
  if (trail.finished === 'succeeded') throw new SessionError('already-succeeded', `Run ${runId} already succeeded; there is nothing left to run.`);
  const given = options.runner ?? recipe.runnerSpec;
  if (given === undefined) throw new SessionError('bad-runner', `Run ${runId} was started with a runner of its own (${recipe.runner}); pass the runner to resume it with.`);
  const runner = runnerOf(given);
  // The run keeps the estimates it was started with, so past durations need not be read.
  const prepared = await preparePlan({ ...recipe, store, history: options.history, durations: [] });
  assertAcyclic(prepared);
  const plan: PreparedPlan = { ...prepared, graph: withRecordedEstimates(prepared.graph, recipe) };
  const overrides = { workers: options.workers, maxAttempts: options.maxAttempts, taskTimeoutMs: options.taskTimeoutMs, runBudgetUsd: options.runBudgetUsd, maxConcurrencyPerAgent: options.maxConcurrencyPerAgent };
  const merged: RunRecipe = { ...recipe, ...definedOnly(overrides) };
  const setup = { runId, plan, store, engine: engineOptions({ ...merged, runner, prompt: options.prompt }, plan, merged) };
  return new RunOrchestration(setup, { firstSeq: trail.lastSeq + 1, completed: trail.completed, interrupted: trail.interrupted }, recipe);
}

/** The recipe a run was started with, or undefined when the session did not start it. */
export function readRecipe(store: Pick<Store, 'events'>, runId: string): RunRecipe | undefined {
  return recipeOf(store, runId);
}

/**
 * Recorded runs whose last life did not finish and that no orchestration of this process drives (nor
 * `exclude` names), newest first: candidates for "Resume run?". Empty for a store open read-only, whose
 * writer may still be running them. Their status reads 'running' (a run that finished once and then
 * stopped in a later life included).
 */
export function interruptedRuns(store: Store, exclude?: ReadonlySet<string>): RunRecord[] {
  if ((store as Partial<DurableStore>).readOnly === true) return [];
  const interrupted: RunRecord[] = [];
  for (const run of store.listRuns()) {
    if (isActive(store, run.runId) || exclude?.has(run.runId) === true) continue;
    const last = store.events(run.runId, Math.max(0, run.lastSeq - 1)).at(-1);
    if (last !== undefined && last.type !== 'run.finished') interrupted.push({ ...run, status: 'running' });
  }
  return interrupted;
}

/** A plan whose dependencies loop cannot run; the PRP (maybe edited since the run started) must be fixed. */
function assertAcyclic(plan: PreparedPlan): void {
  const cycle = cycleDiagnostic(plan);
  if (cycle) throw new SessionError('cycle', `${plan.prp.source.path ?? 'the PRP'}:${cycle.line}: ${cycle.message}`);
}

function recipeFor(options: OrchestrationOptions, plan: PreparedPlan, runner: AgentRunner): RunRecipe {
  const recipe: RunRecipe = {
    prpPath: plan.prp.source.path ?? options.prpPath,
    workspaceDir: path.resolve(options.workspaceDir),
    runner: runner.name,
    tasks: plan.graph.tasks.map((t) => ({ id: t.id, estimateMs: t.estimateMs, plannedMs: plan.plannedEstimates.get(t.id) ?? t.estimateMs, tags: t.tags })),
  };
  const optional = {
    agentsDirs: options.agentsDirs,
    userAgentsDir: options.userAgentsDir,
    order: options.order,
    onlyTasks: options.onlyTasks,
    routingWeights: options.routingWeights,
    runnerSpec: 'run' in options.runner ? undefined : options.runner,
    workers: options.workers,
    maxAttempts: options.maxAttempts,
    taskTimeoutMs: options.taskTimeoutMs,
    runBudgetUsd: options.runBudgetUsd,
    maxConcurrencyPerAgent: options.maxConcurrencyPerAgent,
    settings: options.recipe,
  };
  return { ...recipe, ...definedOnly(optional) };
}

type EngineLimits = Pick<OrchestrationOptions, 'workers' | 'maxAttempts' | 'taskTimeoutMs' | 'runBudgetUsd' | 'maxConcurrencyPerAgent' | 'prompt'> & { runner: AgentRunner };

function engineOptions(limits: EngineLimits, plan: PreparedPlan, recipe: RunRecipe): RunSetupEngine {
  return {
    runner: limits.runner,
    agents: plan.agents,
    router: plan.router,
    workers: limits.workers,
    maxAttempts: limits.maxAttempts,
    taskTimeoutMs: limits.taskTimeoutMs,
    runBudgetUsd: limits.runBudgetUsd,
    maxConcurrencyPerAgent: limits.maxConcurrencyPerAgent,
    clock: systemClock,
    cwd: recipe.workspaceDir,
    // A real agent needs the PRP's goal, context and validation commands, not only the task's own text.
    buildPrompt: limits.prompt === 'task' ? undefined : createPromptBuilder(plan.prp),
  };
}

type RunSetupEngine = Omit<EngineOptions, 'runId' | 'firstSeq' | 'completed' | 'ended' | 'interrupted'>;

/** The run keeps the estimates its first life ran with (history may have moved since). */
function withRecordedEstimates(graph: TaskGraph, recipe: RunRecipe): TaskGraph {
  if (recipe.tasks === undefined) return graph;
  const recorded = new Map(recipe.tasks.map((t) => [t.id, t.estimateMs]));
  return { ...graph, tasks: graph.tasks.map((t) => ({ ...t, estimateMs: recorded.get(t.id) ?? t.estimateMs })) };
}

/** The keys whose value is not undefined, so a spread does not overwrite recorded values with nothing. */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
