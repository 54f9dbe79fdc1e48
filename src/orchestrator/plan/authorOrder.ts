/**
 * Notices when a PRP asks for its tasks to be done in order ("Execute in order", "Implementation Tasks
 * (Sequential Order)"), so the plan preview can say that the default plan runs independent tasks in
 * parallel and how to keep the author's order instead. Only the headings and introductions of the task
 * lists are read: elsewhere "sequentially" usually describes the software, not the work.
 */
import type { Diagnostic, Prp, PrpSection } from '../model';

const ORDER_PHRASE = new RegExp(
  [
    String.raw`\b(?:execute|complete|implement|do|perform|run|follow|work through|carry out)\s+(?:(?:the|these|all|each|tasks?|steps?)\s+){0,3}in\s+(?:this\s+|the\s+(?:given\s+|listed\s+|following\s+)?|strict\s+|sequential\s+)?order\b`,
    String.raw`\bsequential(?:ly)?\s+order\b`,
    String.raw`\bin\s+(?:this|that|sequential|strict|numerical|numeric|listed)\s+order\b`,
    String.raw`\bin\s+the\s+order\s+(?:they|listed|given|shown|below|above)\b`,
    String.raw`\bsequentially\b`,
    String.raw`\bone\s+(?:at\s+a\s+time|after\s+(?:the\s+)?another)\b`,
  ].join('|'),
  'i',
);

export const AUTHOR_ORDER_MESSAGE =
  "The PRP asks for tasks in order; the plan runs independent tasks in parallel — use --order document to keep the author's order.";

/** An info diagnostic at the first line that asks for the tasks in order, or undefined. */
export function authorOrderDiagnostic(prp: Prp): Diagnostic | undefined {
  const firstTask = prp.tasks.reduce((min, t) => Math.min(min, t.range.startLine), Number.POSITIVE_INFINITY);
  if (!Number.isFinite(firstTask)) return undefined;
  const lines: number[] = [];
  for (const section of prp.sections) {
    // Sections that start at or after the first task are the tasks themselves, not the list's introduction.
    if (section.range.startLine >= firstTask) continue;
    if (section.kind === 'tasks' || firstTask <= section.range.endLine) {
      const line = orderLine(section, firstTask);
      if (line !== undefined) lines.push(line);
    }
  }
  if (lines.length === 0) return undefined;
  return { severity: 'info', code: 'author-order', message: AUTHOR_ORDER_MESSAGE, line: Math.min(...lines) };
}

/** The line of the section's heading or introduction (the text before its first task or sub-heading) that asks for order. */
function orderLine(section: PrpSection, firstTask: number): number | undefined {
  if (ORDER_PHRASE.test(section.heading)) return section.range.startLine;
  const content = section.content;
  // Content runs to the section's last line, with leading blank lines removed.
  let line = section.range.endLine - (content.match(/\n/g)?.length ?? 0);
  for (let start = 0; start <= content.length && line < firstTask; line++) {
    const newline = content.indexOf('\n', start);
    const text = content.slice(start, newline < 0 ? content.length : newline);
    if (/^\s{0,3}#/.test(text)) return undefined;
    if (ORDER_PHRASE.test(text)) return line;
    if (newline < 0) break;
    start = newline + 1;
  }
  return undefined;
}
