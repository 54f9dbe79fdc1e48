import path from 'node:path';
import type { DurableStore, Orchestration, RunEvent, RunResult, Store } from '../../orchestrator/index';
import type { DashboardState } from '../../shared/dashboardState';
import type { HistoryMessage } from '../../shared/protocol';
import { CliError } from '../errors';
import type { ActionMessage, ActionOutcome, DashboardActions } from './connection';
import type { DashboardHub } from './hub';

/** What the dashboard needs to go on with a recorded run: the store it can write, or why not. */
export interface ResumeRequest {
  store: DurableStore;
  runId: string;
}

export interface RunControlOptions {
  hub: DashboardHub;
  /** Folder that file paths from the dashboard are relative to; anything outside it is refused. */
  workspaceDir: string;
  /** The store to read history from now (the writer once there is one). */
  readStore: () => Store;
  /**
   * The store as its one writer, for resuming a finished or recorded run; opened on first need. Rejects
   * with a CliError (reason `locked`) when another process writes it.
   */
  writer: () => Promise<DurableStore>;
  /** Starts the run again after its recorded end, in this process. */
  resume: (request: ResumeRequest) => Promise<Orchestration>;
  /** Sees every durable event of the runs this process drives (terminal output), with the state after it. */
  onEvent?: (event: RunEvent, state: DashboardState) => void;
  /** Tells the person at the terminal something (e.g. the file a dashboard asked to open). */
  tell: (line: string) => void;
  /** Called each time a run of this process ends (a retry after the end makes it end again later). */
  onFinished?: (result: RunResult) => void;
}

const TERMINAL: ReadonlySet<string> = new Set(['succeeded', 'failed', 'cancelled', 'blocked']);

/**
 * The host's side of the dashboard's actions, for the run it shows: while the run is live in this process,
 * retry and cancel go to its Orchestration; once it is over (or when it was only recorded), a retry resumes
 * it, which makes this process the store's writer, if no other process is.
 */
