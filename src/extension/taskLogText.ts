/**
 * The read-only "task log" documents: their URI path and their text, rendered from the run's DashboardState so
 * the log a person reads is the same one the dashboard shows. Free of `vscode` for unit tests.
 */
import type { DashboardState, DashboardTask } from '../shared/dashboardState';
import { formatCost, formatDuration } from './format';

export const TASK_LOG_SCHEME = 'prp-task-log';

/** `/<runId>/<taskId>.log`; the file name becomes the editor tab's title. */
export function taskLogPath(runId: string, taskId: string): string {
  return `/${encodeURIComponent(runId)}/${encodeURIComponent(taskId)}.log`;
}

export function parseTaskLogPath(path: string): { runId: string; taskId: string } | undefined {
  const match = /^\/([^/]+)\/([^/]+)\.log$/.exec(path);
  if (!match) return undefined;
  try {
    return { runId: decodeURIComponent(match[1]!), taskId: decodeURIComponent(match[2]!) };
  } catch {
    return undefined;
  }
}

/** Times in UTC, so the text is the same wherever it is rendered. */
function clock(time: number): string {
  return new Date(time).toISOString().slice(11, 19);
}

/** The header (what the task is and how it stands) and the log lines, oldest first. */
export function renderTaskLog(state: DashboardState, taskId: string): string {
  const index = state.taskIndex[taskId];
  if (index === undefined) return `Task ${taskId} is not part of run ${state.run.runId ?? ''} "${state.run.title}".\n`;
  const task = state.tasks[index]!;
  const lines = [`Task ${task.id}: ${task.title}`, `Run:     ${state.run.title}${state.run.runId ? ` (${state.run.runId})` : ''}`];
  lines.push(`Status:  ${statusLine(task)}`);
  if (task.durationMs > 0 || task.costUsd > 0) lines.push(`Spent:   ${formatDuration(task.durationMs)} · ${formatCost(task.costUsd)}`);
  if (task.failure) lines.push(`Failure: ${task.failure.kind} — ${task.failure.message}`);
  if (task.blockedBy) lines.push(`Blocked: waits on ${task.blockedBy}, which did not succeed`);
  if (task.files.length > 0) lines.push(`Files:   ${task.files.join(', ')}`);
  if (task.filesChanged.length > 0) lines.push(`Changed: ${task.filesChanged.join(', ')}`);
  if (task.summary) lines.push('', 'Summary', task.summary);
  lines.push('', 'Log');
  if (task.log.length === 0) lines.push('(nothing yet)');
  for (const line of task.log) lines.push(`${clock(line.time)}  ${line.level === 'info' ? '' : `[${line.level}] `}${line.text}`);
  return `${lines.join('\n')}\n`;
}

function statusLine(task: DashboardTask): string {
  const parts: string[] = [task.status];
  if (task.agent) parts.push(`agent ${task.agent}`);
  if (task.attempts.length > 0) parts.push(`attempt ${task.attempts.length}`);
  return parts.join(' · ');
}
