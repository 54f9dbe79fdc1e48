import type { RunStatus, TaskFailure, TaskGraph } from '../model';
import type { AgentRunner, RunnerProgress, RunnerResult } from '../runners/types';
import { AgentPool, type AgentSlot } from './agentPool';
import { Assigner } from './assigner';
import { checkResult, crashResult, failureOf, launchAttempt, type AttemptSettings } from './attempt';
import { budgetReason } from './budget';
import { CircuitBreaker } from './circuitBreaker';
import { systemClock } from './clock';
import { EarlierSessions } from './earlierSessions';
import { EventBus } from './events';
import type { EngineOptions, ResolvedOptions } from './options';
import type { EarlierLife } from './runState';
import { defaultBuildPrompt } from './prompt';
import { backoffDelay, decideAfterFailure } from './retryPolicy';
import { RunState } from './runState';
import { outcomeOf, type AbortCause, type RunResult, type TaskState } from './taskState';

/** At most this many ready tasks are set aside per pass because their agents are busy, bounding the pass. */
const MAX_DEFERRED = 64;

/**
 * One run of a task graph: the scheduler (ready queue, W slots) and the attempt life cycle (timeout,
 * abort, retry, fallback) on top of RunState's bookkeeping. Every change happens in a synchronous "pass"
 * triggered by the start, a settled attempt or a timer, so no one ever sees the state half-updated.
 */
export class EngineRun extends RunState {
  readonly runId: string;
  readonly done: Promise<RunResult>;
  private resolveDone!: (result: RunResult) => void;
  private readonly runner: AgentRunner;
  private readonly pool: AgentPool;
  private readonly assigner: Assigner;
  private readonly breaker: CircuitBreaker | undefined;
  private readonly deferred: number[] = [];
  private readonly spareControllers: AbortController[] = [];
  private readonly settings: AttemptSettings;
  private readonly random: () => number;
  private running = 0;
  private startedAt = 0;
  private started = false;
  private cancelled = false;
  private cancelReason = '';
  private finished = false;
  /** Every attempt's reported cost so far, failed attempts included. */
  private spentUsd = 0;
  /** Set when the run budget is reached: no attempt starts after that. */
  private budgetStop: string | undefined;
  private readonly budgetUsd: number;
  private readonly earlier: EarlierLife;
  private readonly interrupted: EngineOptions['interrupted'];
  private readonly sessions = new EarlierSessions();
  /**
   * Retries asked for before the run began (applied once the earlier life is restored) or by a listener
   * while an event was being delivered, when the state may be half-updated (applied by the next pass).
   */
  private readonly deferredRetries: string[] = [];