export class RunControl implements DashboardActions {
  private orchestration: Orchestration | undefined;
  private active = false;
  private resuming = false;
  private result: RunResult | undefined;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: RunControlOptions) {}

  /** True while a run of this process is going. */
  get running(): boolean {
    return this.active;
  }

  /** The outcome of the last run this process drove, once it ended. */
  get lastResult(): RunResult | undefined {
    return this.result;
  }

  /** Follows a run of this process: its durable events go to the hub and the terminal. */
  attach(orchestration: Orchestration): void {
    this.orchestration = orchestration;
    orchestration.onEvent((event) => {
      this.options.hub.apply(event);
      this.options.onEvent?.(event, this.options.hub.state);
    });
    this.watch(orchestration);
  }

  /**
   * Marks the run going until its `done` settles. A retry after the end starts a new life of the same
   * orchestration, whose `done` is then another promise: that one is watched in turn.
   */
  private watch(orchestration: Orchestration): void {
    this.active = true;
    const done = orchestration.done;
    const settle = (result: RunResult | undefined): void => {
      if (this.orchestration !== orchestration) return;
      if (orchestration.done !== done) return this.watch(orchestration);
      this.result = result ?? this.result;
      this.active = false;
      if (result) this.options.onFinished?.(result);
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    };
    done.then(settle, () => settle(undefined));
  }

  /** Resolves once no run of this process is going. */
  idle(): Promise<void> {
    if (!this.active) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Cancels the live run, if any, and waits until it has stopped. */
  async stop(reason: string): Promise<boolean> {
    if (!this.active || !this.orchestration) return false;
    this.orchestration.cancel(reason);
    await this.idle();
    return true;
  }

  async perform(message: ActionMessage): Promise<ActionOutcome> {
    switch (message.type) {
      case 'retryTask':
        return this.retry(message.taskId);
      case 'cancelTask':
        return this.cancelTask(message.taskId);
      case 'cancelRun':
        return this.cancelRun();
      case 'openFile':
        return this.openFile(message.path, message.line);
      case 'openTaskLog':
        return { ok: false, message: `The browser dashboard shows ${message.taskId}'s log in its details panel; every event of the run: prp-orchestrator audit ${this.runId() ?? '<runId>'}.` };
    }
  }

  async history(): Promise<HistoryMessage> {
    const store = this.options.readStore();
    const runs = store.listRuns().map((r) => ({ runId: r.runId, title: r.title, status: r.status, startedAt: r.startedAt, finishedAt: r.finishedAt, totals: r.totals }));
    return { type: 'history', runs, agents: store.agentStats() };
  }

  private runId(): string | undefined {
    return this.options.hub.state.run.runId;
  }

  private knownTask(taskId: string): ActionOutcome | undefined {
    if (this.options.hub.state.taskIndex[taskId] === undefined) return { ok: false, message: `The run has no task ${taskId}.` };
    return undefined;
  }

  private async retry(taskId: string): Promise<ActionOutcome> {
    const unknown = this.knownTask(taskId);
    if (unknown) return unknown;
    const orchestration = this.orchestration;
    if (!orchestration) return this.resume(taskId);
    // After the end, the orchestration itself starts a new life of the run for the retried task.
    if (!orchestration.retryTask(taskId)) {
      return { ok: false, message: `${taskId} cannot run again now: only a task that failed, was cancelled or is blocked can.` };
    }
    if (!this.active) this.watch(orchestration);
    return { ok: true, message: `${taskId} runs again.` };
  }

  /** Resumes the shown run in this process (tasks that succeeded are kept), then asks for the task again. */
  private async resume(taskId: string): Promise<ActionOutcome> {
    const runId = this.runId();
    if (runId === undefined) return { ok: false, message: 'There is no recorded run to resume.' };
    if (this.resuming) return { ok: false, message: `Run ${runId} is being resumed already.` };
    this.resuming = true;
    try {
      const store = await this.options.writer();
      // Whatever another process recorded since this view was loaded comes first, so versions stay in order.
      for (const event of store.events(runId, this.options.hub.state.lastSeq)) this.options.hub.apply(event);
      const orchestration = await this.options.resume({ store, runId });
      this.attach(orchestration);
      orchestration.retryTask(taskId);
      return { ok: true, message: `Resumed run ${runId}: ${taskId} and every other task that did not succeed run again.` };
    } catch (error) {
      if (error instanceof CliError) return { ok: false, message: `Cannot resume run ${runId}: ${error.message.replace(/\.$/, '')}.` };
      throw error;
    } finally {
      this.resuming = false;
    }
  }

  private cancelTask(taskId: string): ActionOutcome {
    const unknown = this.knownTask(taskId);
    if (unknown) return unknown;
    if (!this.active || !this.orchestration) return { ok: false, message: 'The run is not running in this process, so there is nothing to cancel.' };
    const state = this.options.hub.state;
    const status = state.tasks[state.taskIndex[taskId]!]!.status;
    if (TERMINAL.has(status)) return { ok: false, message: `${taskId} is ${status} already.` };
    this.orchestration.cancelTask(taskId, 'cancelled from the dashboard');
    return { ok: true, message: `${taskId} is being cancelled; the tasks that depend on it are blocked.` };
  }

  private cancelRun(): ActionOutcome {
    if (!this.active || !this.orchestration) return { ok: false, message: 'The run is not running in this process, so there is nothing to cancel.' };
    this.orchestration.cancel('cancelled from the dashboard');
    return { ok: true, message: 'The run is being cancelled: running tasks are stopped first.' };
  }

  /** A browser has no editor to open a file in: the path goes to the terminal, where a person can click it. */
  private openFile(file: string, line: number | undefined): ActionOutcome {
    const root = path.resolve(this.options.workspaceDir);
    const absolute = path.resolve(root, file);
    // The PRP itself may live outside the workspace (the person named it on the command line).
    const inside = absolute === root || absolute.startsWith(root + path.sep) || absolute === this.options.hub.state.run.prpPath;
    if (!inside) {
      return { ok: false, message: `${file} is outside the workspace ${root}, so it is not opened.` };
    }
    const where = line === undefined ? absolute : `${absolute}:${line}`;
    this.options.tell(`dashboard: open ${where}`);
    return { ok: false, message: `A browser cannot open files in your editor; the path is printed in the terminal: ${where}` };
  }
}
