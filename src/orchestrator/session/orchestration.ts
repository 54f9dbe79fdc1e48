import { startRun, type CompletedTask, type EndedTask, type EngineOptions, type InterruptedTask, type RunHandle, type RunResult } from '../engine';
import type { RunEvent, RunRecipe, TaskStatus } from '../model';
import type { DurableStore } from '../store';
import { DurableRecorder } from './recorder';
import type { Orchestration, PreparedPlan } from './types';

/** What every life of a run shares: its id, plan and store, and the engine options. */
export interface RunSetup {
  runId: string;
  plan: PreparedPlan;
  store: DurableStore;
  engine: Omit<EngineOptions, 'runId' | 'firstSeq' | 'completed' | 'ended' | 'interrupted'>;
}

/** Where one life of the run starts from. */
export interface LifeStart {
  firstSeq: number;
  completed?: ReadonlyMap<string, CompletedTask>;
  ended?: ReadonlyMap<string, EndedTask>;
  interrupted?: ReadonlyMap<string, InterruptedTask>;
  /** Tasks to run again as soon as the life begins. */
  retries?: readonly string[];
  /** Applied to this life's `run.started` before it is recorded (the first life adds the recipe). */
  decorate?: (event: RunEvent) => RunEvent;
}

/** Runs this process drives, per store: not "interrupted", and not to be resumed a second time. */
const activeRuns = new WeakMap<object, Set<string>>();

export function isActive(store: object, runId: string): boolean {
  return activeRuns.get(store)?.has(runId) === true;
}

function setActive(store: DurableStore, runId: string, active: boolean): void {
  let runs = activeRuns.get(store);
  if (runs === undefined) activeRuns.set(store, (runs = new Set()));
  if (active) runs.add(runId);
  else runs.delete(runId);
}

const FINAL: ReadonlySet<TaskStatus> = new Set(['failed', 'cancelled', 'blocked']);

/**
 * A run driven by the engine, one life after another under the same run id: the first life, and a new
 * one when a task is retried after the engine finished. Each life continues the seq of the one before,
 * keeps what succeeded, and publishes through one DurableRecorder, so listeners see one ordered stream.
 */
export class RunOrchestration implements Orchestration {
  readonly runId: string;
  readonly plan: PreparedPlan;
  private readonly recorder: DurableRecorder;
  private handle: RunHandle | undefined;
  private current: Promise<RunResult>;
  /** Set synchronously by the engine's `run.finished`: from then on a retry needs a new life. */
  private engineFinished = false;
  private lastSeq = 0;
  /** The tasks in a final status that is not success, from the events (a retry after the end needs them). */
  private readonly statuses = new Map<string, TaskStatus>();
  private readonly pendingRetries: string[] = [];
  private relaunching = false;
  private pendingCancel: string | undefined;

  constructor(
    private readonly setup: RunSetup,
    first: LifeStart,
    /** How the run was started (recorded on its first event). */
    readonly recipe: RunRecipe,
  ) {
    this.runId = setup.runId;
    this.plan = setup.plan;
    this.recorder = new DurableRecorder(setup.store, () => this.handle?.cancel('The run database cannot be written, so the run stops.'));
    this.current = this.startLife(first);
  }

  get done(): Promise<RunResult> {
    return this.current;
  }

  onEvent(listener: (event: RunEvent) => void): () => void {
    return this.recorder.subscribe(listener);
  }

  cancel(reason = 'The run was cancelled.'): void {
    if (this.relaunching) this.pendingCancel = reason;
    else if (!this.engineFinished) this.handle?.cancel(reason);
  }

  cancelTask(taskId: string, reason?: string): void {
    if (!this.engineFinished) this.handle?.cancelTask(taskId, reason);
  }

  retryTask(taskId: string): boolean {
    if (!this.engineFinished) return this.handle?.retryTask(taskId) ?? false;
    if (!FINAL.has(this.statuses.get(taskId) ?? 'pending') || this.recorder.failed) return false;
    this.pendingRetries.push(taskId);
    if (!this.relaunching) {
      this.relaunching = true;
      this.current = this.current.then((result) => this.nextLife(result));
    }
    return true;
  }

  /** After the engine finished: a new life that keeps every outcome but the retried tasks'. */
  private nextLife(result: RunResult): Promise<RunResult> {
    const completed = new Map<string, CompletedTask>();
    const ended = new Map<string, EndedTask>();
    for (const t of result.tasks) {
      const earlier = { agent: t.agent, attempts: t.attempts, costUsd: t.costUsd, durationMs: t.durationMs };
      if (t.status === 'succeeded') completed.set(t.taskId, { ...earlier, summary: t.summary, filesChanged: t.filesChanged });
      else if (t.status === 'failed' || t.status === 'cancelled') ended.set(t.taskId, { ...earlier, status: t.status, failure: t.failure });
    }
    this.relaunching = false;
    return this.startLife({ firstSeq: this.lastSeq + 1, completed, ended, retries: this.pendingRetries.splice(0) });
  }

  private startLife(start: LifeStart): Promise<RunResult> {
    const { runId, plan, store, engine } = this.setup;
    const handle = startRun(plan.graph, { ...engine, runId, firstSeq: start.firstSeq, completed: start.completed, ended: start.ended, interrupted: start.interrupted });
    this.engineFinished = false;
    this.handle = handle;
    setActive(store, runId, true);
    for (const taskId of start.retries ?? []) handle.retryTask(taskId);
    const decorate = start.decorate;
    handle.onEvent((event) => {
      this.track(event);
      this.recorder.accept(decorate !== undefined && event.type === 'run.started' ? decorate(event) : event);
    });
    if (this.pendingCancel !== undefined) handle.cancel(this.pendingCancel);
    this.pendingCancel = undefined;
    return handle.done.then(async (result) => {
      try {
        await this.recorder.drain();
      } finally {
        if (!this.relaunching) setActive(store, runId, false);
      }
      return result;
    });
  }

  private track(event: RunEvent): void {
    this.lastSeq = event.seq;
    switch (event.type) {
      case 'task.failed':
        if (event.final) this.statuses.set(event.taskId, 'failed');
        return;
      case 'task.cancelled':
      case 'task.blocked':
        this.statuses.set(event.taskId, event.type === 'task.cancelled' ? 'cancelled' : 'blocked');
        return;
      case 'task.retry-requested':
        for (const id of [...event.retried, ...event.unblocked]) this.statuses.delete(id);
        return;
      case 'run.finished':
        this.engineFinished = true;
        return;
      default:
        return;
    }
  }
}
