import * as vscode from 'vscode';
import type { RunController } from '../runController';
import { parseTaskLogPath, renderTaskLog, TASK_LOG_SCHEME } from '../taskLogText';
import { KeyedThrottle } from '../throttle';

/** An open log document re-renders at most this often while its task runs. */
const LOG_REFRESH_MS = 250;

/**
 * Each task's log as a read-only virtual document (`prp-task-log:/<runId>/<taskId>.log`), rendered from the
 * run's DashboardState and refreshed while the run goes on.
 */
export class TaskLogProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly throttle = new KeyedThrottle(LOG_REFRESH_MS);
  private readonly subscription: vscode.Disposable;
  /** Runs looked up in the store and not found there. */
  private readonly unknownRuns = new Set<string>();

  constructor(private readonly controller: RunController) {
    this.subscription = controller.onDidChange((change) => {
      const touched = new Set(change.events.flatMap((e) => ('taskId' in e ? [e.taskId] : [])));
      for (const document of vscode.workspace.textDocuments) {
        if (document.uri.scheme !== TASK_LOG_SCHEME) continue;
        const target = parseTaskLogPath(document.uri.path);
        if (!target || target.runId !== change.runId) continue;
        if (change.events.length > 0 && !touched.has(target.taskId)) continue;
        const uri = document.uri;
        this.throttle.schedule(uri.toString(), () => this.emitter.fire(uri));
      }
    });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const target = parseTaskLogPath(uri.path);
    if (!target) return `Not a task log address: ${uri.toString()}\n`;
    const state = this.controller.runState(target.runId)?.state;
    if (state) return renderTaskLog(state, target.taskId);
    if (this.unknownRuns.has(target.runId)) return `Run ${target.runId} is not recorded in this workspace's PRP run database.\n`;
    // Not in memory yet: read it from the store, then render again.
    void this.controller.loadRecorded(target.runId).then(
      (change) => {
        if (!change) this.unknownRuns.add(target.runId);
        this.emitter.fire(uri);
      },
      () => {
        this.unknownRuns.add(target.runId);
        this.emitter.fire(uri);
      },
    );
    return `Loading the log of task ${target.taskId} (run ${target.runId})…\n`;
  }

  dispose(): void {
    this.throttle.dispose();
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
