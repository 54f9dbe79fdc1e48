/**
 * What the editor needs to know about one PRP text: the parsed PRP, its planned graph, and every finding of
 * the parser and the planner in one list. Free of `vscode`, so CodeLens and diagnostics logic are tested on
 * plain strings.
 */
import type { planPrp as PlanPrp, parsePrp as ParsePrp } from '../../orchestrator/index';
import type { Diagnostic, Prp, TaskGraph } from '../../orchestrator/model';

/**
 * The two engine functions an analysis needs. They are passed in rather than imported, so that this module
 * does not pull the engine into the extension bundle (the extension gets them from the lazily loaded
 * engine bundle; tests pass the engine's own).
 */
export interface PrpAnalyzerEngine {
  parsePrp: typeof ParsePrp;
  planPrp: typeof PlanPrp;
}

export interface PrpAnalysis {
  prp: Prp;
  graph: TaskGraph;
  /** Parser and planner findings, sorted by line, one per code and line. */
  diagnostics: Diagnostic[];
}

/** Parses and plans `text`; never throws (both stages report problems as diagnostics). */
export function analyzePrp(engine: PrpAnalyzerEngine, text: string, path: string): PrpAnalysis {
  const prp = engine.parsePrp(text, { path });
  const plan = engine.planPrp(prp);
  return { prp, graph: plan.graph, diagnostics: mergeDiagnostics(prp.diagnostics, plan.diagnostics) };
}

/**
 * The parser's and the planner's findings together. Both can report the same problem (an unknown dependency is
 * seen by each), so a code reported twice on the same line is kept once, the parser's wording first.
 */
export function mergeDiagnostics(parser: readonly Diagnostic[], planner: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const result: Diagnostic[] = [];
  for (const diagnostic of [...parser, ...planner]) {
    const key = `${diagnostic.code}@${diagnostic.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(diagnostic);
  }
  // A stable sort keeps each line's findings in the order the stages reported them.
  return result.sort((a, b) => a.line - b.line);
}
