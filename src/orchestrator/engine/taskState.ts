import type { AgentProfile, RunStatus, RunTotals, Task, TaskFailure, TaskStatus } from '../model';
import type { AgentSlot } from './agentPool';

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
  /** Why the run stopped early, when it did for a reason of its own (its budget was reached). */
  reason?: string;
}

export type AbortCause = 'timeout' | 'cancel';

/**
 * The engine's mutable record of one task. Its three floating-point numbers live in TaskTimes, shared by
 * the run: as object fields each would take a separate heap box, which the garbage collector copies along
 * with every one of 100k records.
 */
export interface TaskState {
  status: TaskStatus;
  /** Attempts made, on every agent. Also the current attempt's token: a late result of an earlier one is ignored. */
  attempts: number;
  attemptsOnAgent: number;
  /** The agent of the current (or last) attempt. */
  slot: AgentSlot | undefined;
  /** The route, once assigned: the current agent at `candidateIndex`, fallbacks after it. */
  candidates: readonly string[] | undefined;
  candidateIndex: number;
  controller: AbortController | undefined;
  abortCause: AbortCause | undefined;
  cancelReason: string;
  /** The one timer a task can have at a time: its timeout, its abort grace, or its retry backoff. */
  timer: unknown;
  summary: string | undefined;
  filesChanged: string[] | undefined;
  /** The last attempt's failure: the reason on a retry, and the task's failure once it failed for good. */
  failure: TaskFailure | undefined;
  readonly index: number;
  /** `task.id`, kept here because every event names it and the task object is rarely in cache. */
  readonly id: string;
  readonly task: Task;
}

/**
 * A new, pending task record. An object literal with every field, not a class instance: V8 tracks where
 * literals are allocated, sees that nearly every TaskState lives until the run ends, and then allocates
 * them straight in the old generation (pretenuring), which spares the young-generation collector two
 * copies of each of 100k records. One shape for all, so property access stays monomorphic.
 */
export function newTaskState(index: number, id: string, task: Task): TaskState {
  return {
    status: 'pending',
    attempts: 0,
    attemptsOnAgent: 0,
    slot: undefined,
    candidates: undefined,
    candidateIndex: 0,
    controller: undefined,
    abortCause: undefined,
    cancelReason: '',
    timer: undefined,
    summary: undefined,
    filesChanged: undefined,
    failure: undefined,
    index,
    id,
    task,
  };
}

/** Attempt start, cost and duration of every task, three slots each in one Float64Array (no boxes). */
export class TaskTimes {
  private readonly slots: Float64Array;

  constructor(tasks: number) {
    this.slots = new Float64Array(3 * tasks);
  }

  attemptStart(state: TaskState): number {
    return this.slots[3 * state.index]!;
  }

  setAttemptStart(state: TaskState, time: number): void {
    this.slots[3 * state.index] = time;
  }

  costUsd(state: TaskState): number {
    return this.slots[3 * state.index + 1]!;
  }

  addCost(state: TaskState, usd: number): void {
    const k = 3 * state.index + 1;
    this.slots[k] = this.slots[k]! + usd;
  }

  durationMs(state: TaskState): number {
    return this.slots[3 * state.index + 2]!;
  }

  addDuration(state: TaskState, ms: number): void {
    const k = 3 * state.index + 2;
    this.slots[k] = this.slots[k]! + ms;
  }
}

/** One task's entry in the RunResult. */
export function taskResult(state: TaskState, times: TaskTimes): TaskResult {
  const { status, summary, filesChanged } = state;
  const agent = state.slot?.name;
  const costUsd = times.costUsd(state);
  const durationMs = times.durationMs(state);
  // A task that ran and succeeded has every optional key but `failure`: built in one literal, the object
  // is born with its final shape (adding keys one by one allocates a second block per task).
  if (status === 'succeeded' && agent !== undefined && summary !== undefined && filesChanged !== undefined) {
    return { taskId: state.id, status, attempts: state.attempts, costUsd, durationMs, agent, summary, filesChanged };
  }
  const result: TaskResult = { taskId: state.id, status, attempts: state.attempts, costUsd, durationMs };
  if (agent !== undefined) result.agent = agent;
  if (summary !== undefined) result.summary = summary;
  if (filesChanged !== undefined) result.filesChanged = filesChanged;
  if (status === 'failed' && state.failure !== undefined) result.failure = state.failure;
  return result;
}

/** Every task's result, in graph order, and the run's totals, in one pass over the records. */
export function outcomeOf(states: readonly TaskState[], times: TaskTimes, durationMs: number): { tasks: TaskResult[]; totals: RunTotals } {
  const tasks: TaskResult[] = [];
  const totals: RunTotals = { tasks: states.length, succeeded: 0, failed: 0, cancelled: 0, blocked: 0, durationMs, costUsd: 0 };
  for (let i = 0; i < states.length; i++) {
    const state = states[i]!;
    tasks.push(taskResult(state, times));
    totals.costUsd += times.costUsd(state);
    if (state.status === 'succeeded') totals.succeeded += 1;
    else if (state.status === 'failed') totals.failed += 1;
    else if (state.status === 'cancelled') totals.cancelled += 1;
    else if (state.status === 'blocked') totals.blocked += 1;
  }
  return { tasks, totals };
}
