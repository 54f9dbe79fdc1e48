/**
 * Parser and planner findings as editor diagnostics: 0-based ranges that cover the text of the lines a
 * finding names, so the squiggle sits under the words and not under leading indentation. Free of `vscode`.
 */
import type { Diagnostic, Severity } from '../../orchestrator/model';

/** An editor diagnostic before it becomes a `vscode.Diagnostic`; lines and characters are 0-based. */
export interface EditorDiagnostic {
  severity: Severity;
  message: string;
  code: string;
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}

/** Where the diagnostics say they come from, in the Problems panel. */
export const DIAGNOSTIC_SOURCE = 'PRP Orchestrator';

/**
 * Maps findings (1-based lines) onto `lines` (the document's lines). A line past the end is clamped to the last
 * one, since the text may have shrunk between parsing and showing.
 */
export function toEditorDiagnostics(diagnostics: readonly Diagnostic[], lines: readonly string[]): EditorDiagnostic[] {
  const last = Math.max(0, lines.length - 1);
  return diagnostics.map((d) => {
    const startLine = clamp(d.line - 1, 0, last);
    const endLine = clamp((d.endLine ?? d.line) - 1, startLine, last);
    const startText = lines[startLine] ?? '';
    const endText = lines[endLine] ?? '';
    const indent = startText.length - startText.trimStart().length;
    return {
      severity: d.severity,
      message: d.message,
      code: d.code,
      startLine,
      startCharacter: indent === startText.length ? 0 : indent,
      endLine,
      endCharacter: endText.trimEnd().length,
    };
  });
}

/** Splits a document's text into lines the way editors count them (CRLF, LF or CR). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}
