import type { DashboardState, DashboardTask } from '../../../src/shared/dashboardState';
import { formatDuration } from '../ui/format';

export function AttemptsSection({ state, task }: { state: DashboardState; task: DashboardTask }) {
  if (task.attempts.length === 0) return <p className="prp-muted">No attempt yet.</p>;
  return (
    <ol className="prp-attempts">
      {task.attempts.map((a, i) => {
        const end = a.finishedAt ?? state.run.now ?? a.startedAt;
        return (
          <li key={`${a.attempt}-${i}`} className={`prp-attempt prp-attempt--${a.outcome}`}>
            <span>
              #{a.attempt} on <strong>{a.agent}</strong>: {a.outcome}
            </span>
            <span className="prp-muted"> · {formatDuration(Math.max(0, end - a.startedAt))}</span>
            {a.failure && (
              <div className="prp-attempt__failure">
                {a.failure.kind}: {a.failure.message}
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
