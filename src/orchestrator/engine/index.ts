/**
 * The engine: runs a task graph on W parallel slots with critical-path-first priority, retries, fallbacks,
 * timeouts, cancellation, an agent manager, a circuit breaker per agent and a run budget, and reports everything as one stream of RunEvents.
 */
import type { RunEvent, TaskGraph } from '../model';
import { resolveOptions, EngineOptionsError, type EngineOptions } from './options';
import { EngineRun } from './run';
import type { RunResult } from './taskState';

export type { Clock } from './clock';
export { systemClock } from './clock';
export { VirtualClock, VirtualClockStallError, type VirtualClockOptions } from './virtualClock';
export {
  EngineOptionsError,
  type BackoffOptions,
  type CompletedTask,
  type DependencyOutput,
  type EndedTask,
  type EngineOptions,
  type InterruptedTask,
  type PromptContext,
  type RouterPort,
} from './options';
export type { RunResult, TaskResult } from './taskState';
export { defaultBuildPrompt } from './prompt';
export { specializedProfile } from './spawn';
export { readyTaskIds, blockedTaskIds } from './readiness';
export { backoffDelay, decideAfterFailure, type RetryDecision } from './retryPolicy';
export { DEFAULT_CIRCUIT_BREAKER, type CircuitBreakerOptions } from './circuitBreaker';

export interface RunHandle {
  runId: string;
  /** Adds an observer of every event from now on; returns a function that removes it. */
  onEvent(listener: (event: RunEvent) => void): () => void;
  /** Aborts every running attempt and cancels the rest; `done` then resolves with status 'cancelled'. */
  cancel(reason?: string): void;
  /** Cancels one task (aborting it if running); its dependents are blocked, other work goes on. */
  cancelTask(taskId: string, reason?: string): void;
  /**
   * Runs a task that failed for good or was cancelled again, within this run; for a blocked task, the
   * failed and cancelled tasks that block it. Their blocked dependents become pending again, and `done`
   * waits for all of it. Emits `task.retry-requested`. False when there is nothing to retry or the run is
   * over (finished, cancelled as a whole, or out of budget): resume the run instead.
   */
  retryTask(taskId: string): boolean;
  done: Promise<RunResult>;
}

/**
 * Starts running `graph` and returns at once; the run begins on the next microtask, so listeners added
 * to the handle straight away see every event from `run.started` on.
 *
 * Throws EngineOptionsError for invalid options or duplicate task ids, and CycleError (plan/graphUtils)
 * when the dependencies form a cycle. Tasks whose `marker` is 'done' count as succeeded and do not run.
 * The run's status is 'succeeded' when every task succeeded, 'cancelled' after `cancel`, else 'failed'.
 */
export function startRun(graph: TaskGraph, options: EngineOptions): RunHandle {
  if (typeof options?.runner?.run !== 'function') {
    throw new EngineOptionsError('invalid-option', `runner must be an AgentRunner with a run() method; received ${options?.runner === undefined ? 'undefined' : typeof options.runner}.`);
  }
  if (typeof options.cwd !== 'string' || options.cwd === '') {
    throw new EngineOptionsError('invalid-option', `cwd must be the directory to run in; received ${JSON.stringify(options.cwd) ?? 'undefined'}.`);
  }
  const run = new EngineRun(graph, options, resolveOptions(options));
  run.start();
  return {
    runId: run.runId,
    onEvent: (listener) => run.events.subscribe(listener),
    cancel: (reason) => run.cancel(reason),
    cancelTask: (taskId, reason) => run.cancelTask(taskId, reason),
    retryTask: (taskId) => run.retryTask(taskId),
    done: run.done,
  };
}
