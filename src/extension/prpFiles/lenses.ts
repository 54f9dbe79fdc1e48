/**
 * The CodeLens of a PRP file as plain data: what each lens says, on which line, and what clicking it does.
 * The provider turns these into `vscode.CodeLens` objects; everything here is tested without VS Code.
 */
import type { Task, TaskGraph } from '../../orchestrator/model';
import type { DashboardState, DashboardTask } from '../../shared/dashboardState';
import { statusCounts } from '../../shared/dashboardState';
import { formatCost, formatDuration, formatEstimate, plural, RETRYABLE, STATUS_LABELS } from './format';

export type LensAction =
  | { kind: 'orchestrate' }
  | { kind: 'previewPlan' }
  | { kind: 'showDashboard'; runId?: string }
  | { kind: 'cancelRun'; runId: string }
  | { kind: 'retryTask'; runId: string; taskId: string }
  /** Orchestrate only this task and what it waits for, as a run of its own. */
  | { kind: 'runTask'; taskId: string }
  | { kind: 'openTaskLog'; runId: string; taskId: string }
  /** A lens that only informs. */
  | { kind: 'none' };

export interface LensSpec {
  /** 0-based line the lens sits above. */
  line: number;
  title: string;
  tooltip?: string;
  action: LensAction;
}

/** The run a PRP's lenses show: its id and current state. */
export interface LensRun {
  runId: string;
  state: DashboardState;
}

/** Most prerequisites named on a task's lens before the rest are counted. */
const MAX_NAMED_PREREQUISITES = 4;

/** Every lens of a PRP: the file's own at the top, then one group per task with a known line. */
export function buildLenses(graph: TaskGraph, run: LensRun | undefined): LensSpec[] {
  const lenses = topLenses(graph, run);
  const prerequisites = prerequisitesOf(graph);
  for (const task of graph.tasks) {
    if (!task.range) continue;
    const line = Math.max(0, task.range.startLine - 1);
    const live = run ? matchTask(run.state, task) : undefined;
    if (run && live) lenses.push(...liveTaskLenses(line, run.runId, live));
    else lenses.push(plannedTaskLens(line, task, prerequisites.get(task.id) ?? []));
    if (run?.state.run.status !== 'running') lenses.push(runTaskLens(line, task, prerequisites.get(task.id) ?? []));
  }
  return lenses;
}

function topLenses(graph: TaskGraph, run: LensRun | undefined): LensSpec[] {
  const count = graph.tasks.length;
  const tasksLens: LensSpec = { line: 0, title: plural(count, 'task'), tooltip: 'Tasks the planner found in this PRP', action: { kind: 'none' } };
  if (run && run.state.run.status === 'running') {
    return [
      { line: 0, title: `$(sync~spin) ${progressText(run.state)}`, tooltip: 'Show the run in the dashboard', action: { kind: 'showDashboard', runId: run.runId } },
      { line: 0, title: '$(debug-stop) Cancel run', tooltip: 'Stop every running task of this run', action: { kind: 'cancelRun', runId: run.runId } },
      tasksLens,
    ];
  }
  const lenses: LensSpec[] = [];
  if (count === 0) {
    lenses.push({ line: 0, title: '$(warning) No tasks found', tooltip: 'See the Problems panel for how to write a task list', action: { kind: 'none' } });
  } else {
    lenses.push({ line: 0, title: '$(play) Orchestrate PRP', tooltip: 'Run every task of this PRP with its agents', action: { kind: 'orchestrate' } });
  }
  lenses.push({ line: 0, title: '$(type-hierarchy) Preview plan', tooltip: 'Show the task graph and the agent chosen for each task, without running', action: { kind: 'previewPlan' } });
  lenses.push(tasksLens);
  if (run && run.state.run.status !== 'planned') lenses.push(lastRunLens(run.runId, run.state));
  return lenses;
}

