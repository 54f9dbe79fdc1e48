import type { PrpTask } from '../model';
import type { DocContext } from './context';
import type { DiagnosticSink } from './diagnostics';
import { sectionAt } from './sections';
import { analyzeTask, type TaskDetails } from './taskDetails';
import type { TaskDraft } from './taskDraft';
import { fenceTasks, headingTasks, listTasks, phaseTasks, sectionTasks } from './taskSources';

/** Finds the PRP's tasks in whichever style it uses, and resolves their explicit dependencies. */
export function extractTasks(ctx: DocContext): PrpTask[] {
  const drafts = findDrafts(ctx);
  const details = drafts.map((draft) => analyzeTask(draft.info, draft.bodyLines));
  const tasks = drafts.map((draft, i) => toTask(draft, details[i]!, i));
  reportDuplicates(tasks, ctx.sink);
  resolveDependencies(tasks, details, ctx.sink);
  return tasks;
}

function findDrafts(ctx: DocContext): TaskDraft[] {
  const headings = headingTasks(ctx, ['task'], true);
  // With Task headings present, a fenced `Task N:` list counts only inside a task or blueprint section, so an
  // example block elsewhere (a progress log, a template) does not add tasks.
  const skipFence = (line: number) => {
    if (ownedBy(headings, line)) return true;
    if (headings.length === 0) return false;
    const at = sectionAt(ctx.sections, line);
    const kind = at >= 0 ? ctx.sections[at]!.kind : 'other';
    return kind !== 'tasks' && kind !== 'blueprint';
  };
  let drafts = [...headings, ...fenceTasks(ctx, skipFence)];
  // `Step N` headings count only when the PRP has no `Task N` list, so a manual-test recipe with steps
  // next to a real task list does not turn into tasks.
  if (drafts.length === 0) drafts = headingTasks(ctx, ['step'], false);
  if (drafts.length === 0) drafts = sectionTasks(ctx);
  if (drafts.length === 0) drafts = listTasks(ctx);
  if (drafts.length === 0) drafts = fromPhases(ctx);
  return drafts.sort((a, b) => a.startLine - b.startLine);
}

/** Whether `line` falls inside one of `drafts` (sorted, non-overlapping), by binary search. */
function ownedBy(drafts: TaskDraft[], line: number): boolean {
  let lo = 0;
  let hi = drafts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const draft = drafts[mid]!;
    if (line < draft.startLine) hi = mid - 1;
    else if (line > draft.endLine) lo = mid + 1;
    else return true;
  }
  return false;
}

function fromPhases(ctx: DocContext): TaskDraft[] {
  const { drafts, groupHeading } = phaseTasks(ctx);
  if (drafts.length === 0) {
    ctx.sink.warning(
      'no-tasks',
      1,
      'No tasks found. Add a task list: `### Task 1: CREATE path` headings, a ```yaml block of `Task 1: Title` entries, or a `## Tasks` section with one sub-heading per task.',
    );
    return drafts;
  }
  const where = groupHeading ? ` under "${groupHeading.text.slice(0, 80)}" (line ${groupHeading.line})` : '';
  ctx.sink.warning(
    'no-tasks',
    drafts[0]!.startLine,
    `No task list found; the ${drafts.length} phases/steps${where} are used as tasks instead. Add \`### Task N:\` headings to control the plan.`,
  );
  return drafts;
}

function toTask(draft: TaskDraft, details: TaskDetails, index: number): PrpTask {
  const task: PrpTask = {
    id: `T${index + 1}`,
    title: draft.info.title,
    body: draft.body,
    files: details.files,
    dependsOn: [],
    range: { startLine: draft.startLine, endLine: draft.endLine },
  };
  if (draft.info.number !== undefined) task.number = draft.info.number;
  if (details.action) task.action = details.action;
  if (draft.info.marker) task.marker = draft.info.marker;
  return task;
}

function label(task: PrpTask): string {
  return task.number !== undefined ? `Task ${task.number}` : `"${task.title.slice(0, 60)}"`;
}

function reportDuplicates(tasks: PrpTask[], sink: DiagnosticSink): void {
  const first = new Map<number, PrpTask>();
  for (const task of tasks) {
    if (task.number === undefined) continue;
    const earlier = first.get(task.number);
    if (!earlier) {
      first.set(task.number, task);
      continue;
    }
    sink.warning(
      'duplicate-task-number',
      task.range.startLine,
      `Task ${task.number} is numbered twice (lines ${earlier.range.startLine} and ${task.range.startLine}); references to Task ${task.number} go to the first one. Renumber one of them.`,
    );
  }
}

/**
 * Turns `Task 3` / `Tasks 2-9` references into ids. Numbers resolve to the first task with that number; when no
 * task is numbered at all, `Task 3` means the third task.
 */
function resolveDependencies(tasks: PrpTask[], details: TaskDetails[], sink: DiagnosticSink): void {
  const byNumber = new Map<number, number>();
  tasks.forEach((task, i) => {
    if (task.number !== undefined && !byNumber.has(task.number)) byNumber.set(task.number, i);
  });
  const positional = byNumber.size === 0;
  const numbered = [...byNumber.entries()].sort((a, b) => a[0] - b[0]);
  const targets = (from: number, to: number): number[] => {
    if (positional) {
      const result: number[] = [];
      for (let n = Math.max(1, from); n <= Math.min(to, tasks.length); n++) result.push(n - 1);
      return result;
    }
    return numbered.filter(([n]) => n >= from && n <= to).map(([, i]) => i);
  };
  tasks.forEach((task, i) => {
    const ids = new Set<string>();
    for (const ref of details[i]!.dependencies) {
      for (const [from, to] of ref.ranges) {
        const found = targets(from, to);
        const named = from === to ? `Task ${from}` : `Tasks ${from}-${to}`;
        if (found.length === 0) {
          sink.warning('unknown-dependency', ref.line, `${label(task)} depends on ${named}, which does not exist in this PRP; the dependency is ignored. Check the number.`);
        }
        for (const j of found) {
          if (j === i) {
            if (from === to) sink.warning('self-dependency', ref.line, `${label(task)} lists itself as a dependency; that entry is ignored.`);
            continue;
          }
          ids.add(tasks[j]!.id);
        }
      }
    }
    task.dependsOn = [...ids];
  });
}
