import { parsePrp, planPrp } from '../orchestrator/index';

/**
 * Renders the plan of a PRP as plain text for the output channel. Kept free of `vscode` so it can be unit
 * tested without an editor.
 */
export function previewPlanText(text: string, path: string): string {
  const prp = parsePrp(text, { path });
  const plan = planPrp(prp);
  const graph = plan.graph;
  // The parser's findings stay on the Prp; the planner returns only its own, so show both.
  const diagnostics = [...prp.diagnostics, ...plan.diagnostics].sort((a, b) => a.line - b.line);
  const lines = [`Plan for "${graph.title}" — ${graph.tasks.length} task(s)`, ''];
  const deps = new Map<string, string[]>();
  for (const d of graph.dependencies) deps.set(d.to, [...(deps.get(d.to) ?? []), d.from]);
  for (const task of graph.tasks) {
    const after = deps.get(task.id);
    const line = task.range ? `line ${task.range.startLine}` : '';
    lines.push(`${task.id}  ${task.title}${after ? `  (after ${after.join(', ')})` : ''}  ${line}`.trimEnd());
  }
  if (diagnostics.length > 0) {
    lines.push('', 'Diagnostics:');
    for (const d of diagnostics) lines.push(`  ${d.severity} line ${d.line}: ${d.message}`);
  }
  return `${lines.join('\n')}\n`;
}
