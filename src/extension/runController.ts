import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DashboardState } from '../shared/dashboardState';
import type { AgentProfile, AgentStats, RunnerSpec, RunRecord } from '../orchestrator/index';
import type { RunSummary } from '../shared/protocol';
import { prpName, retryDecision } from './commandLogic';
import type { RunChange, RunControllerApi } from './controllerApi';
import type { EngineModule } from './engineLoader';
import type { OrchestrationOptions, PlanRequest } from './engineSession';
import { plannedState } from './plannedState';
import { pickRun, pickTask, requireTrust, showFailure } from './prompts';
import { RunFollower } from './runFollower';
import { RunHistory } from './runHistory';
import { RunRegistry } from './runRegistry';
import { readSettings, SETTINGS_SECTION } from './settings';
import type { ExtensionSettings } from './settings';
import { StoreAccess } from './storeAccess';
import type { OpenedStore } from './storeAccess';
import { TASK_LOG_SCHEME, taskLogPath } from './taskLogText';

export interface RunControllerOptions {
  /** The store folder (under ExtensionContext.storageUri). */
  storeDir: string;
  output: vscode.LogOutputChannel;
  engine: () => Promise<EngineModule>;
}

/**
 * The one object that knows about runs in this window (see RunControllerApi). It starts and resumes runs
 * through the engine's session API, follows their durable events into one DashboardState per run, and reads
 * past runs from the workspace's store. It holds no view: trees, status bar, CodeLens and dashboard listen.
 */
