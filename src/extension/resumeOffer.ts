import * as vscode from 'vscode';
import { statusCounts } from '../shared/dashboardState';
import { prpName, resumeQuestion } from './commandLogic';
import type { RunController } from './runController';

/**
 * When the workspace opens with a run that a closed or crashed window left unfinished, asks whether to resume
 * it. Runs after activation (it reads the store, which loads sql.js); in an untrusted workspace it waits until
 * the person trusts it, since resuming runs agents.
 */
/** Lets the workbench finish starting before the store (and sql.js) is loaded to look for interrupted runs. */
const RESUME_CHECK_DELAY_MS = 1000;

export function scheduleResumeOffer(controller: RunController): vscode.Disposable {
  if (!vscode.workspace.isTrusted) {
    return vscode.workspace.onDidGrantWorkspaceTrust(() => void offerResume(controller));
  }
  const timer = setTimeout(() => void offerResume(controller), RESUME_CHECK_DELAY_MS);
  return new vscode.Disposable(() => clearTimeout(timer));
}

export async function offerResume(controller: RunController): Promise<void> {
  let runs;
  try {
    runs = await controller.interruptedRuns();
  } catch {
    return; // No readable store: nothing to offer; the commands report store problems when used.
  }
  const newest = runs[0];
  if (!newest) return;
  const change = await controller.loadRecorded(newest.runId).catch(() => undefined);
  const done = change ? statusCounts(change.state).succeeded : 0;
  const total = change?.state.tasks.length ?? newest.taskCount;
  const question = resumeQuestion(prpName(change?.prpPath || undefined, newest.title), done, total);
  const more = runs.length > 1 ? ` ${runs.length - 1} more interrupted run(s) are in the Runs view.` : '';
  const choice = await vscode.window.showInformationMessage(`${question}${more}`, 'Resume', 'Not now');
  if (choice === 'Resume') await controller.resumeRun(newest.runId);
}
