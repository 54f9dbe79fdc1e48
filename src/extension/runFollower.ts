import * as vscode from 'vscode';
import { statusCounts } from '../shared/dashboardState';
import type { RunEvent } from '../orchestrator/model';
import type { RunChange } from './controllerApi';
import type { EngineModule } from './engineLoader';
import type { Orchestration } from './engineSession';
import { eventLine } from './eventLines';
import { formatCost } from './format';
import { SHOW_DASHBOARD_COMMAND } from './ids';
import { LiveRun } from './liveRun';
import { plannedState } from './plannedState';
import { showFailure, showRunSummary } from './prompts';
import type { RunRegistry } from './runRegistry';
import { runSummary } from './runSummary';
import type { StoreAccess } from './storeAccess';

export interface RunFollowerOptions {
  registry: RunRegistry;
  storeAccess: StoreAccess;
  engine: () => Promise<EngineModule>;
  output: vscode.LogOutputChannel;
  /** Every change of a followed run goes here (the controller's onDidChange). */
  fire(change: RunChange): void;
  /** Workers of a fresh state before the run says how many it has. */
  workers(): number;
  /** Opens a task's log (from the end-of-run notification). */
  openTaskLog(runId: string, taskId: string): Promise<void>;
}

type RunProgress = vscode.Progress<{ message?: string; increment?: number }>;

/**
 * Follows the runs this window starts or resumes: a cancellable progress notification for each, their events
 * into the registry (as LiveRun batches), notable events into the output channel, and the summary when a run
 * ends.
 */
export class RunFollower {
  private readonly lives = new Map<string, LiveRun>();
  private closing = false;

  constructor(private readonly options: RunFollowerOptions) {}

  live(runId: string): LiveRun | undefined {
    return this.lives.get(runId);
  }

  liveRunIds(): string[] {
    return [...this.lives.keys()];
  }

  /**
   * Starts a run with `start` under a progress notification and follows it. Resolves once the run has started
   * (or failed to): the notification stays until the run ends.
   */
  async follow(title: string, prpPath: string, start: () => Promise<Orchestration>): Promise<void> {
    let started: () => void = () => undefined;
    const isStarted = new Promise<void>((resolve) => (started = resolve));
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      progress.report({ message: 'planning…' });
      let orchestration: Orchestration;
      try {
        orchestration = await start();
      } catch (error) {
        started();
        showFailure(title, error, this.options.output);
        return;
      }
      const run = await this.attach(orchestration, prpPath, progress);
      started();
      token.onCancellationRequested(() => orchestration.cancel('cancelled from the progress notification'));
      await this.afterEnd(run);
    });
    await isStarted;
  }

  /** Stops following every run without recording anything (the window is closing); returns them. */
  detachAll(): LiveRun[] {
    this.closing = true;
    const runs = [...this.lives.values()];
    for (const run of runs) run.detach();
    return runs;
  }

  private async attach(orchestration: Orchestration, prpPath: string, progress: RunProgress): Promise<LiveRun> {
    const engine = await this.options.engine();
    let reported = 0;
    const run = new LiveRun({
      orchestration,
      registry: this.options.registry,
      store: this.options.storeAccess.opened!.store,
      initial: plannedState(engine, orchestration.plan, prpPath, this.options.workers(), orchestration.runId),
      prpPath,
      onChange: (change) => {
        for (const event of change.events) this.log(event);
        const counts = statusCounts(change.state);
        const percent = (100 * counts.succeeded) / Math.max(1, change.state.tasks.length);
        const message = `${counts.succeeded}/${change.state.tasks.length} done · ${counts.running} running · ${formatCost(change.state.run.costUsd)}`;
        progress.report({ message, increment: percent - reported });
        reported = percent;
        this.options.fire(change);
      },
    });
    this.lives.set(run.runId, run);
    return run;
  }

  private async afterEnd(run: LiveRun): Promise<void> {
    const end = await run.ended;
    this.lives.delete(run.runId);
    if (this.closing) return;
    if (end.error !== undefined) {
      showFailure(`Run ${run.runId} stopped`, end.error, this.options.output);
      return;
    }
    const view = runSummary(end.change.state);
    this.options.output.info(view.message);
    // Not awaited: the progress notification closes now, while the summary waits for the person.
    void showRunSummary(view).then(async (choice) => {
      if (choice === 'dashboard') await vscode.commands.executeCommand(SHOW_DASHBOARD_COMMAND, run.runId);
      if (choice === 'log' && view.failedTaskIds[0]) await this.options.openTaskLog(run.runId, view.failedTaskIds[0]);
    });
  }

  private log(event: RunEvent): void {
    const line = eventLine(event);
    if (!line) return;
    if (line.level === 'error') this.options.output.error(line.text);
    else if (line.level === 'warn') this.options.output.warn(line.text);
    else this.options.output.info(line.text);
  }
}