export class RunController implements RunControllerApi, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<RunChange>();
  readonly onDidChange = this.emitter.event;
  readonly registry = new RunRegistry();
  readonly storeAccess: StoreAccess;
  private readonly previews = new Map<string, RunChange>();
  /** PRP files whose run is being planned and started, so a double click starts one run, not two. */
  private readonly starting = new Set<string>();
  private readonly runHistory: RunHistory;
  private readonly follower: RunFollower;

  constructor(private readonly options: RunControllerOptions) {
    this.storeAccess = new StoreAccess(options.storeDir, options.engine);
    this.runHistory = new RunHistory({
      storeAccess: this.storeAccess,
      engine: options.engine,
      registry: this.registry,
      liveRunIds: () => new Set(this.follower.liveRunIds()),
      onLoaded: (change) => this.emitter.fire(change),
      warn: (message) => options.output.warn(message),
    });
    this.follower = new RunFollower({
      registry: this.registry,
      storeAccess: this.storeAccess,
      engine: options.engine,
      output: options.output,
      fire: (change) => this.emitter.fire(change),
      workers: () => this.settings().workers,
      openTaskLog: (runId, taskId) => this.openTaskLog(runId, taskId),
    });
  }

  activeRun(): RunChange | undefined {
    return this.registry.active();
  }

  runForPrp(prpPath: string): RunChange | undefined {
    void this.loadHistory();
    return this.registry.forPrp(prpPath);
  }

  runState(runId: string): RunChange | undefined {
    return this.registry.get(runId) ?? this.previews.get(runId);
  }

  isLive(runId: string): boolean {
    return this.follower.live(runId) !== undefined;
  }

  liveRunIds(): string[] {
    return this.follower.liveRunIds();
  }

  settings(): ExtensionSettings {
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    return readSettings((key) => config.get(key));
  }

  // -------------------------------------------------------------------------------------------------------
  // Starting, resuming and steering runs
  // -------------------------------------------------------------------------------------------------------

  async orchestrate(prpUri: vscode.Uri, options: { onlyTasks?: string[] } = {}): Promise<void> {
    if (!requireTrust('Orchestrate PRP')) return;
    const prpPath = prpUri.fsPath;
    const running = this.registry.liveRuns().find((e) => e.prpPath === prpPath);
    if (running || this.starting.has(prpPath)) {
      void vscode.window.showInformationMessage(`${prpName(prpPath, 'This PRP')} is already running${running ? ` (${running.runId})` : ''}; cancel it first to start it again.`);
      return;
    }
    this.starting.add(prpPath);
    try {
      await this.startRun(prpPath, options.onlyTasks);
    } finally {
      this.starting.delete(prpPath);
    }
  }

  private async startRun(prpPath: string, onlyTasks?: string[]): Promise<void> {
    const opened = await this.writableStore();
    if (!opened) return;
    const settings = this.checkedSettings();
    if (!settings) return;
    const engine = await this.options.engine();
    const request: OrchestrationOptions = {
      ...this.planRequest(prpPath, settings),
      store: opened.store,
      runner: runnerSpec(settings),
      ...engineSettings(settings),
      recipe: { frontEnd: 'vscode' },
      ...(onlyTasks ? { onlyTasks } : {}),
    };
    await this.follower.follow(`Orchestrating ${prpName(prpPath, 'PRP')}`, prpPath, () => engine.startOrchestration(request));
  }

  async resumeRun(runId?: string): Promise<void> {
    if (!requireTrust('Resume Run')) return;
    const opened = await this.writableStore();
    if (!opened) return;
    const chosen = runId ?? (await this.pickInterrupted(opened));
    if (!chosen) return;
    if (this.isLive(chosen)) {
      void vscode.window.showInformationMessage(`Run ${chosen} is already running in this window.`);
      return;
    }
    const engine = await this.options.engine();
    const prpPath = engine.readRecipe(opened.store, chosen)?.prpPath ?? '';
    await this.follower.follow(`Resuming ${prpName(prpPath, chosen)}`, prpPath, () => engine.resumeOrchestration({ store: opened.store, runId: chosen }));
  }

  async cancelRun(runId?: string): Promise<void> {
    const live = this.registry.liveRuns();
    const chosen = runId ?? (live.length > 1 ? await pickRun(live.map((e) => this.recordOf(e.runId, e.state)), 'Cancel Run', 'Choose the run to cancel') : live[0]?.runId);
    const run = chosen ? this.follower.live(chosen) : undefined;
    if (!run) {
      void vscode.window.showInformationMessage(chosen ? `Run ${chosen} is not running in this window.` : 'No PRP run is running in this window.');
      return;
    }
    this.options.output.info(`[${run.runId}] cancel requested`);
    run.orchestration.cancel('cancelled from VS Code');
  }

  async cancelTask(runId: string, taskId: string): Promise<void> {
    const run = this.follower.live(runId);
    if (!run) {
      void vscode.window.showInformationMessage(`Task ${taskId} cannot be cancelled: run ${runId} is not running in this window.`);
      return;
    }
    run.orchestration.cancelTask(taskId, 'cancelled from VS Code');
  }

  async retryTask(runId: string, taskId: string): Promise<boolean> {
    if (!requireTrust('Retry Task')) return false;
    const state = this.runState(runId)?.state ?? (await this.loadRecorded(runId))?.state;
    const task = state?.tasks[state.taskIndex[taskId] ?? -1];
    if (!state || !task) {
      void vscode.window.showWarningMessage(`Task ${taskId} of run ${runId} is not known here; open the Runs view to see recorded runs.`);
      return false;
    }
    const live = this.follower.live(runId);
    const decision = retryDecision(task.status, taskId, live !== undefined);
    if (decision.kind === 'refuse') {
      void vscode.window.showInformationMessage(decision.message);
      return false;
    }
    if (decision.kind === 'resume') {
      const choice = await vscode.window.showInformationMessage(decision.message, 'Resume Run');
      if (choice !== 'Resume Run') return false;
      await this.resumeRun(runId);
      return true;
    }
    const retried = live!.orchestration.retryTask(taskId);
    if (!retried) void vscode.window.showWarningMessage(`Task ${taskId} could not be retried now; when the run ends, Resume Run runs it again.`);
    return retried;
  }

  /** Asks for a task of the active run when a task command came from the palette without one. */
  async pickTaskOfActiveRun(title: string, filter: (status: string) => boolean): Promise<{ runId: string; taskId: string } | undefined> {
    const active = this.activeRun();
    if (!active) {
      void vscode.window.showInformationMessage(`${title}: no PRP run in this window yet; choose a task in the Runs view.`);
      return undefined;
    }
    const taskId = await pickTask(active.state.tasks.filter((t) => filter(t.status)), title);
    return taskId ? { runId: active.runId, taskId } : undefined;
  }

  async openTaskLog(runId: string, taskId: string): Promise<void> {
    if (!this.runState(runId)) await this.loadRecorded(runId);
    const uri = vscode.Uri.from({ scheme: TASK_LOG_SCHEME, path: taskLogPath(runId, taskId) });
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, 'log').then(undefined, () => document);
    await vscode.window.showTextDocument(uri, { preview: true });
  }

  // -------------------------------------------------------------------------------------------------------
  // Plans and history
  // -------------------------------------------------------------------------------------------------------

  async previewPlan(prpUri: vscode.Uri): Promise<RunChange | undefined> {
    const prpPath = prpUri.fsPath;
    const settings = this.settings();
    try {
      const engine = await this.options.engine();
      const plan = await engine.preparePlan({ ...this.planRequest(prpPath, settings), store: this.storeAccess.opened?.store });
      const runId = `preview:${prpPath}`;
      const change: RunChange = { runId, prpPath, state: plannedState(engine, plan, prpPath, settings.workers), events: [] };
      this.previews.set(runId, change);
      return change;
    } catch (error) {
      showFailure(`Cannot plan ${path.basename(prpPath)}`, error, this.options.output);
      return undefined;
    }
  }

  history(): Promise<{ runs: RunSummary[]; agents: AgentStats[] }> {
    return this.runHistory.summaries();
  }

  /** The workspace's agent definitions (per the agent settings) with what past runs recorded about them. */
  async workspaceAgents(): Promise<{ agents: AgentProfile[]; stats: AgentStats[] }> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) return { agents: [], stats: [] };
    const settings = this.settings();
    const engine = await this.options.engine();
    const { agents, warnings } = await engine.loadAgents({
      workspaceDir: folder.uri.fsPath,
      agentsDirs: settings.agentFolders.length > 0 ? settings.agentFolders.map((dir) => path.resolve(folder.uri.fsPath, dir)) : undefined,
      userAgentsDir: settings.includeUserAgents ? undefined : null,
    });
    for (const warning of warnings) this.options.output.warn(`Agent definition skipped: ${warning.message}`);
    const stats = await this.runHistory.summaries().then((s) => s.agents, () => []);
    return { agents, stats };
  }

  /** Recorded runs, newest first, and whether each is interrupted (resumable). */
  recordedRuns(): Promise<Array<{ record: RunRecord; interrupted: boolean }>> {
    return this.runHistory.records();
  }

  interruptedRuns(): Promise<RunRecord[]> {
    return this.runHistory.interrupted();
  }

  loadRecorded(runId: string): Promise<RunChange | undefined> {
    return this.runHistory.load(runId);
  }

  /** Reads the newest recorded runs once, so CodeLens and trees show past runs; never during activation. */
  loadHistory(): Promise<void> {
    return this.runHistory.loadRecent();
  }

  // -------------------------------------------------------------------------------------------------------
  // Closing
  // -------------------------------------------------------------------------------------------------------

  /**
   * The window is closing or reloading: nothing is recorded as cancelled, so an unfinished run stays
   * "running" in the store and is offered for resume next time. The store is closed first (its journal flushed,
   * the lock released); then the engine is told to stop, which ends agent processes, and what it would record
   * about that can no longer be written.
   */
  async shutdown(): Promise<void> {
    const runs = this.follower.detachAll();
    await this.storeAccess.close().catch(() => undefined);
    for (const run of runs) run.orchestration.cancel('the VS Code window closed');
  }

  dispose(): void {
    this.emitter.dispose();
  }

  // -------------------------------------------------------------------------------------------------------
  // Internals
  // -------------------------------------------------------------------------------------------------------

  /** Where the run works (the PRP's workspace folder) and which agents it may use, from the settings. */
  private planRequest(prpPath: string, settings: ExtensionSettings): PlanRequest {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(prpPath));
    const workspaceDir = folder?.uri.fsPath ?? path.dirname(prpPath);
    return {
      prpPath,
      workspaceDir,
      agentsDirs: settings.agentFolders.length > 0 ? settings.agentFolders.map((dir) => path.resolve(workspaceDir, dir)) : undefined,
      userAgentsDir: settings.includeUserAgents ? undefined : null,
      routingWeights: settings.routingWeights,
    };
  }

  /** The store as its writer, or undefined after telling the person why this window cannot run. */
  private async writableStore(): Promise<OpenedStore | undefined> {
    try {
      const opened = await this.storeAccess.open();
      if (!opened.readOnly) return opened;
      void vscode.window.showWarningMessage(opened.readOnlyReason ?? 'The run database is read-only in this window.');
    } catch (error) {
      showFailure('Cannot open the PRP run database', error, this.options.output);
    }
    return undefined;
  }

  private checkedSettings(): ExtensionSettings | undefined {
    const settings = this.settings();
    for (const warning of settings.warnings) this.options.output.warn(warning);
    if (settings.runner.kind === 'command' && settings.runner.command === '') {
      void vscode.window.showErrorMessage(settings.warnings.find((w) => w.includes('command.line')) ?? 'Set prpOrchestrator.command.line.', 'Open Settings').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'prpOrchestrator.command.line');
      });
      return undefined;
    }
    return settings;
  }

  private async pickInterrupted(opened: OpenedStore): Promise<string | undefined> {
    const engine = await this.options.engine();
    const runs = engine.interruptedRuns(opened.store).filter((r) => !this.isLive(r.runId));
    if (runs.length === 0) {
      void vscode.window.showInformationMessage('No interrupted PRP run to resume in this workspace.');
      return undefined;
    }
    return pickRun(runs, 'Resume Run', 'Choose the interrupted run to resume');
  }

  private recordOf(runId: string, state: DashboardState): RunRecord {
    return { runId, title: state.run.title, status: 'running', taskCount: state.tasks.length, workers: state.run.workers, startedAt: state.run.startedAt ?? Date.now(), lastSeq: state.lastSeq };
  }
}

/** The runner as data, so the run records it and a resume (even in a later window) builds the same one. */
function runnerSpec(settings: ExtensionSettings): RunnerSpec {
  return settings.runner;
}

function engineSettings(settings: ExtensionSettings) {
  return {
    workers: settings.workers,
    maxAttempts: settings.maxAttempts,
    taskTimeoutMs: settings.taskTimeoutMs,
    runBudgetUsd: settings.runBudgetUsd,
    maxConcurrencyPerAgent: settings.maxConcurrencyPerAgent,
  };
}
