import type { AgentProfile, RunStatus, RunTotals, Task, TaskFailure, TaskStatus } from '../model';

/** One task's outcome in a RunResult. */
export interface TaskResult {
  taskId: string;
  status: TaskStatus;
  /** The agent of the last attempt. */
  agent?: string;
  /** Attempts made, on every agent; 0 for a task that never ran (or was already done). */
  attempts: number;
  summary?: string;
  filesChanged?: string[];
  failure?: TaskFailure;
  /** Summed over every attempt. */
  costUsd: number;
  /** Time spent in attempts, summed over every attempt (retry waits excluded). */
  durationMs: number;
}

export interface RunResult {
  runId: string;
  status: RunStatus;
  totals: RunTotals;
  /** In graph order. */
  tasks: TaskResult[];
  /** Agents the engine created for tasks no agent fitted; plain profiles a person can save to `.claude/agents/`. */
  spawnedAgents: AgentProfile[];
}

export type AbortCause = 'timeout' | 'cancel';

/**
 * The engine's mutable record of one task. All fields are set in the constructor so every instance has
 * the same shape (V8 keeps property access fast on 100k of them). Its three floating-point numbers live
 * in a Float64Array the run shares (`times`, three slots per task): as object fields each would take a
 * separate heap box, which the garbage collector copies along with every one of 100k records.
 */
export class TaskState {
  status: TaskStatus = 'pending';
  attempts = 0;
  attemptsOnAgent = 0;
  agent: string | undefined = undefined;
  /** The route, once assigned: the current agent at `candidateIndex`, fallbacks after it. */
  candidates: readonly string[] | undefined = undefined;
  candidateIndex = 0;
  /** Bumped per attempt, so a late result of an abandoned attempt is recognised and ignored. */
  token = 0;
  controller: AbortController | undefined = undefined;
  abortCause: AbortCause | undefined = undefined;
  cancelReason = '';
  /** The one timer a task can have at a time: its timeout, its abort grace, or its retry backoff. */
  timer: unknown = undefined;
  summary: string | undefined = undefined;
  filesChanged: string[] | undefined = undefined;
  /** The last attempt's failure: the reason on a retry, and the task's failure once it failed for good. */
  failure: TaskFailure | undefined = undefined;

  constructor(
    readonly index: number,
    readonly task: Task,
    private readonly times: Float64Array,
  ) {}

  get attemptStart(): number {
    return this.times[3 * this.index]!;
  }

  set attemptStart(value: number) {
    this.times[3 * this.index] = value;
  }

  get costUsd(): number {
    return this.times[3 * this.index + 1]!;
  }

  set costUsd(value: number) {
    this.times[3 * this.index + 1] = value;
  }

  get durationMs(): number {
    return this.times[3 * this.index + 2]!;
  }

  set durationMs(value: number) {
    this.times[3 * this.index + 2] = value;
  }

  toResult(): TaskResult {
    const result: TaskResult = { taskId: this.task.id, status: this.status, attempts: this.attempts, costUsd: this.costUsd, durationMs: this.durationMs };
    if (this.agent !== undefined) result.agent = this.agent;
    if (this.summary !== undefined) result.summary = this.summary;
    if (this.filesChanged !== undefined) result.filesChanged = this.filesChanged;
    if (this.status === 'failed' && this.failure !== undefined) result.failure = this.failure;
    return result;
  }
}

export function totalsOf(states: readonly TaskState[], durationMs: number): RunTotals {
  const totals: RunTotals = { tasks: states.length, succeeded: 0, failed: 0, cancelled: 0, blocked: 0, durationMs, costUsd: 0 };
  for (let i = 0; i < states.length; i++) {
    const state = states[i]!;
    totals.costUsd += state.costUsd;
    if (state.status === 'succeeded') totals.succeeded += 1;
    else if (state.status === 'failed') totals.failed += 1;
    else if (state.status === 'cancelled') totals.cancelled += 1;
    else if (state.status === 'blocked') totals.blocked += 1;
  }
  return totals;
}
