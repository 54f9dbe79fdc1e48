/**
 * PRP files in the editor: CodeLens (the plan at the top, each task's status on its line) and diagnostics from
 * the parser and the planner. `registerPrpFiles` is called once from `activate`; it does no parsing itself, and
 * the engine that parses is imported lazily, so activation stays cheap: documents are analysed when VS Code
 * asks for their lenses or the person types.
 */
import * as vscode from 'vscode';
import type { RunControllerApi } from '../controllerApi';
import { loadEngine } from '../engineLoader';
import { analyzePrp } from './analysis';
import { AnalysisCache } from './analysisCache';
import { PrpCodeLensProvider } from './codeLensProvider';
import { COMMANDS } from './commandIds';
import { KeyedDebouncer } from './debounce';
import { PrpDiagnostics } from './diagnostics';
import { isPrpDocument, prpSelector, readPrpGlobs } from './prpDocuments';

export { resolvePrpUri, readPrpGlobs } from './prpDocuments';

/** Run events arrive in bursts; lenses are refreshed at most this often. */
const LENS_REFRESH_MS = 150;

export function registerPrpFiles(context: vscode.ExtensionContext, controller: RunControllerApi): void {
  let loading: Promise<AnalysisCache> | undefined;
  const cache = (): Promise<AnalysisCache> => (loading ??= loadEngine().then((engine) => new AnalysisCache((text, path) => analyzePrp(engine, text, path))));
  const lenses = new PrpCodeLensProvider(cache, controller);
  const diagnostics = new PrpDiagnostics(cache);
  const refresher = new KeyedDebouncer(LENS_REFRESH_MS);
  let selector = prpSelector(readPrpGlobs());
  let registration = vscode.languages.registerCodeLensProvider(selector, lenses);

  const analyseOpenDocuments = (): void => {
    for (const document of vscode.workspace.textDocuments) {
      if (isPrpDocument(document, selector)) diagnostics.schedule(document);
      else diagnostics.clear(document.uri);
    }
  };

  context.subscriptions.push(
    lenses,
    diagnostics,
    { dispose: () => registration.dispose() },
    { dispose: () => refresher.dispose() },
    vscode.workspace.onDidOpenTextDocument((document) => {
      if (isPrpDocument(document, selector)) diagnostics.schedule(document);
    }),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0 && isPrpDocument(event.document, selector)) diagnostics.schedule(event.document);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      diagnostics.clear(document.uri);
      if (loading) void loading.then((c) => c.delete(document.uri.toString()));
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('prpOrchestrator.prpGlobs')) return;
      selector = prpSelector(readPrpGlobs());
      registration.dispose();
      registration = vscode.languages.registerCodeLensProvider(selector, lenses);
      analyseOpenDocuments();
    }),
    controller.onDidChange(() => refresher.schedule('lenses', () => lenses.refresh())),
    ...registerLensCommands(controller),
  );
  analyseOpenDocuments();
}

/** The commands CodeLens calls with arguments; each goes straight to the controller. */
function registerLensCommands(controller: RunControllerApi): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.lensOrchestrate, (uri: unknown) => {
      if (uri instanceof vscode.Uri) return controller.orchestrate(uri);
      const active = vscode.window.activeTextEditor?.document.uri;
      return active ? controller.orchestrate(active) : undefined;
    }),
    vscode.commands.registerCommand(COMMANDS.lensRunTask, (uri: unknown, taskId: unknown) => {
      if (uri instanceof vscode.Uri && typeof taskId === 'string') return controller.orchestrate(uri, { onlyTasks: [taskId] });
      return undefined;
    }),
    vscode.commands.registerCommand(COMMANDS.lensCancelRun, (runId: unknown) => controller.cancelRun(typeof runId === 'string' ? runId : undefined)),
    vscode.commands.registerCommand(COMMANDS.lensRetryTask, (runId: unknown, taskId: unknown) => {
      if (typeof runId === 'string' && typeof taskId === 'string') return controller.retryTask(runId, taskId);
      return undefined;
    }),
    vscode.commands.registerCommand(COMMANDS.lensOpenTaskLog, (runId: unknown, taskId: unknown) => {
      if (typeof runId === 'string' && typeof taskId === 'string') return controller.openTaskLog(runId, taskId);
      return undefined;
    }),
  ];
}
