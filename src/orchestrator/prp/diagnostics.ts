import type { Diagnostic, Severity } from '../model';

/**
 * Collects diagnostics with a cap per code, so a pathological file (thousands of duplicate task numbers in a
 * 5 MB paste) yields a readable list rather than a flood; what was left out is summed up at the end.
 */
export class DiagnosticSink {
  private readonly items: Diagnostic[] = [];
  private readonly counts = new Map<string, number>();

  constructor(private readonly maxPerCode = 50) {}

  add(severity: Severity, code: string, line: number, message: string, endLine?: number): void {
    const count = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, count);
    if (count > this.maxPerCode) return;
    const diagnostic: Diagnostic = { severity, code, line: Math.max(1, Math.floor(line) || 1), message };
    if (endLine !== undefined && endLine > diagnostic.line) diagnostic.endLine = endLine;
    this.items.push(diagnostic);
  }

  warning(code: string, line: number, message: string, endLine?: number): void {
    this.add('warning', code, line, message, endLine);
  }

  info(code: string, line: number, message: string, endLine?: number): void {
    this.add('info', code, line, message, endLine);
  }

  error(code: string, line: number, message: string, endLine?: number): void {
    this.add('error', code, line, message, endLine);
  }

  /** The diagnostics sorted by line, plus one note per code whose cap was reached. */
  toArray(): Diagnostic[] {
    const result = [...this.items].sort((a, b) => a.line - b.line);
    for (const [code, count] of this.counts) {
      if (count > this.maxPerCode) {
        result.push({
          severity: 'info',
          code: 'diagnostics-truncated',
          line: 1,
          message: `${count - this.maxPerCode} more \`${code}\` diagnostics were left out; fix the ones shown first.`,
        });
      }
    }
    return result;
  }
}

/** Runs one parsing stage; a stage that throws reports an internal error instead of losing the whole parse. */
export function guard<T>(sink: DiagnosticSink, stage: string, fallback: T, run: () => T): T {
  try {
    return run();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    sink.error('internal-error', 1, `The parser failed while reading ${stage} (${reason}); this part of the PRP was skipped. Please report this file.`);
    return fallback;
  }
}
