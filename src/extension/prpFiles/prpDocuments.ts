/**
 * Which open documents are PRPs, from the `prpOrchestrator.prpGlobs` setting, and how to pick a PRP file when a
 * command was run without one.
 */
import * as vscode from 'vscode';
import { combinedGlob, normalizeGlobs, PRP_GLOBS_SETTING } from './globs';

/** The PRP globs the person configured (or the defaults). */
export function readPrpGlobs(): string[] {
  return normalizeGlobs(vscode.workspace.getConfiguration('prpOrchestrator').get<unknown>(PRP_GLOBS_SETTING));
}

/**
 * A selector for PRP files on disk. Only `file` documents count, so a PRP shown in a diff or from git history
 * gets no lenses or squiggles of its own.
 */
export function prpSelector(globs: readonly string[]): vscode.DocumentFilter[] {
  return globs.map((pattern) => ({ scheme: 'file', pattern }));
}

export function isPrpDocument(document: vscode.TextDocument, selector: vscode.DocumentSelector): boolean {
  return vscode.languages.match(selector, document) > 0;
}

/**
 * The PRP a command should act on: the one it was given (a Uri from CodeLens or the explorer), else the active
 * markdown editor, else the person's choice among the workspace's PRP files. Undefined when there is none; the
 * person has then been told why.
 */
export async function resolvePrpUri(arg: unknown, commandTitle: string): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const globs = readPrpGlobs();
  const editor = vscode.window.activeTextEditor;
  if (editor && (editor.document.languageId === 'markdown' || isPrpDocument(editor.document, prpSelector(globs)))) {
    return editor.document.uri;
  }
  const found = await vscode.workspace.findFiles(combinedGlob(globs), '**/node_modules/**', 500);
  if (found.length === 0) {
    void vscode.window.showWarningMessage(
      `${commandTitle}: no PRP file is open and none was found in the workspace (looked for ${globs.join(', ')}). Open a PRP markdown file, or set "prpOrchestrator.prpGlobs".`,
    );
    return undefined;
  }
  if (found.length === 1) return found[0];
  const items = found
    .map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const picked = await vscode.window.showQuickPick(items, { title: commandTitle, placeHolder: 'Choose a PRP file' });
  return picked?.uri;
}
