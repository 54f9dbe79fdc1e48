/**
 * The small conversations the commands have with the person: trust refusals, pickers and the end-of-run
 * notification. Decisions and wording come from the vscode-free modules; this file only shows them.
 */
import * as vscode from 'vscode';
import type { RunRecord } from '../orchestrator/index';
import { filePickItem, trustRefusal } from './commandLogic';
import { formatCost } from './format';
import type { RunSummaryView } from './runSummary';

const MANAGE_TRUST = 'Manage Workspace Trust';

/** True in a trusted workspace; otherwise says why `action` needs trust and offers to manage it. */
export function requireTrust(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(trustRefusal(action), MANAGE_TRUST).then((choice) => {
    if (choice === MANAGE_TRUST) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}

export async function pickFile(paths: readonly string[], title: string): Promise<string | undefined> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const items = paths.map((p) => filePickItem(p, root));
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Choose the PRP file to orchestrate' });
  return picked?.path;
}

export async function pickRun(records: readonly RunRecord[], title: string, placeHolder: string): Promise<string | undefined> {
  if (records.length === 1) return records[0]!.runId;
  const items = records.map((r) => ({
    label: r.title,
    description: `${r.runId} · ${r.taskCount} tasks · ${formatCost(r.totals?.costUsd ?? 0)}`,
    detail: `started ${new Date(r.startedAt).toLocaleString()}`,
    runId: r.runId,
  }));
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder });
  return picked?.runId;
}

export async function pickTask(tasks: ReadonlyArray<{ id: string; title: string; status: string }>, title: string): Promise<string | undefined> {
  if (tasks.length === 0) return undefined;
  const items = tasks.map((t) => ({ label: `${t.id} ${t.title}`, description: t.status, taskId: t.id }));
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Choose a task' });
  return picked?.taskId;
}

/** Shows the end-of-run notification; resolves with the button chosen, if any. */
export async function showRunSummary(view: RunSummaryView): Promise<'dashboard' | 'log' | undefined> {
  const buttons = view.failedTaskIds.length > 0 ? ['Show Dashboard', 'Open Failed Task Log'] : ['Show Dashboard'];
  const show =
    view.severity === 'info' ? vscode.window.showInformationMessage : view.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  const choice = await show(view.message, ...buttons);
  if (choice === 'Show Dashboard') return 'dashboard';
  if (choice === 'Open Failed Task Log') return 'log';
  return undefined;
}

/** A message for an unexpected error: what failed and where to read more. */
export function showFailure(what: string, error: unknown, output: vscode.LogOutputChannel): void {
  const message = error instanceof Error ? error.message : String(error);
  output.error(`${what}: ${message}`);
  void vscode.window.showErrorMessage(`${what}: ${message}`, 'Show Output').then((choice) => {
    if (choice === 'Show Output') output.show(true);
  });
}
