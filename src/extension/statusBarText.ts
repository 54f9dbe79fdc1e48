import { estimateRemainingMs, statusCounts } from '../shared/dashboardState';
import type { DashboardState } from '../shared/dashboardState';
import { formatCost, formatDuration } from './format';

/** What the status bar item shows for a run; `undefined` state hides it. */
export interface StatusBarView {
  visible: boolean;
  text: string;
  tooltip: string;
}

const HIDDEN: StatusBarView = { visible: false, text: '', tooltip: '' };

/**
 * "PRP 7/12 · 3 running · $0.84" while a run goes on, then its outcome. A plan preview (status 'planned')
 * is not a run and leaves the item hidden.
 */
export function statusBarView(state: DashboardState | undefined): StatusBarView {
  if (!state || state.run.status === 'planned') return HIDDEN;
  const counts = statusCounts(state);
  const total = state.tasks.length;
  const progress = `PRP ${counts.succeeded}/${total}`;
  const cost = formatCost(state.run.costUsd);
  const parts = [progress];
  let icon: string;
  switch (state.run.status) {
    case 'running':
      icon = '$(sync~spin)';
      parts.push(`${counts.running + counts.retrying} running`);
      break;
    case 'succeeded':
      icon = '$(check)';
      break;
    case 'cancelled':
      icon = '$(circle-slash)';
      parts.push('cancelled');
      break;
    default:
      icon = '$(error)';
      parts.push(`${counts.failed} failed`);
  }
  parts.push(cost);
  return { visible: true, text: `${icon} ${parts.join(' · ')}`, tooltip: tooltipFor(state) };
}

function tooltipFor(state: DashboardState): string {
  const counts = statusCounts(state);
  const lines = [`${state.run.title} — ${state.run.status}`];
  lines.push(`${counts.succeeded} done, ${counts.running} running, ${counts.failed} failed, ${counts.blocked} blocked of ${state.tasks.length} tasks`);
  const remaining = estimateRemainingMs(state);
  if (remaining !== undefined) lines.push(`About ${formatDuration(remaining)} left (from the plan's estimates)`);
  lines.push(`Cost so far ${formatCost(state.run.costUsd)}`, 'Click to open the dashboard');
  return lines.join('\n');
}
