import * as vscode from 'vscode';
import type { RunControllerApi } from '../controllerApi';
import { SHOW_DASHBOARD_COMMAND } from '../ids';
import { statusBarView } from '../statusBarText';

/** The status bar item: live progress of the active run; a click opens the dashboard. */
export function registerStatusBar(controller: RunControllerApi): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('prpOrchestrator.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'PRP Orchestrator';
  item.command = SHOW_DASHBOARD_COMMAND;
  const update = (): void => {
    const view = statusBarView(controller.activeRun()?.state);
    item.text = view.text;
    item.tooltip = view.tooltip;
    if (view.visible) item.show();
    else item.hide();
  };
  update();
  const subscription = controller.onDidChange(update);
  return vscode.Disposable.from(item, subscription);
}
