export interface TrendPoint {
  label: string;
  value: number;
  text: string;
}

export interface TrendChartProps {
  title: string;
  points: readonly TrendPoint[];
}

const WIDTH = 360;
const HEIGHT = 120;
const PAD = 16;

/** A line over past runs, oldest on the left; each point says its run and value on hover and to readers. */
export function TrendChart({ title, points }: TrendChartProps) {
  const max = Math.max(0, ...points.map((p) => p.value));
  const step = points.length > 1 ? (WIDTH - 2 * PAD) / (points.length - 1) : 0;
  const xy = points.map((p, i) => ({
    ...p,
    x: points.length > 1 ? PAD + i * step : WIDTH / 2,
    y: HEIGHT - PAD - (max > 0 ? (p.value / max) * (HEIGHT - 2 * PAD) : 0),
  }));
  return (
    <figure className="prp-chart">
      <figcaption>{title}</figcaption>
      {points.length === 0 ? (
        <p className="prp-muted">No past runs recorded yet.</p>
      ) : (
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label={`${title}: ${points.map((p) => `${p.label} ${p.text}`).join(', ')}`}>
          <line x1={PAD} y1={HEIGHT - PAD} x2={WIDTH - PAD} y2={HEIGHT - PAD} className="prp-chart__axis" />
          {xy.length > 1 && <polyline points={xy.map((p) => `${p.x},${p.y}`).join(' ')} className="prp-chart__line" fill="none" />}
          {xy.map((p, i) => (
            <circle key={`${p.label}-${i}`} cx={p.x} cy={p.y} r={3.5} className="prp-chart__point">
              <title>{`${p.label}: ${p.text}`}</title>
            </circle>
          ))}
        </svg>
      )}
    </figure>
  );
}
