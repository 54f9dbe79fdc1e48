/**
 * The newest analysis of each open PRP, so CodeLens and diagnostics (which both ask after an edit) parse a
 * version once. The analyser is passed in: the engine it runs is loaded only when the first PRP needs it,
 * which keeps it off the activation path.
 */
import type { PrpAnalysis } from './analysis';

/** Parses and plans a PRP text (see analyzePrp). */
export type Analyzer = (text: string, path: string) => PrpAnalysis;

export class AnalysisCache {
  private readonly entries = new Map<string, { version: number; analysis: PrpAnalysis }>();

  constructor(private readonly analyze: Analyzer) {}

  /** The analysis of `key` at `version`, computed from `text()` only when the cached one is older. */
  get(key: string, version: number, path: string, text: () => string): PrpAnalysis {
    const entry = this.entries.get(key);
    if (entry && entry.version === version) return entry.analysis;
    const analysis = this.analyze(text(), path);
    this.entries.set(key, { version, analysis });
    return analysis;
  }

  /** The newest analysis of `key`, whatever its version, or undefined. */
  peek(key: string): PrpAnalysis | undefined {
    return this.entries.get(key)?.analysis;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
