export interface BarItem {
  label: string;
  value: number;
  /** The value as people read it, e.g. `85%` or `$0.42`. */
  text: string;
}

export interface BarChartProps {
  title: string;
  items: readonly BarItem[];
  /** The value of a full bar. Default: the largest value. */
  max?: number;
}

const ROW = 22;
const LABEL = 120;
const WIDTH = 360;

/** Horizontal bars in plain SVG: one row per item, the value written next to its bar. */
export function BarChart({ title, items, max }: BarChartProps) {
  const top = max ?? Math.max(0, ...items.map((i) => i.value));
  const barSpace = WIDTH - LABEL - 60;
  const height = Math.max(ROW, items.length * ROW);
  return (
    <figure className="prp-chart">
      <figcaption>{title}</figcaption>
      {items.length === 0 ? (
        <p className="prp-muted">No data yet.</p>
      ) : (
        <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label={`${title}: ${items.map((i) => `${i.label} ${i.text}`).join(', ')}`}>
          {items.map((item, i) => {
            const width = top > 0 ? Math.max(1, (item.value / top) * barSpace) : 1;
            const y = i * ROW;
            return (
              <g key={item.label}>
                <title>{`${item.label}: ${item.text}`}</title>
                <text x={LABEL - 6} y={y + ROW * 0.68} textAnchor="end" className="prp-chart__label">
                  {item.label.length > 16 ? `${item.label.slice(0, 15)}…` : item.label}
                </text>
                <rect x={LABEL} y={y + 4} width={width} height={ROW - 8} rx={2} className="prp-chart__bar" />
                <text x={LABEL + width + 4} y={y + ROW * 0.68} className="prp-chart__value">
                  {item.text}
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </figure>
  );
}
