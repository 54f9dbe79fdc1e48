import type { TaskFailure, TaskGraph } from '../model';
import type { RunnerResult } from '../runners/types';
import type { Clock } from './clock';
import type { EventBody, EventBus } from './events';
import { assertAcyclic, bottomLevelsOf, indexGraph, type GraphIndex } from './graphIndex';
import type { CompletedTask, DependencyOutput, EndedTask } from './options';
import { FifoReadyQueue, PriorityReadyQueue, type ReadyQueue } from './readyQueue';
import { newTaskState, TaskTimes, type TaskState } from './taskState';

/** What an earlier life of the run finished, and where to note the agents of restored tasks (by task index). */
export interface EarlierLife {
  completed?: ReadonlyMap<string, CompletedTask>;
  ended?: ReadonlyMap<string, EndedTask>;
  agents?: Map<number, string>;
}

/**
 * The task-status bookkeeping of a run: the transitions (ready, succeeded, failed, cancelled, blocked),
 * the dependency counters that make a task ready, and the count of tasks that reached a final status.
 * EngineRun adds scheduling and attempts on top.
 *
 * Invariant: a task is ready exactly when it is pending and all its dependencies succeeded (the same
 * answer as the pure `readyTaskIds`); `remaining` counts the dependencies that have not succeeded.
 *
 * A task's TaskState is created when it first leaves 'pending' (ready, blocked or cancelled); until then
 * the task is pending by definition. Starting a run thus allocates a few typed arrays, not 100k objects.
 */
export class RunState {
  protected readonly g: GraphIndex;
  protected readonly n: number;
  private readonly states: Array<TaskState | undefined>;
  /** Per task, the dependencies that have not succeeded yet; the task is ready when this reaches 0. */
  private readonly remaining: Int32Array;
  /** Attempt start, cost and duration of every task. */
  protected readonly times: TaskTimes;
  protected readonly queue: ReadyQueue;
  /** Tasks in a final status: succeeded, failed, cancelled or blocked. */
  protected settled = 0;
  /** What the tasks restored from an earlier life cost then. */
  protected restoredCostUsd = 0;

  constructor(
    protected readonly graph: TaskGraph,
    protected readonly bus: EventBus,
    protected readonly clock: Clock,
    priority: 'critical-path' | 'fifo',
  ) {
    this.g = indexGraph(graph);
    this.n = graph.tasks.length;
    this.states = new Array<TaskState | undefined>(this.n);
    this.remaining = new Int32Array(this.n);
    this.times = new TaskTimes(this.n);
    if (priority === 'fifo') {
      assertAcyclic(graph, this.g);
      this.queue = new FifoReadyQueue(graph.tasks.length);
    } else this.queue = new PriorityReadyQueue(bottomLevelsOf(graph, this.g));
  }

  protected emit(body: EventBody): void {
    this.bus.emit(body);
  }

  /**
   * Sets the dependency counters, restores what an earlier life of the run finished (silently), succeeds
   * the tasks marked done in the PRP, and queues the ready ones.
   */
  protected initialise(earlier: EarlierLife = {}): void {
    const { predStart } = this.g;
    for (let i = 0; i < this.n; i++) this.remaining[i] = predStart[i + 1]! - predStart[i]!;
    if (earlier.completed !== undefined || earlier.ended !== undefined) this.restore(earlier);
    const alreadyDone: RunnerResult = { ok: true, summary: 'Already marked done in the PRP; not run again.' };
    for (let i = 0; i < this.n; i++) if (this.graph.tasks[i]!.marker === 'done' && this.isPending(i)) this.succeed(this.stateOf(i), alreadyDone, 0);
    this.readyAll();
  }

  /** Queues every pending task whose dependencies all succeeded. */
  protected readyAll(): void {
    for (let i = 0; i < this.n; i++) if (this.remaining[i] === 0 && this.isPending(i)) this.makeReady(this.stateOf(i));
  }

