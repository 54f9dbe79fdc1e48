import type { AgentWarning } from '../agents';
import type { RunResult } from '../engine';
import type { AgentProfile, AgentStats, Assignment, Diagnostic, Prp, RoutingWeights, RunEvent, RunnerSpec, RunRecipe, TaskGraph } from '../model';
import type { DurationSample } from '../plan/estimatesHistory';
import type { Router } from '../routing';
import type { AgentRunner } from '../runners/types';
import type { DurableStore, Store } from '../store';

/** What a plan is made from. Paths are absolute (relative ones are resolved against `workspaceDir`). */
export interface PlanRequest {
  /** The PRP file. */
  prpPath: string;
  /**
   * The workspace: agents work in it, and its `.claude/agents` (and its ancestors') are searched after the
   * PRP folder's own chain.
   */
  workspaceDir: string;
  /** Read agent definitions only from these folders (each must exist). Default: the `.claude/agents` search. */
  agentsDirs?: string[];
  /** The user's own agents; `null` leaves them out. Default `~/.claude/agents`, or none when `agentsDirs` is given. */
  userAgentsDir?: string | null;
  /** `document` also keeps the author's order. Default `dependencies`. */
  order?: 'dependencies' | 'document';
  /** The router's term weights; missing ones take the defaults (0.40/0.30/0.20/0.10). */
  routingWeights?: Partial<RoutingWeights>;
  /** Per-agent records for routing. Default: `store.agentStats()` when a store is given, else none. */
  history?: AgentStats[];
  /** Past task durations that refine the estimates. Default: read from `store` when given, else none. */
  durations?: DurationSample[];
  /** Where past runs are recorded; read for `history` and `durations` when those are not given. */
  store?: Store;
  /**
   * Plan only these tasks and everything they wait for (transitively), e.g. to run one task of a PRP.
   * Unknown ids are an error (SessionError `unknown-task`). Default: every task.
   */
  onlyTasks?: string[];
}

/** A PRP parsed, planned and routed; nothing has run. */
export interface PreparedPlan {
  prp: Prp;
  /** Its estimates refined by past durations, when there were any. */
  graph: TaskGraph;
  /** Parser and planner diagnostics together, without duplicates, by line. */
  diagnostics: Diagnostic[];
  agents: AgentProfile[];
  agentWarnings: AgentWarning[];
  router: Router;
  /** In the graph's task order. */
  assignments: Assignment[];
  /** The planner's own estimate of each task, before past durations refined it (what later runs learn from). */
  plannedEstimates: ReadonlyMap<string, number>;
}

/** A new run: the plan request, where it is recorded, who works, and the engine's limits. */
export interface OrchestrationOptions extends PlanRequest {
  /** The run's record, open as its writer. Every event is published here before anyone sees it. */
  store: DurableStore;
  /** Who does the work: a runner, or a built-in one as data (recorded, so resume can build it again). */
  runner: AgentRunner | RunnerSpec;
  /** Parallel slots, 1-50. Default 4. */
  workers?: number;
  /** Attempts per task on one agent before the next-best agent. Default 3. */
  maxAttempts?: number;
  /** Ends an attempt that runs longer. Default: no limit. */
  taskTimeoutMs?: number;
  /** The most the run may spend in US dollars. Default: no limit. */
  runBudgetUsd?: number;
  /** Tasks one agent may run at once. Default: `workers`. */
  maxConcurrencyPerAgent?: number;
  /** Default: `run-` with a time and a random part. */
  runId?: string;
  /** The front end's own settings, recorded for resume and handed back by `readRecipe`. Plain JSON. */
  recipe?: Record<string, unknown>;
  /** Builds each attempt's prompt. Default: the PRP-aware prompt (goal, context, validation) of `createPromptBuilder`. */
  prompt?: 'prp' | 'task';
}

/** Continues a recorded run; anything given here replaces what the run was started with. */
export interface ResumeOptions {
  store: DurableStore;
  runId: string;
  /** Default: the runner the run was started with, when it was given as a spec; required otherwise. */
  runner?: AgentRunner | RunnerSpec;
  /** Per-agent records for routing the tasks that run again. Default: `store.agentStats()`. */
  history?: AgentStats[];
  workers?: number;
  maxAttempts?: number;
  taskTimeoutMs?: number;
  runBudgetUsd?: number;
  maxConcurrencyPerAgent?: number;
  prompt?: 'prp' | 'task';
}

/** A run in progress, seen through its durable events. */
export interface Orchestration {
  readonly runId: string;
  readonly plan: PreparedPlan;
  /** How the run was started, as recorded for resume (the front end's own settings under `settings`). */
  readonly recipe: RunRecipe;
  /**
   * Adds an observer of the run's events from now on, each delivered only once it is recorded in the store,
   * in seq order, across every life of the run. A listener added as soon as `startOrchestration` or
   * `resumeOrchestration` resolves sees the first event (delivery waits for the disk). Returns a function
   * that removes it.
   */
  onEvent(listener: (event: RunEvent) => void): () => void;
  /** Stops the run: running attempts are ended, the rest cancelled. */
  cancel(reason?: string): void;
  /** Cancels one task (its dependents are blocked); the rest goes on. */
  cancelTask(taskId: string, reason?: string): void;
  /**
   * Runs a failed or cancelled task again (for a blocked one, what blocks it); false when that is not
   * possible (unknown task, or one that is pending, running or succeeded). Once the run has finished, the
   * retry resumes it under the same id: `done` is then the new life's outcome.
   */
  retryTask(taskId: string): boolean;
  /** The run's outcome once every event is recorded; rejects with SessionError `store-write` when recording failed. */
  readonly done: Promise<RunResult>;
}

export type SessionErrorReason =
  | 'unreadable-prp'
  | 'no-tasks'
  | 'unknown-task'
  | 'cycle'
  | 'bad-agents-dir'
  | 'unknown-run'
  | 'no-recipe'
  | 'already-succeeded'
  | 'run-active'
  | 'bad-runner'
  | 'read-only'
  | 'store-write';

/** Why the session cannot plan, start, resume or record a run; the message says what to do. */
export class SessionError extends Error {
  constructor(
    readonly reason: SessionErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'SessionError';
  }
}

export type { DurableStore, Store };
