/**
 * The dashboard panel: a webview that loads dist/webview/main.js and main.css under a strict CSP and talks to
 * a DashboardSession. Its context is not retained while hidden: the webview says `ready` again when it comes
 * back and gets a fresh snapshot, which costs less memory than keeping a hidden React Flow graph alive.
 */
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { RunChange } from '../controllerApi';
import { buildDashboardHtml, createNonce, missingBundleHtml } from './html';
import type { DashboardController, DashboardPort } from './session';
import { DashboardSession, panelTitle } from './session';

/** The webview's view type; also the key of the serializer that restores it after a reload. */
export const DASHBOARD_VIEW_TYPE = 'prpOrchestrator.dashboard';

export interface DashboardPanelDeps {
  extensionUri: vscode.Uri;
  controller: DashboardController;
  log: (line: string) => void;
  /** Told what the panel shows whenever that changes, so it can be restored after a reload. */
  onShown?: (change: RunChange | undefined) => void;
}

export class DashboardPanel implements vscode.Disposable {
  private readonly session: DashboardSession;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  /** Opens a new panel beside the active editor. */
  static create(deps: DashboardPanelDeps, initial: RunChange | undefined): DashboardPanel {
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, panelTitle(initial), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, {
      ...webviewOptions(deps.extensionUri),
      retainContextWhenHidden: false,
      enableFindWidget: false,
    });
    return new DashboardPanel(panel, deps, initial);
  }

  /** Takes over a panel VS Code restored after a window reload. */
  static revive(panel: vscode.WebviewPanel, deps: DashboardPanelDeps, initial: RunChange | undefined): DashboardPanel {
    return new DashboardPanel(panel, deps, initial);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: DashboardPanelDeps,
    initial: RunChange | undefined,
  ) {
    panel.webview.options = webviewOptions(deps.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'prp.svg');
    this.session = new DashboardSession(deps.controller, this.port(), initial);
    panel.title = panelTitle(initial);
    deps.onShown?.(initial);
    panel.webview.html = this.html();
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => void this.session.receive(message)),
      panel.onDidChangeViewState((event) => {
        if (!event.webviewPanel.visible) this.session.detach();
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** The run or preview on screen. */
  get current(): RunChange | undefined {
    return this.session.current;
  }

  /** Shows `change` (or keeps what is shown when undefined) and brings the panel forward. */
  show(change: RunChange | undefined): void {
    if (change) this.session.show(change);
    this.panel.reveal(undefined, false);
  }

  /** Fires once, when the person closes the panel or the extension shuts down. */
  onDidDispose(listener: () => void): vscode.Disposable {
    return this.panel.onDidDispose(listener);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.session.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }

  private html(): string {
    const webview = this.panel.webview;
    const root = webviewRoot(this.deps.extensionUri);
    const script = vscode.Uri.joinPath(root, 'main.js');
    if (!existsSync(script.fsPath)) {
      this.deps.log(`Dashboard: ${script.fsPath} is missing; the dashboard cannot load.`);
      return missingBundleHtml(webview.cspSource, 'dist/webview/main.js');
    }
    return buildDashboardHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(script).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.css')).toString(),
      title: 'PRP Dashboard',
    });
  }

  private port(): DashboardPort {
    return {
      post: (message) => {
        if (this.disposed) return;
        this.panel.webview.postMessage(message).then(undefined, (error: unknown) => this.deps.log(`Dashboard: a message to the webview was lost (${String(error)}).`));
      },
      log: this.deps.log,
      openFile: async (absolutePath, line) => {
        const document = await vscode.workspace.openTextDocument(vscode.Uri.file(absolutePath));
        const position = new vscode.Position(Math.max(0, (line ?? 1) - 1), 0);
        // The file opens in the first group unless the dashboard is there, so the graph stays in sight.
        const viewColumn = this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
        await vscode.window.showTextDocument(document, { viewColumn, selection: new vscode.Range(position, position), preview: true });
      },
      workspaceRoots: () => (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
      shownRunChanged: (change) => {
        if (this.disposed) return;
        this.panel.title = panelTitle(change);
        this.deps.onShown?.(change);
      },
    };
  }
}

function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: [webviewRoot(extensionUri)] };
}
