/** Short texts for CodeLens titles: durations, costs, counts. Free of `vscode`. */
import type { TaskStatus } from '../../orchestrator/model';
import { formatDuration } from '../format';

// The lenses show durations and costs as the trees and the status bar do.
export { formatCost, formatDuration } from '../format';

/** A plan estimate, as coarse as estimates are: `~45 s`, `~4m`, `~1h 20m`. */
export function formatEstimate(ms: number): string {
  if (!(ms >= 60_000)) return `~${formatDuration(ms)}`;
  const minutes = Math.round(ms / 60_000);
  return minutes < 60 ? `~${minutes}m` : `~${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** `1 task`, `3 tasks`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The words and codicon a task status shows with. */
export const STATUS_LABELS: Readonly<Record<TaskStatus, { text: string; icon: string }>> = {
  pending: { text: 'Waiting', icon: 'circle-outline' },
  ready: { text: 'Ready', icon: 'circle-large-outline' },
  running: { text: 'Running', icon: 'sync~spin' },
  retrying: { text: 'Retrying', icon: 'refresh' },
  succeeded: { text: 'Succeeded', icon: 'pass' },
  failed: { text: 'Failed', icon: 'error' },
  cancelled: { text: 'Cancelled', icon: 'circle-slash' },
  blocked: { text: 'Blocked', icon: 'debug-pause' },
};

/** The statuses `RunControllerApi.retryTask` can run again. */
export const RETRYABLE: ReadonlySet<TaskStatus> = new Set<TaskStatus>(['failed', 'cancelled', 'blocked']);
