/** One line of the benchmark table that `npm run bench` prints. */
export interface BenchRow {
  /** Group, e.g. `parse`, `routing`, `engine`, `makespan`. */
  benchmark: string;
  /** What was measured, e.g. `100k tasks, overhead per task`. */
  case: string;
  value: number;
  unit: string;
  /** The same measurement for the baseline run in the same process, when there is one. */
  baseline?: { name: string; value: number };
  /** The target from the issue, as text, e.g. `< 5 µs`. */
  target?: string;
  /** Whether the value meets the target; undefined when there is no target. */
  pass?: boolean;
}

export type BenchModule = () => Promise<BenchRow[]>;

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 1) return n.toFixed(2);
  return n.toPrecision(3);
}

/** Renders rows as one aligned plain-text table. */
export function renderTable(rows: BenchRow[]): string {
  const header = ['benchmark', 'case', 'value', 'unit', 'baseline', 'target', 'ok'];
  const body = rows.map((r) => [
    r.benchmark,
    r.case,
    fmt(r.value),
    r.unit,
    r.baseline ? `${r.baseline.name}: ${fmt(r.baseline.value)}` : '',
    r.target ?? '',
    r.pass === undefined ? '' : r.pass ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
