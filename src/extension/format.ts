/**
 * Short human formats shared by the trees, the status bar and the notifications. Plain functions without
 * `vscode`, so they are unit tested directly.
 */

/** "$0.84", "$12.30"; below a cent "$0.004" so a cheap run never reads as free. */
export function formatCost(usd: number): string {
  if (!Number.isFinite(usd) || usd <= 0) return '$0.00';
  if (usd < 0.01) return `$${usd.toFixed(3)}`;
  return `$${usd.toFixed(2)}`;
}

/** "850 ms", "12 s", "3m 05s", "1h 02m". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '0 s';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** Local wall-clock "HH:MM" of a time, to tell runs of one PRP apart. */
export function clockTime(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 5);
}

/** "92%"; undefined (nothing finished yet) becomes an em dash. */
export function formatPercent(fraction: number | undefined): string {
  return fraction === undefined ? '—' : `${Math.round(fraction * 100)}%`;
}

/** Cuts a one-line label to `max` characters with an ellipsis, for tree descriptions. */
export function shorten(text: string, max = 60): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
