import * as vscode from 'vscode';
import { previewPlanText } from './previewPlan';

/**
 * Activation is deliberately small: the engine is loaded only when a command runs, and the extension does
 * nothing at start-up beyond registering its commands.
 */
export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('PRP Orchestrator');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('prpOrchestrator.previewPlan', () => previewPlan(output)),
  );
}

export function deactivate(): void {
  // Nothing to release: every resource is owned by context.subscriptions.
}

async function previewPlan(output: vscode.OutputChannel): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'markdown') {
    void vscode.window.showWarningMessage('Open a PRP markdown file first, then run "PRP: Preview Plan".');
    return;
  }
  const document = editor.document;
  output.clear();
  output.append(previewPlanText(document.getText(), document.uri.fsPath));
  output.show(true);
}
