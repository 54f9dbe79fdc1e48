/** CodeLens on PRP files: the plan at the top, each task's live status on its line. */
import * as vscode from 'vscode';
import type { RunControllerApi } from '../controllerApi';
import type { AnalysisCache } from './analysisCache';
import { lensCommand } from './commandIds';
import { buildLenses } from './lenses';

export class PrpCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly cache: () => Promise<AnalysisCache>,
    private readonly controller: Pick<RunControllerApi, 'runForPrp'>,
  ) {}

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const cache = await this.cache();
    const analysis = cache.get(document.uri.toString(), document.version, document.uri.fsPath, () => document.getText());
    const change = this.controller.runForPrp(document.uri.fsPath);
    const specs = buildLenses(analysis.graph, change ? { runId: change.runId, state: change.state } : undefined);
    return specs.map((spec) => {
      const range = new vscode.Range(spec.line, 0, spec.line, 0);
      const target = lensCommand(spec.action, document.uri);
      // A lens without a command id shows as plain text: used for counts and statuses with nothing to open.
      const command: vscode.Command = target
        ? { title: spec.title, tooltip: spec.tooltip, command: target.command, arguments: target.arguments }
        : { title: spec.title, tooltip: spec.tooltip, command: '' };
      return new vscode.CodeLens(range, command);
    });
  }

  /** Asks VS Code to query the lenses of visible PRP editors again. */
  refresh(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