  /** Earlier successes count as successes and earlier ends block their dependents, all without events. */
  private restore({ completed, ended, agents }: EarlierLife): void {
    const index = this.g.index;
    for (const [id, done] of completed ?? []) {
      const i = index.get(id);
      if (i < 0 || !this.isPending(i)) continue;
      const state = this.stateOf(i);
      this.restoreTotals(state, done, agents);
      state.summary = done.summary;
      state.filesChanged = done.filesChanged ?? [];
      // Dependents are readied once everything is restored, not now: one may be restored as succeeded too.
      this.settleSucceeded(state, false);
    }
    const roots: TaskState[] = [];
    for (const [id, end] of ended ?? []) {
      const i = index.get(id);
      if (i < 0 || !this.isPending(i)) continue;
      const state = this.stateOf(i);
      this.restoreTotals(state, end, agents);
      state.status = end.status;
      state.failure = end.failure;
      this.settled += 1;
      roots.push(state);
    }
    for (const root of roots) this.blockDependents(root, false);
  }

  private restoreTotals(state: TaskState, earlier: CompletedTask, agents: Map<number, string> | undefined): void {
    state.attempts = earlier.attempts ?? 0;
    if (earlier.costUsd) {
      this.times.addCost(state, earlier.costUsd);
      this.restoredCostUsd += earlier.costUsd;
    }
    if (earlier.durationMs) this.times.addDuration(state, earlier.durationMs);
    if (earlier.agent !== undefined) agents?.set(state.index, earlier.agent);
  }

  /** The task's state, created on first use. */
  protected stateOf(index: number): TaskState {
    let state = this.states[index];
    if (state === undefined) {
      state = newTaskState(index, this.g.ids[index]!, this.graph.tasks[index]!);
      this.states[index] = state;
    }
    return state;
  }

  protected isPending(index: number): boolean {
    const state = this.states[index];
    return state === undefined || state.status === 'pending';
  }

  /** Every task's state, in graph order (creating the ones still pending). */
  protected allStates(): TaskState[] {
    const all: TaskState[] = [];
    for (let i = 0; i < this.n; i++) all.push(this.stateOf(i));
    return all;
  }

  protected makeReady(state: TaskState): void {
    state.status = 'ready';
    const bus = this.bus;
    bus.deliver({ type: 'task.ready', taskId: state.id, runId: bus.runId, seq: bus.nextSeq(), time: bus.now() });
    this.queue.push(state.index);
  }

  protected succeed(state: TaskState, result: RunnerResult, durationMs: number): void {
    state.summary = result.summary;
    state.filesChanged = result.filesChanged ?? [];
    // summary and filesChanged may be undefined; JSON leaves such keys out.
    const { summary, filesChanged } = result;
    const bus = this.bus;
    const agent = state.slot?.name ?? '';
    const costUsd = result.costUsd ?? 0;
    bus.deliver({ type: 'task.succeeded', taskId: state.id, agent, attempt: state.attempts, durationMs, costUsd, summary, filesChanged, runId: bus.runId, seq: bus.nextSeq(), time: bus.now() });
    this.settleSucceeded(state);
  }

  /** Marks the task succeeded and (with `ready`) readies the dependents that waited only for it. */
  private settleSucceeded(state: TaskState, ready = true): void {
    state.status = 'succeeded';
    this.settled += 1;
    const { succStart, succ } = this.g;
    for (let e = succStart[state.index]!; e < succStart[state.index + 1]!; e++) {
      const next = succ[e]!;
      if (--this.remaining[next]! === 0 && ready && this.isPending(next)) this.makeReady(this.stateOf(next));
    }
  }

  protected markFailed(state: TaskState, failure: TaskFailure): void {
    state.failure = failure;
    state.status = 'failed';
    this.settled += 1;
    this.blockDependents(state);
  }

  /**
   * `block`: whether its dependents become blocked. When the whole run is cancelled they are cancelled
   * themselves instead, so every task that did not finish reads 'cancelled'.
   */
  protected markCancelled(state: TaskState, block: boolean): void {
    state.status = 'cancelled';
    this.settled += 1;
    this.emit({ type: 'task.cancelled', taskId: state.id, reason: state.cancelReason });
    if (block) this.blockDependents(state);
  }

  /**
   * Ends every task that is not running as cancelled (not blocked: none of them failed), e.g. when the run
   * budget is reached; running ones go on. Cheap to call again: it returns at once when nothing waits.
   */
  protected cancelNotStarted(reason: string, running: number): void {
    if (this.queue.size === 0 && this.settled + running === this.n) return;
    this.queue.clear();
    for (let i = 0; i < this.n; i++) {
      const state = this.stateOf(i);
      if (state.status !== 'pending' && state.status !== 'ready' && state.status !== 'retrying') continue;
      this.clearTimer(state);
      state.cancelReason = reason;
      this.markCancelled(state, false);
    }
  }

