import type { DocContext } from './context';
import { checkbox } from './markers';
import { sectionAt } from './sections';
import { blockDraft, type TaskDraft } from './taskDraft';
import { parseActionHeading, parseNumberedTitle, parsePhaseTitle, plainTitle, type TitleInfo } from './taskTitles';

/**
 * The places tasks are found, one reader per PRP style. `tasks.ts` decides which readers to trust: explicit
 * task lists first, then the children of a task section, then its list items, then phases as a last resort.
 */

const MAYBE_TASK_HEADING = /[Tt][Aa][Ss][Kk]|[Ss][Tt][Ee][Pp]|[A-Z]{2}/;

/** `### Task N: ...`, `### Step N: ...` and `### CREATE path:` headings; a task heading owns its sub-headings. */
export function headingTasks(ctx: DocContext, keywords: ReadonlyArray<'task' | 'step'>, withActions: boolean): TaskDraft[] {
  const drafts: TaskDraft[] = [];
  let ownedUntil = 0;
  for (const node of ctx.sections) {
    const { heading } = node;
    // Most headings are neither; a cheap test skips the title parsers for them.
    if (heading.line <= ownedUntil || !MAYBE_TASK_HEADING.test(heading.text)) continue;
    const info = parseNumberedTitle(heading.text, keywords) ?? (withActions ? parseActionHeading(heading.text) : undefined);
    if (!info) continue;
    drafts.push(blockDraft(ctx, info, heading.endLine, heading.line, node.endLine));
    ownedUntil = node.endLine;
  }
  return drafts;
}

const TASK_FENCE_LANGS = new Set(['', 'yaml', 'yml', 'text', 'txt', 'plaintext', 'plain', 'markdown', 'md']);
const PHASE_LINE = /^(?:Phase|Stage|Milestone|Sprint|Part)\s+\d{1,4}\b.{0,200}$/i;

/**
 * `Task N: Title` entries inside YAML (or plain) code blocks. These blocks are rarely valid YAML, so they are
 * read line by line: a task runs to the next `Task` line, or a `Phase N:` line no deeper than it.
 */
export function fenceTasks(ctx: DocContext, skip: (line: number) => boolean): TaskDraft[] {
  const drafts: TaskDraft[] = [];
  for (const fence of ctx.blocks.fences) {
    if (!TASK_FENCE_LANGS.has(fence.lang) || skip(fence.line)) continue;
    const lines = fence.contentLines;
    const starts: Array<{ index: number; indent: number; info: TitleInfo }> = [];
    lines.forEach((text, index) => {
      if (!/task/i.test(text)) return;
      const stripped = text.replace(/^\s*(?:[-*+]\s+)?/, '');
      const info = parseNumberedTitle(stripped, ['task']);
      if (info) starts.push({ index, indent: indentOf(text), info });
    });
    starts.forEach((start, k) => {
      const limit = k + 1 < starts.length ? starts[k + 1]!.index : lines.length;
      let stop = start.index + 1;
      while (stop < limit && !(PHASE_LINE.test(lines[stop]!.trim()) && indentOf(lines[stop]!) <= start.indent)) stop++;
      let last = stop - 1;
      while (last > start.index && lines[last]!.trim() === '') last--;
      const firstLine = fence.line + 1;
      const bodyLines = lines.slice(start.index + 1, last + 1).map((text, i) => ({ text, line: firstLine + start.index + 1 + i }));
      drafts.push({
        info: start.info,
        body: bodyLines.map((l) => l.text).join('\n'),
        bodyLines,
        startLine: firstLine + start.index,
        endLine: firstLine + last,
      });
    });
  }
  return drafts;
}

function indentOf(line: string): number {
  return /^\s*/.exec(line)![0].length;
}

/** Unnumbered sub-headings of a task section (`## Step by Step Tasks` → `### Fix the builder`). */
export function sectionTasks(ctx: DocContext): TaskDraft[] {
  const drafts: TaskDraft[] = [];
  const { sections } = ctx;
  const parentIsTasks = (index: number) => index >= 0 && sections[index]!.ownKind === 'tasks';
  sections.forEach((node) => {
    if (!parentIsTasks(node.parent)) return;
    // `### Run Validation Commands` under a task section is a task as written; criteria lists are not.
    if (node.ownKind === 'checklist' || node.ownKind === 'success-criteria') return;
    const info = parseNumberedTitle(node.heading.text, ['task', 'step']) ?? plainTitle(node.heading.text);
    if (info.title === '') return;
    drafts.push(blockDraft(ctx, info, node.heading.endLine, node.heading.line, node.endLine));
  });
  return drafts;
}

/** Outermost list items of a task section (`## Tasks` then `- [ ] Do this`). */
export function listTasks(ctx: DocContext): TaskDraft[] {
  const drafts: TaskDraft[] = [];
  for (const item of ctx.blocks.listItems) {
    if (item.depth !== 1) continue;
    const at = sectionAt(ctx.sections, item.line);
    if (at < 0 || ctx.sections[at]!.kind !== 'tasks') continue;
    const box = checkbox(item.text);
    if (box.text === '') continue;
    const info = parseNumberedTitle(box.text, ['task', 'step']) ?? plainTitle(box.text);
    if (box.boxed) info.marker ??= box.checked ? 'done' : 'todo';
    drafts.push(blockDraft(ctx, info, item.line, item.line, item.endLine));
  }
  return drafts;
}

/** The phases or steps of a free-form PRP, from the first group of such headings. */
export interface PhaseResult {
  drafts: TaskDraft[];
  /** The heading the chosen phases sit under, if any. */
  groupHeading?: { text: string; line: number };
}

/**
 * Phase-like headings (`Phase 1`, `Sprint 2`, `#### 1.1 ...`) are candidates; the deepest ones (leaves) are
 * the tasks, and only those under the same non-phase heading as the first leaf, so a later progress log
 * (`Sprint 1 ✅ COMPLETED`) does not repeat the plan's steps.
 */
export function phaseTasks(ctx: DocContext): PhaseResult {
  const { sections } = ctx;
  const infos = sections.map((node) => parsePhaseTitle(node.heading.text));
  const candidates = infos.flatMap((info, index) => (info ? [index] : []));
  const leaves = candidates.filter((index, k) => {
    const next = candidates[k + 1];
    return next === undefined || sections[next]!.heading.line > sections[index]!.endLine;
  });
  if (leaves.length === 0) return { drafts: [] };
  const groupOf = (index: number): number => {
    let parent = sections[index]!.parent;
    while (parent >= 0 && infos[parent]) parent = sections[parent]!.parent;
    return parent;
  };
  const group = groupOf(leaves[0]!);
  const drafts = leaves
    .filter((index) => groupOf(index) === group)
    .map((index) => {
      const node = sections[index]!;
      return blockDraft(ctx, infos[index]!, node.heading.endLine, node.heading.line, node.endLine);
    });
  const result: PhaseResult = { drafts };
  if (group >= 0) result.groupHeading = { text: sections[group]!.heading.text, line: sections[group]!.heading.line };
  return result;
}
