import { statusCounts } from '../shared/dashboardState';
import type { DashboardState, DashboardTask } from '../shared/dashboardState';
import { formatCost, formatDuration, shorten } from './format';

/** The notification shown when a run ends: how it went, in one or two sentences, and how loud to be. */
export interface RunSummaryView {
  severity: 'info' | 'warning' | 'error';
  message: string;
  /** Tasks worth opening from the notification (failed ones first). */
  failedTaskIds: string[];
}

/** At most this many failures are named in the notification; the rest are counted. */
const NAMED_FAILURES = 3;

/** Sums up a finished run: tasks done, failures and why, cost and time. */
export function runSummary(state: DashboardState): RunSummaryView {
  const counts = statusCounts(state);
  const total = state.tasks.length;
  const failed = state.tasks.filter((t) => t.status === 'failed');
  const head = `PRP "${shorten(state.run.title, 50)}" ${verb(state.run.status)}: ${counts.succeeded} of ${total} tasks done`;
  const extras: string[] = [];
  if (counts.failed > 0) extras.push(`${counts.failed} failed`);
  if (counts.blocked > 0) extras.push(`${counts.blocked} blocked`);
  if (counts.cancelled > 0) extras.push(`${counts.cancelled} cancelled`);
  const elapsed = state.run.startedAt !== undefined && state.run.finishedAt !== undefined ? state.run.finishedAt - state.run.startedAt : undefined;
  const tail = [formatCost(state.run.costUsd), ...(elapsed !== undefined ? [formatDuration(elapsed)] : [])];
  const sentences = [`${head}${extras.length > 0 ? `, ${extras.join(', ')}` : ''} · ${tail.join(' · ')}.`];
  sentences.push(...failed.slice(0, NAMED_FAILURES).map(describeFailure));
  if (failed.length > NAMED_FAILURES) sentences.push(`${failed.length - NAMED_FAILURES} more failed; see the Runs view.`);
  if (state.run.reason) sentences.push(`The run stopped early: ${state.run.reason}`);
  return { severity: severityOf(state, counts.failed), message: sentences.join(' '), failedTaskIds: failed.map((t) => t.id) };
}

function verb(status: DashboardState['run']['status']): string {
  switch (status) {
    case 'succeeded':
      return 'finished';
    case 'cancelled':
      return 'was cancelled';
    case 'failed':
      return 'finished with failures';
    default:
      return status;
  }
}

function describeFailure(task: DashboardTask): string {
  const why = task.failure ? `${task.failure.kind}: ${shorten(task.failure.message, 120)}` : 'no reason recorded';
  return `${task.id} "${shorten(task.title, 40)}" failed (${why}).`;
}

function severityOf(state: DashboardState, failed: number): RunSummaryView['severity'] {
  if (state.run.status === 'succeeded') return 'info';
  if (state.run.status === 'cancelled') return 'warning';
  return failed > 0 ? 'error' : 'warning';
}