  /** Every task downstream of `root` that has not run yet is blocked by it, transitively; `announce`: with events. */
  private blockDependents(root: TaskState, announce = true): void {
    const { succStart, succ } = this.g;
    const stack = [root.index];
    while (stack.length > 0) {
      const i = stack.pop()!;
      for (let e = succStart[i]!; e < succStart[i + 1]!; e++) {
        if (!this.isPending(succ[e]!)) continue;
        const state = this.stateOf(succ[e]!);
        state.status = 'blocked';
        this.settled += 1;
        if (announce) this.emit({ type: 'task.blocked', taskId: state.id, blockedBy: root.id });
        stack.push(state.index);
      }
    }
  }

  /**
   * The tasks a retry of the task at `index` runs again: the task itself when it failed or was cancelled;
   * when it is blocked, the failed and cancelled tasks upstream that block it. Empty when there is none.
   */
  protected retryRoots(index: number): TaskState[] {
    const status = this.states[index]?.status;
    if (status === 'failed' || status === 'cancelled') return [this.stateOf(index)];
    if (status !== 'blocked') return [];
    const { predStart, pred } = this.g;
    const roots: TaskState[] = [];
    const seen = new Set<number>([index]);
    const stack = [index];
    while (stack.length > 0) {
      const i = stack.pop()!;
      for (let e = predStart[i]!; e < predStart[i + 1]!; e++) {
        const p = pred[e]!;
        if (seen.has(p)) continue;
        seen.add(p);
        const upstream = this.states[p]?.status;
        if (upstream === 'failed' || upstream === 'cancelled') roots.push(this.stateOf(p));
        else if (upstream === 'blocked') stack.push(p);
      }
    }
    return roots.sort((a, b) => a.index - b.index);
  }

  /**
   * Makes `roots` pending again with a fresh route, then every blocked task downstream of them whose
   * dependencies are no longer failed, cancelled or blocked. Returns the tasks it unblocked. The caller
   * readies what can start (`readyIfFree`).
   */
  protected revive(roots: readonly TaskState[]): TaskState[] {
    for (const state of roots) {
      state.status = 'pending';
      state.candidates = undefined;
      state.candidateIndex = 0;
      state.attemptsOnAgent = 0;
      state.cancelReason = '';
      this.settled -= 1;
    }
    const unblocked: TaskState[] = [];
    const stack = roots.map((state) => state.index);
    const { succStart, succ } = this.g;
    while (stack.length > 0) {
      const i = stack.pop()!;
      for (let e = succStart[i]!; e < succStart[i + 1]!; e++) {
        const state = this.states[succ[e]!];
        if (state?.status !== 'blocked' || this.hasDeadDependency(state.index)) continue;
        state.status = 'pending';
        this.settled -= 1;
        unblocked.push(state);
        stack.push(state.index);
      }
    }
    return unblocked;
  }

  /** Queues the task when it is pending and every dependency has succeeded. */
  protected readyIfFree(state: TaskState): void {
    if (state.status === 'pending' && this.remaining[state.index] === 0) this.makeReady(state);
  }

  private hasDeadDependency(index: number): boolean {
    const { predStart, pred } = this.g;
    for (let e = predStart[index]!; e < predStart[index + 1]!; e++) {
      const status = this.states[pred[e]!]?.status;
      if (status === 'failed' || status === 'cancelled' || status === 'blocked') return true;
    }
    return false;
  }

  /** What the task's dependencies produced, in graph order, for its prompt. */
  dependencyOutputs(state: TaskState): DependencyOutput[] {
    const { predStart, pred } = this.g;
    const outputs: DependencyOutput[] = [];
    for (let e = predStart[state.index]!; e < predStart[state.index + 1]!; e++) {
      const dep = this.stateOf(pred[e]!);
      outputs.push({ taskId: dep.id, title: dep.task.title, summary: dep.summary, filesChanged: dep.filesChanged ?? [] });
    }
    return outputs;
  }

  protected clearTimer(state: TaskState): void {
    if (state.timer === undefined) return;
    this.clock.clearTimeout(state.timer);
    state.timer = undefined;
  }
}
