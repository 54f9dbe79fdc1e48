import * as path from 'node:path';
import * as vscode from 'vscode';
import { registerRunCommands } from './commands';
import { loadEngine } from './engineLoader';
import { registerDashboard } from './dashboard/index';
import { registerPrpFiles } from './prpFiles/index';
import { scheduleResumeOffer } from './resumeOffer';
import { RunController } from './runController';
import { TASK_LOG_SCHEME } from './taskLogText';
import { AGENTS_VIEW, RUNNING_CONTEXT, RUNS_VIEW } from './ids';
import { AgentsTreeProvider } from './views/agentsTree';
import { RunsTreeProvider } from './views/runsTree';
import { registerStatusBar } from './views/statusBar';
import { TaskLogProvider } from './views/taskLogProvider';

/** The controller of this window, kept so `deactivate` can close the store before the host goes away. */
let controller: RunController | undefined;

/**
 * Activation only wires things up: the engine and sql.js are loaded the first time a command, view or CodeLens
 * needs them (see engineLoader.ts), so activating costs milliseconds.
 */
export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('PRP Orchestrator', { log: true });
  const run = new RunController({ storeDir: storeDirOf(context), output, engine: loadEngine });
  controller = run;
  const agents = new AgentsTreeProvider(run);
  const runs = new RunsTreeProvider(run);
  const logs = new TaskLogProvider(run);
  context.subscriptions.push(
    output,
    run,
    agents,
    runs,
    logs,
    vscode.window.createTreeView(AGENTS_VIEW, { treeDataProvider: agents }),
    vscode.window.createTreeView(RUNS_VIEW, { treeDataProvider: runs, showCollapseAll: true }),
    vscode.workspace.registerTextDocumentContentProvider(TASK_LOG_SCHEME, logs),
    registerStatusBar(run),
    ...registerRunCommands(run, agents, output),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('prpOrchestrator.agents')) agents.refresh();
    }),
    scheduleResumeOffer(run),
    run.onDidChange(() => setRunningContext(run.liveRunIds().length > 0)),
  );
  registerPrpFiles(context, run);
  registerDashboard(context, run, output);
}

/** Closes the store (flushing it) without recording anything as cancelled, so a reload can resume the run. */
export async function deactivate(): Promise<void> {
  const current = controller;
  controller = undefined;
  await current?.shutdown();
}

let runningContext: boolean | undefined;

/** The `prpOrchestrator.running` context key shows run-only commands (Cancel Task) in the palette. */
function setRunningContext(running: boolean): void {
  if (running === runningContext) return;
  runningContext = running;
  void vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, running);
}

/** The run database lives in the workspace's own storage; a window without a folder uses a global one. */
function storeDirOf(context: vscode.ExtensionContext): string {
  if (context.storageUri) return path.join(context.storageUri.fsPath, 'store');
  return path.join(context.globalStorageUri.fsPath, 'no-workspace-store');
}
