import { useEffect, useRef } from 'react';
import type { LogLine } from '../../../src/shared/dashboardState';

function clock(time: number): string {
  const d = new Date(time);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** The task's streaming log; it follows new lines unless the person scrolled up to read. */
export function TaskLog({ lines }: { lines: readonly LogLine[] }) {
  const box = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  useEffect(() => {
    const element = box.current;
    if (element && following.current) element.scrollTop = element.scrollHeight;
  }, [lines]);
  if (lines.length === 0) return <p className="prp-muted">Nothing logged yet.</p>;
  return (
    <div
      className="prp-log"
      ref={box}
      tabIndex={0}
      role="log"
      aria-label="Task log"
      onScroll={(event) => {
        const el = event.currentTarget;
        following.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 8;
      }}
    >
      {lines.map((line, i) => (
        <div key={i} className={`prp-log__line prp-log__line--${line.level}`}>
          <span className="prp-log__time">{clock(line.time)}</span> {line.text}
        </div>
      ))}
    </div>
  );
}
