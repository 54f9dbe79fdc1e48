/**
 * Parser and planner findings as squiggles on PRP files, updated as the person types (after a short pause)
 * and cleared when the file closes.
 */
import * as vscode from 'vscode';
import type { Severity } from '../../orchestrator/model';
import type { AnalysisCache } from './analysisCache';
import { KeyedDebouncer } from './debounce';
import { DIAGNOSTIC_SOURCE, splitLines, toEditorDiagnostics } from './editorDiagnostics';

/** Quiet time after the last keystroke before a PRP is parsed again. */
export const DIAGNOSTICS_DELAY_MS = 300;

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export class PrpDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('prpOrchestrator');
  private readonly debouncer = new KeyedDebouncer(DIAGNOSTICS_DELAY_MS);
  private disposed = false;

  constructor(private readonly cache: () => Promise<AnalysisCache>) {}

  /** Parses `document` now and shows its findings. */
  async update(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    this.debouncer.cancel(key);
    const cache = await this.cache();
    // The document may have closed while the engine loaded; a closed one must not get squiggles back.
    if (document.isClosed || this.disposed) return;
    const analysis = cache.get(key, document.version, document.uri.fsPath, () => document.getText());
    const lines = splitLines(document.getText());
    this.collection.set(
      document.uri,
      toEditorDiagnostics(analysis.diagnostics, lines).map((d) => {
        const diagnostic = new vscode.Diagnostic(new vscode.Range(d.startLine, d.startCharacter, d.endLine, d.endCharacter), d.message, SEVERITY[d.severity]);
        diagnostic.source = DIAGNOSTIC_SOURCE;
        diagnostic.code = d.code;
        return diagnostic;
      }),
    );
  }

  /** Parses `document` once the person has paused typing. */
  schedule(document: vscode.TextDocument): void {
    this.debouncer.schedule(document.uri.toString(), () => void this.update(document));
  }

  /** Removes the findings of a document that closed or is no longer a PRP. */
  clear(uri: vscode.Uri): void {
    this.debouncer.cancel(uri.toString());
    this.collection.delete(uri);
  }

  clearAll(): void {
    this.debouncer.dispose();
    this.collection.clear();
  }

  dispose(): void {
    this.disposed = true;
    this.debouncer.dispose();
    this.collection.dispose();
  }
}