/** `Running · 3/8 done · 2 running · $0.42`. */
export function progressText(state: DashboardState): string {
  const counts = statusCounts(state);
  const active = counts.running + counts.retrying;
  const parts = [`Running · ${counts.succeeded}/${state.tasks.length} done`];
  if (active > 0) parts.push(`${active} running`);
  if (counts.failed > 0) parts.push(`${counts.failed} failed`);
  if (state.run.costUsd > 0) parts.push(formatCost(state.run.costUsd));
  return parts.join(' · ');
}

function lastRunLens(runId: string, state: DashboardState): LensSpec {
  const counts = statusCounts(state);
  const status = state.run.status;
  const icon = status === 'succeeded' ? 'pass' : status === 'cancelled' ? 'circle-slash' : 'error';
  const parts = [`$(${icon}) Last run ${status}`, `${counts.succeeded}/${state.tasks.length} done`];
  if (counts.failed > 0) parts.push(`${counts.failed} failed`);
  if (state.run.costUsd > 0) parts.push(formatCost(state.run.costUsd));
  return { line: 0, title: parts.join(' · '), tooltip: state.run.reason ?? 'Show the last run in the dashboard', action: { kind: 'showDashboard', runId } };
}

function liveTaskLenses(line: number, runId: string, task: DashboardTask): LensSpec[] {
  const label = STATUS_LABELS[task.status];
  const parts = [`$(${label.icon}) ${label.text}`];
  if (task.agent) parts.push(task.agent);
  if (task.durationMs > 0) parts.push(formatDuration(task.durationMs));
  if (task.costUsd > 0) parts.push(formatCost(task.costUsd));
  const tooltip = task.failure ? `${task.failure.kind}: ${task.failure.message}` : task.blockedBy ? `Waits for ${task.blockedBy}, which did not succeed` : task.routing?.reason;
  const opensLog = task.attempts.length > 0;
  const lenses: LensSpec[] = [
    {
      line,
      title: parts.join(' · '),
      tooltip: opensLog ? `${tooltip ? `${tooltip}. ` : ''}Click to open the task's log` : tooltip,
      action: opensLog ? { kind: 'openTaskLog', runId, taskId: task.id } : { kind: 'none' },
    },
  ];
  if (RETRYABLE.has(task.status)) {
    lenses.push({ line, title: '$(refresh) Retry', tooltip: `Run ${task.id} again in this run`, action: { kind: 'retryTask', runId, taskId: task.id } });
  }
  return lenses;
}

function runTaskLens(line: number, task: Task, prerequisites: readonly string[]): LensSpec {
  const tooltip = prerequisites.length === 0 ? `Run ${task.id} alone, as a run of its own` : `Run ${task.id} and what it waits for, as a run of its own`;
  return { line, title: '$(play) Run task', tooltip, action: { kind: 'runTask', taskId: task.id } };
}

function plannedTaskLens(line: number, task: Task, prerequisites: readonly string[]): LensSpec {
  let after = 'starts first';
  if (prerequisites.length > 0) {
    const named = prerequisites.slice(0, MAX_NAMED_PREREQUISITES).join(', ');
    const more = prerequisites.length - MAX_NAMED_PREREQUISITES;
    after = `after ${named}${more > 0 ? ` +${more} more` : ''}`;
  }
  const estimate = task.estimateMs > 0 ? ` · ${formatEstimate(task.estimateMs)}` : '';
  return { line, title: `${task.id} · ${after}${estimate}`, tooltip: 'Not run yet: the prerequisites the planner found and its estimate', action: { kind: 'none' } };
}

function prerequisitesOf(graph: TaskGraph): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const d of graph.dependencies) result.set(d.to, [...(result.get(d.to) ?? []), d.from]);
  return result;
}

/**
 * The run's view of a task in the document. Ids follow document order, so an edit that adds a task above
 * shifts them: the id must still carry the same title, else the title alone must name one task of the run.
 */
export function matchTask(state: DashboardState, task: Pick<Task, 'id' | 'title'>): DashboardTask | undefined {
  const index = state.taskIndex[task.id];
  const byId = index === undefined ? undefined : state.tasks[index];
  if (byId && byId.title === task.title) return byId;
  const byTitle = state.tasks.filter((t) => t.title === task.title);
  return byTitle.length === 1 ? byTitle[0] : undefined;
}
