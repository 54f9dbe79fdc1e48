import type * as vscode from 'vscode';
import type { AgentStats } from '../orchestrator/model';
import type { DashboardState } from '../shared/dashboardState';
import type { RunSummary } from '../shared/protocol';
import type { RunEvent } from '../orchestrator/model';

/** What changed: the run, its new state, and the events that led there (empty for a fresh snapshot). */
export interface RunChange {
  runId: string;
  prpPath: string;
  state: DashboardState;
  events: readonly RunEvent[];
}

/**
 * The one object that knows about runs in this window. Views (trees, CodeLens, status bar, dashboard panel)
 * read from it and listen to `onDidChange`; commands call its methods. It never exposes the engine itself.
 */
export interface RunControllerApi {
  readonly onDidChange: vscode.Event<RunChange>;
  /** The run shown by default: the running one, else the newest of this window. */
  activeRun(): RunChange | undefined;
  /** The newest run (live or recorded) of a PRP file, for its CodeLens. */
  runForPrp(prpPath: string): RunChange | undefined;
  runState(runId: string): RunChange | undefined;
  /**
   * Starts orchestrating a PRP (refused with a message in an untrusted workspace); with `onlyTasks`, only
   * those tasks and what they wait for.
   */
  orchestrate(prpUri: vscode.Uri, options?: { onlyTasks?: string[] }): Promise<void>;
  /** Plans and routes without running: the state of a run that never starts. */
  previewPlan(prpUri: vscode.Uri): Promise<RunChange | undefined>;
  cancelRun(runId?: string): Promise<void>;
  cancelTask(runId: string, taskId: string): Promise<void>;
  /** Runs a failed, cancelled or blocked task again; resolves false with a shown message when it cannot. */
  retryTask(runId: string, taskId: string): Promise<boolean>;
  resumeRun(runId?: string): Promise<void>;
  openTaskLog(runId: string, taskId: string): Promise<void>;
  /** Past runs and per-agent statistics from the store, for the dashboard's metrics view. */
  history(): Promise<{ runs: RunSummary[]; agents: AgentStats[] }>;
}
