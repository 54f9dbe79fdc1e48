import type { Criterion } from '../model';
import type { DocContext } from './context';
import { checkbox } from './markers';
import { sectionAt } from './sections';

/** Success criteria and final-checklist items: the outermost list items of those sections, checked or not. */
export function extractCriteria(ctx: DocContext): { successCriteria: Criterion[]; checklist: Criterion[] } {
  const successCriteria: Criterion[] = [];
  const checklist: Criterion[] = [];
  for (const item of ctx.blocks.listItems) {
    if (item.depth !== 1) continue;
    const at = sectionAt(ctx.sections, item.line);
    const kind = at >= 0 ? ctx.sections[at]!.kind : 'other';
    if (kind !== 'success-criteria' && kind !== 'checklist') continue;
    const box = checkbox(item.text);
    if (box.text === '') continue;
    const criterion: Criterion = { text: box.text, done: box.checked, line: item.line };
    (kind === 'checklist' ? checklist : successCriteria).push(criterion);
  }
  return { successCriteria, checklist };
}
