/** Builds Prp values by hand for planner tests, so they do not depend on the parser. */
import type { Prp, PrpTask, TaskMarker } from '../../src/orchestrator/model';

export interface TaskLiteral {
  title: string;
  body?: string;
  files?: string[];
  action?: string;
  dependsOn?: string[];
  marker?: TaskMarker;
}

/** A Prp whose tasks are `T1`, `T2`, ... in the given order, each on its own ten-line range. */
export function makePrp(tasks: TaskLiteral[], title = 'Test PRP'): Prp {
  const prpTasks: PrpTask[] = tasks.map((t, i) => {
    const task: PrpTask = {
      id: `T${i + 1}`,
      number: i + 1,
      title: t.title,
      body: t.body ?? '',
      files: t.files ?? [],
      dependsOn: t.dependsOn ?? [],
      range: { startLine: 10 * i + 1, endLine: 10 * i + 9 },
    };
    if (t.action !== undefined) task.action = t.action;
    if (t.marker !== undefined) task.marker = t.marker;
    return task;
  });
  return {
    title,
    sections: [],
    tasks: prpTasks,
    validation: [],
    successCriteria: [],
    checklist: [],
    diagnostics: [],
    source: { lineCount: 10 * tasks.length },
  };
}

/** Edges as `from>to:reason` strings, sorted, for compact exact comparisons. */
export function edgeList(deps: ReadonlyArray<{ from: string; to: string; reason: string }>): string[] {
  return deps.map((d) => `${d.from}>${d.to}:${d.reason}`).sort();
}
