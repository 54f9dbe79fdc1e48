import type { RunResult, TaskGraph } from '../orchestrator/index';
import { formatCost, formatDuration, makeStyle, plural, truncate } from './format';

/** The closing lines of a run for people: outcome, counts, failures and why, cost, duration. */
export function renderSummary(result: RunResult, graph: TaskGraph, color: boolean, interrupted: boolean): string {
  const style = makeStyle(color);
  const t = result.totals;
  const titles = new Map(graph.tasks.map((task) => [task.id, task.title]));
  const counts = [`${t.succeeded} of ${t.tasks} tasks done`];
  if (t.failed > 0) counts.push(`${t.failed} failed`);
  if (t.blocked > 0) counts.push(`${t.blocked} blocked`);
  if (t.cancelled > 0) counts.push(`${t.cancelled} cancelled`);
  const head =
    result.status === 'succeeded'
      ? style.green(style.bold('✔ Run succeeded'))
      : result.status === 'cancelled' || interrupted
        ? style.yellow(style.bold(interrupted ? '■ Run cancelled (interrupted)' : '■ Run cancelled'))
        : style.red(style.bold('✘ Run failed'));
  const lines = ['', `${head}: ${counts.join(', ')} in ${formatDuration(t.durationMs)} · cost ${formatCost(t.costUsd)}`];
  const failed = result.tasks.filter((task) => task.status === 'failed');
  if (failed.length > 0) {
    lines.push(style.bold(`${plural(failed.length, 'failure')}:`));
    for (const task of failed) {
      const who = `${task.agent ?? 'no agent'}, ${plural(task.attempts, 'attempt')}`;
      const why = task.failure ? `${task.failure.kind}: ${truncate(task.failure.message, 160)}` : 'no reason recorded';
      lines.push(`  ${style.red(task.taskId)} ${truncate(titles.get(task.taskId) ?? '', 60)} (${who}) — ${why}`);
    }
  }
  const blocked = result.tasks.filter((task) => task.status === 'blocked').map((task) => task.taskId);
  if (blocked.length > 0) lines.push(`Not started because a prerequisite did not succeed: ${blocked.join(', ')}`);
  lines.push(style.dim(`run ${result.runId}`));
  return lines.join('\n');
}
