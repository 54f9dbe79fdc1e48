/**
 * The dashboard panel in VS Code: "PRP: Show Dashboard", "PRP: Preview Plan" (the planned graph and routing,
 * without running) and the serializer that brings the panel back after a window reload. One panel at a time;
 * each command reuses it.
 */
import * as vscode from 'vscode';
import type { RunChange, RunControllerApi } from '../controllerApi';
import { COMMANDS } from '../prpFiles/commandIds';
import { resolvePrpUri } from '../prpFiles/prpDocuments';
import { DASHBOARD_VIEW_TYPE, DashboardPanel } from './panel';
import type { DashboardPanelDeps } from './panel';
import { parseMemento, SHOWN_MEMENTO_KEY, toMemento } from './shownMemento';

export { DASHBOARD_VIEW_TYPE } from './panel';

/**
 * Registers the dashboard commands and the panel serializer.
 *
 * @param output where refused webview messages and failed actions are logged; default: a channel of its own,
 *   created the first time something is logged.
 */
export function registerDashboard(context: vscode.ExtensionContext, controller: RunControllerApi, output?: vscode.OutputChannel): void {
  let channel = output;
  const log = (line: string): void => {
    channel ??= remember(context, vscode.window.createOutputChannel('PRP Dashboard', { log: true }));
    // A log channel stamps its own lines; a plain one gets a time stamp here.
    if ('warn' in channel) (channel as vscode.LogOutputChannel).warn(line);
    else channel.appendLine(`[${new Date().toISOString()}] ${line}`);
  };
  const onShown = (change: RunChange | undefined): void => void context.workspaceState.update(SHOWN_MEMENTO_KEY, toMemento(change));
  const deps: DashboardPanelDeps = { extensionUri: context.extensionUri, controller, log, onShown };
  let current: DashboardPanel | undefined;

  const adopt = (panel: DashboardPanel): DashboardPanel => {
    current = panel;
    panel.onDidDispose(() => {
      if (current === panel) current = undefined;
    });
    return panel;
  };
  const open = (change: RunChange | undefined): void => {
    if (current) current.show(change);
    else adopt(DashboardPanel.create(deps, change));
  };

  context.subscriptions.push(
    { dispose: () => current?.dispose() },
    vscode.commands.registerCommand(COMMANDS.showDashboard, (runId?: unknown) => {
      const change = typeof runId === 'string' ? controller.runState(runId) : current ? undefined : controller.activeRun();
      open(change);
    }),
    vscode.commands.registerCommand(COMMANDS.previewPlan, async (arg?: unknown) => {
      const uri = await resolvePrpUri(arg, 'PRP: Preview Plan');
      if (!uri) return;
      // The controller tells the person when planning fails; there is then nothing to show.
      const preview = await controller.previewPlan(uri);
      if (preview) open(preview);
    }),
    vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel) => {
        const change = await restoredChange(controller, context.workspaceState.get<unknown>(SHOWN_MEMENTO_KEY));
        current?.dispose();
        adopt(DashboardPanel.revive(panel, deps, change));
      },
    }),
  );
}

/**
 * What a panel restored after a reload shows: the same run, or a fresh plan of the same PRP for a preview, else
 * the active run. A run the controller has not loaded yet is picked up when it reports it (see shouldFollow).
 */
async function restoredChange(controller: RunControllerApi, stored: unknown): Promise<RunChange | undefined> {
  const memento = parseMemento(stored);
  if (memento && !memento.preview) return controller.runState(memento.runId) ?? controller.activeRun();
  if (memento?.preview) {
    const preview = await controller.previewPlan(vscode.Uri.file(memento.prpPath)).catch(() => undefined);
    if (preview) return preview;
  }
  return controller.activeRun();
}

function remember<T extends vscode.Disposable>(context: vscode.ExtensionContext, disposable: T): T {
  context.subscriptions.push(disposable);
  return disposable;
}
