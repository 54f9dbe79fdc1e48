import type { DocContext } from './context';
import { sliceLines, trimRangeEnd } from './source';
import type { BodyLine } from './taskDetails';
import type { TitleInfo } from './taskTitles';

/** A task as found, before ids, details and dependencies are settled. */
export interface TaskDraft {
  info: TitleInfo;
  body: string;
  /** Lines to read files, actions and dependencies from (code blocks of heading tasks left out). */
  bodyLines: BodyLine[];
  startLine: number;
  endLine: number;
}

/**
 * A task whose text is a block of the document (a heading's section, a list item): the body is the lines
 * after the title line, as written; code blocks inside it stay in the body but are not read for labels.
 */
export function blockDraft(ctx: DocContext, info: TitleInfo, titleEnd: number, start: number, end: number): TaskDraft {
  const last = trimRangeEnd(ctx.source, start, end);
  let first = titleEnd + 1;
  while (first <= last && ctx.source.lines[first - 1]!.trim() === '') first++;
  const bodyLines: BodyLine[] = [];
  for (let line = first; line <= last; line++) {
    if (!ctx.blocks.inFence[line - 1]) bodyLines.push({ text: ctx.source.lines[line - 1]!, line });
  }
  return { info, body: sliceLines(ctx.source, first, last), bodyLines, startLine: start, endLine: Math.max(last, titleEnd) };
}
