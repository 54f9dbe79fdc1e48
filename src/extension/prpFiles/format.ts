/** Short texts for CodeLens titles: durations, costs, counts. Free of `vscode`. */
import type { TaskStatus } from '../../orchestrator/model';

/** `42s`, `3m 05s`, `1h 20m`; under a second reads `<1s`. */
export function formatDuration(ms: number): string {
  if (!(ms >= 1000)) return '<1s';
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** A plan estimate, as coarse as estimates are: `~45s`, `~4m`, `~1h 20m`. */
export function formatEstimate(ms: number): string {
  if (!(ms >= 60_000)) return `~${formatDuration(ms)}`;
  const minutes = Math.round(ms / 60_000);
  return minutes < 60 ? `~${minutes}m` : `~${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** `$0.42`; amounts under a cent read `<$0.01` so a tiny cost is not shown as free. */
export function formatCost(usd: number): string {
  if (usd > 0 && usd < 0.01) return '<$0.01';
  return `$${usd.toFixed(2)}`;
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