  constructor(
    graph: TaskGraph,
    options: EngineOptions,
    private readonly config: ResolvedOptions,
  ) {
    const clock = options.clock ?? systemClock;
    const runId = options.runId ?? `run-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    super(graph, new EventBus(runId, clock, options.onListenerError, config.firstSeq), clock, config.priority);
    this.runId = runId;
    this.runner = options.runner;
    this.settings = { runId, cwd: options.cwd, runner: options.runner, buildPrompt: options.buildPrompt ?? defaultBuildPrompt, source: this };
    this.random = options.random ?? Math.random;
    this.pool = new AgentPool(options.agents, config, (body) => this.emit(body), clock);
    this.assigner = new Assigner(options.router, options.agents, config.spawnThreshold, this.pool, this.bus);
    this.budgetUsd = config.runBudgetUsd;
    const breaker = config.circuitBreaker;
    this.breaker = breaker === undefined ? undefined : new CircuitBreaker(breaker, clock, (body) => this.emit(body), () => this.pass());
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.earlier = { completed: options.completed, ended: options.ended, agents: new Map() };
    this.interrupted = options.interrupted;
  }

  get events(): EventBus {
    return this.bus;
  }

  /** Starts on the next microtask, so listeners added right after `startRun` returns see `run.started`. */
  start(): void {
    queueMicrotask(() => this.begin());
  }

  private begin(): void {
    this.started = true;
    this.startedAt = this.clock.now();
    this.emit({ type: 'run.started', title: this.graph.title, taskCount: this.n, workers: this.config.workers });
    this.initialise(this.earlier);
    this.spentUsd = this.restoredCostUsd;
    if (this.interrupted !== undefined) this.restoreInterrupted(this.interrupted);
    if (this.cancelled) this.cancelAll();
    this.pass();
  }

  /** Attempt numbers go on from the earlier life, and its agent sessions wait to be resumed. */
  private restoreInterrupted(interrupted: NonNullable<EngineOptions['interrupted']>): void {
    for (const [taskId, earlier] of interrupted) {
      const index = this.g.index.get(taskId);
      if (index < 0 || (!this.isPending(index) && this.stateOf(index).status !== 'ready')) continue;
      const state = this.stateOf(index);
      state.attempts = Math.max(state.attempts, earlier.attempts);
      this.sessions.add(index, earlier);
    }
  }

  /**
   * Runs a failed or cancelled task again, or, for a blocked task, the failed and cancelled tasks that
   * block it; their blocked dependents become pending. False when there is nothing to retry or the run is
   * over (finished, cancelled, or out of budget). Asked before the run has begun, it is applied once the
   * run begins and answers whether the task is known.
   */
  retryTask(taskId: string): boolean {
    const index = this.g.index.get(taskId);
    if (index < 0 || this.finished || this.cancelled || this.budgetStop !== undefined) return false;
    if (this.started && !this.bus.delivering) {
      const retried = this.retryNow(taskId);
      if (retried) this.pass();
      return retried;
    }
    const possible = !this.started || this.retryRoots(index).length > 0;
    if (possible) {
      this.deferredRetries.push(taskId);
      // A listener of an event no pass follows (task.progress) must not wait for the next settled attempt.
      if (this.started) queueMicrotask(() => this.pass());
    }
    return possible;
  }

  private applyDeferredRetries(): void {
    const ids = this.deferredRetries.splice(0);
    for (const id of ids) if (!this.cancelled && this.budgetStop === undefined) this.retryNow(id);
  }

  private retryNow(taskId: string): boolean {
    const roots = this.retryRoots(this.g.index.get(taskId));
    if (roots.length === 0) return false;
    const unblocked = this.revive(roots);
    this.emit({ type: 'task.retry-requested', taskId, retried: roots.map((r) => r.id), unblocked: unblocked.map((u) => u.id) });
    for (const root of roots) this.readyIfFree(root);
    return true;
  }

  /** Stops the run: running attempts are aborted, everything not finished is cancelled. */
  cancel(reason = 'The run was cancelled.'): void {
    if (this.finished || this.cancelled) return;
    this.cancelled = true;
    this.cancelReason = reason;
    if (!this.started) return;
    this.cancelAll();
    this.pass();
  }

  /** Cancels one task (its dependents become blocked); the rest of the run goes on. Unknown ids are ignored. */
  cancelTask(taskId: string, reason = 'The task was cancelled.'): void {
    const index = this.g.index.get(taskId);
    if (index < 0 || this.finished) return;
    if (!this.started) {
      queueMicrotask(() => this.cancelTask(taskId, reason));
      return;
    }
    this.cancelOne(this.stateOf(index), reason);
    this.pass();
  }

  private cancelAll(): void {
    this.queue.clear();
    for (let i = 0; i < this.n; i++) this.cancelOne(this.stateOf(i), this.cancelReason);
  }

  private cancelOne(state: TaskState, reason: string): void {
    if (state.status === 'running') {
      state.cancelReason = reason;
      this.abortAttempt(state, 'cancel');
    } else if (state.status === 'pending' || state.status === 'ready' || state.status === 'retrying') {
      this.clearTimer(state);
      state.cancelReason = reason;
      this.markCancelled(state, !this.cancelled);
    }
  }

  /** One scheduling pass: start what can start, let idle agents go, and finish the run when all is done. */
  private pass(): void {
    if (this.finished) return;
    do {
      if (this.deferredRetries.length > 0) this.applyDeferredRetries();
      this.dispatch();
      // Ready tasks wait although nothing runs: only open circuits can hold them, and no result will come
      // to close one, so the probes go now instead of after the cooldown.
      if (this.running === 0 && this.queue.size > 0 && this.breaker?.releaseAll() === true) this.dispatch();
    } while (this.deferredRetries.length > 0);
    this.pool.endPass();
    if (this.settled === this.n && this.running === 0) this.finish();
  }

  private dispatch(): void {
    const deferred = this.deferred;
    while (this.running < this.config.workers && !this.cancelled && this.pool.hasCapacity(this.running)) {
      const index = this.queue.pop();
      if (index < 0) break;
      const state = this.stateOf(index);
      if (state.status !== 'ready') continue; // Cancelled while queued: dropped lazily.
      const choice = this.assigner.choose(state);
      if (choice === null) this.failUnroutable(state);
      else if (choice !== undefined) this.startAttempt(state, choice);
      else {
        deferred.push(index);
        if (deferred.length >= MAX_DEFERRED) break;
      }
    }
    if (deferred.length === 0) return;
    for (let i = 0; i < deferred.length; i++) this.queue.push(deferred[i]!);
    // Only when there was something: setting an array's length calls into the runtime, once per pass.
    deferred.length = 0;
  }

  private startAttempt(state: TaskState, slot: AgentSlot): void {
    const token = ++state.attempts;
    state.status = 'running';
    state.attemptsOnAgent += 1;
    state.slot = slot;
    state.abortCause = undefined;
    this.times.setAttemptStart(state, this.clock.now());
    this.running += 1;
    this.pool.acquire(slot, state.id);
    if (slot.failures !== 0) this.breaker?.started(slot, state.id, token);
    const controller = this.spareControllers.pop() ?? new AbortController();
    state.controller = controller;
    if (this.config.taskTimeoutMs !== undefined) state.timer = this.clock.setTimeout(() => this.onTimeout(state, token), this.config.taskTimeoutMs);
    const bus = this.bus;
    bus.deliver({ type: 'task.started', taskId: state.id, agent: slot.name, attempt: state.attempts, runId: bus.runId, seq: bus.nextSeq(), time: bus.now() });
    const resume = this.sessions.size === 0 ? undefined : this.sessions.take(state.index, slot.name);
    // The callbacks are passed inline (not bound to names) so that transpilers which keep function names
    // add no work per attempt.
    launchAttempt(this.settings, state, slot.profile, controller.signal, (progress: RunnerProgress) => this.onProgress(state, token, progress), resume).then(
      (result) => this.onSettled(state, token, checkResult(result)),
      (error: unknown) => this.onSettled(state, token, crashResult(error)),
    );
  }

  private onProgress(state: TaskState, token: number, progress: RunnerProgress): void {
    if (state.attempts !== token || state.status !== 'running') return;
    const bus = this.bus;
    const message = String(progress?.message);
    const agent = state.slot!.name;
    const sessionId = progress?.sessionId;
    if (typeof sessionId === 'string') {
      bus.deliver({ type: 'task.progress', taskId: state.id, agent, message, sessionId, runId: bus.runId, seq: bus.nextSeq(), time: bus.now() });
    } else bus.deliver({ type: 'task.progress', taskId: state.id, agent, message, runId: bus.runId, seq: bus.nextSeq(), time: bus.now() });
  }

  private onSettled(state: TaskState, token: number, result: RunnerResult): void {
    if (state.attempts !== token || state.status !== 'running') return; // An abandoned attempt's late result.
    const durationMs = this.endAttempt(state, result);
    if (state.abortCause === 'cancel') this.settleCancelled(state, token);
    else {
      const failure = failureOf(result, state.abortCause, this.config.taskTimeoutMs);
      if (failure === undefined) {
        this.succeed(state, result, durationMs);
        const slot = state.slot!;
        if (slot.failures !== 0) this.breaker?.succeeded(slot);
      } else this.fail(state, failure, token);
    }
    // Kept out of line: the common case pays one comparison (the default budget is Infinity).
    if (this.spentUsd >= this.budgetUsd) this.stopForBudget();
    this.pass();
  }

  private settleCancelled(state: TaskState, token: number): void {
    this.markCancelled(state, !this.cancelled);
    const slot = state.slot!;
    // A cancelled probe says nothing about the agent, so the next attempt may probe it.
    if (slot.failures !== 0) this.breaker?.failed(slot, state.id, token, { kind: 'cancelled', message: state.cancelReason });
  }

  /** The run budget is reached: nothing starts any more, and every task not running ends cancelled. */
  private stopForBudget(): void {
    this.budgetStop ??= budgetReason(this.budgetUsd, this.spentUsd);
    this.cancelNotStarted(this.budgetStop, this.running);
  }

  /** Frees the slot and the agent, and books the attempt's time and cost. Returns the attempt's duration. */
  private endAttempt(state: TaskState, result: RunnerResult): number {
    this.clearTimer(state);
    this.running -= 1;
    this.pool.release(state.slot!);
    const durationMs = this.clock.now() - this.times.attemptStart(state);
    this.times.addDuration(state, durationMs);
    const cost = result.costUsd;
    if (typeof cost === 'number' && Number.isFinite(cost)) {
      this.times.addCost(state, cost);
      this.spentUsd += cost;
    }
    const controller = state.controller!;
    state.controller = undefined;
    // Reusing a signal saves ~4 µs per attempt on Node 20, but only a runner that promises to leave no
    // listener behind may see one again. Only abortAttempt aborts a controller, and it sets abortCause
    // first, so that says whether this signal is still unaborted (cheaper than its `aborted` getter).
    if (this.runner.releasesSignal === true && state.abortCause === undefined) this.spareControllers.push(controller);
    return durationMs;
  }

  /**
   * A failed attempt: what happens to the task, then what the breaker makes of it (after, so its events
   * follow the task's). The budget is checked first: a task must not retry on money that is gone.
   */
  private fail(state: TaskState, failure: TaskFailure, token: number): void {
    state.failure = failure;
    if (this.spentUsd >= this.budgetUsd) this.budgetStop ??= budgetReason(this.budgetUsd, this.spentUsd);
    this.decideAfter(state, failure);
    this.breaker?.failed(state.slot!, state.id, token, failure);
  }

  /** Retry on the same agent after a backoff, fall back to the next agent of the route, or give up. */
  private decideAfter(state: TaskState, failure: TaskFailure): void {
    const agent = state.slot!.name;
    const candidates = state.candidates ?? [];
    const hasFallback = state.candidateIndex + 1 < candidates.length;
    const decision = decideAfterFailure(failure.kind, state.attemptsOnAgent, this.config.maxAttempts, hasFallback);
    this.emit({ type: 'task.failed', taskId: state.id, agent, attempt: state.attempts, failure, final: decision === 'give-up' });
    if (decision !== 'give-up' && this.budgetStop !== undefined) {
      // It would try again, but the budget is spent: it ends like the tasks that did not start.
      state.cancelReason = this.budgetStop;
      this.markCancelled(state, false);
    } else if (decision === 'retry') {
      const delayMs = backoffDelay(state.attemptsOnAgent, this.config.backoff, this.random);
      state.status = 'retrying';
      this.emit({ type: 'task.retrying', taskId: state.id, agent, attempt: state.attempts + 1, delayMs, reason: failure.message });
      state.timer = this.clock.setTimeout(() => this.onBackoffOver(state), delayMs);
    } else if (decision === 'fallback') {
      state.candidateIndex += 1;
      state.attemptsOnAgent = 0;
      const to = candidates[state.candidateIndex]!;
      this.emit({ type: 'task.rerouted', taskId: state.id, from: agent, to, reason: `${agent} failed (${failure.kind}): ${failure.message}` });
      state.status = 'ready';
      this.queue.push(state.index);
    } else this.markFailed(state, failure);
  }

  /** The router named no agent the run knows: the task can never run. */
  private failUnroutable(state: TaskState): void {
    const failure: TaskFailure = { kind: 'unrecoverable', message: 'The router chose no agent this run knows; give the router and the run the same agents.' };
    this.emit({ type: 'task.failed', taskId: state.id, agent: '', attempt: 0, failure, final: true });
    this.markFailed(state, failure);
  }

  /** Back in the queue after the backoff. No second `task.ready`: `task.started` follows the retry. */
  private onBackoffOver(state: TaskState): void {
    state.timer = undefined;
    if (state.status !== 'retrying') return;
    state.status = 'ready';
    this.queue.push(state.index);
    this.pass();
  }

  private onTimeout(state: TaskState, token: number): void {
    if (state.attempts !== token || state.status !== 'running') return;
    state.timer = undefined;
    this.abortAttempt(state, 'timeout');
  }

  /** Aborts the running attempt; if the runner has not stopped `abortGraceMs` later, the attempt is given up. */
  private abortAttempt(state: TaskState, cause: AbortCause): void {
    if (state.abortCause === 'cancel') return;
    state.abortCause = cause;
    this.clearTimer(state);
    const token = state.attempts;
    state.timer = this.clock.setTimeout(() => this.onAbortGraceOver(state, token), this.config.abortGraceMs);
    state.controller!.abort(cause === 'timeout' ? 'The task timed out.' : state.cancelReason);
  }

  private onAbortGraceOver(state: TaskState, token: number): void {
    if (state.attempts !== token || state.status !== 'running') return;
    state.timer = undefined;
    const message = `The runner did not stop within ${this.config.abortGraceMs} ms of being aborted; the attempt was abandoned.`;
    this.onSettled(state, token, { ok: false, failure: { kind: state.abortCause === 'timeout' ? 'timeout' : 'cancelled', message } });
  }

  private finish(): void {
    this.finished = true;
    this.breaker?.dispose();
    const { tasks, totals } = outcomeOf(this.allStates(), this.times, this.clock.now() - this.startedAt);
    for (const [index, agent] of this.earlier.agents!) tasks[index]!.agent ??= agent;
    const status: RunStatus = this.cancelled ? 'cancelled' : totals.succeeded === totals.tasks ? 'succeeded' : 'failed';
    this.pool.endAll('The run finished.');
    // The final spend, which attempts that were running when the budget was reached may have raised.
    const reason = status === 'failed' && this.budgetStop !== undefined ? budgetReason(this.budgetUsd, this.spentUsd) : undefined;
    this.emit(reason === undefined ? { type: 'run.finished', status, totals } : { type: 'run.finished', status, totals, reason });
    const result: RunResult = { runId: this.runId, status, totals, tasks, spawnedAgents: this.assigner.spawnedAgents };
    if (reason !== undefined) result.reason = reason;
    this.resolveDone(result);
  }
}
