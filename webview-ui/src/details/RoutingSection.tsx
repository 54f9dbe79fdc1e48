import type { DashboardTask } from '../../../src/shared/dashboardState';

/** Why the router chose the agent: its sentence, every candidate's score breakdown, and the fallbacks. */
export function RoutingSection({ task }: { task: DashboardTask }) {
  const routing = task.routing;
  if (!routing) return <p className="prp-muted">Not routed yet.</p>;
  return (
    <>
      <p>{routing.reason}</p>
      {routing.scores.length > 0 && (
        <table className="prp-table" aria-label="Routing scores">
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Score</th>
              <th scope="col" title="How well the agent's description and tags match the task">Special.</th>
              <th scope="col" title="How free the agent is">Load</th>
              <th scope="col" title="Success on similar tasks in past runs">History</th>
              <th scope="col" title="How fast the agent answered in past runs">Speed</th>
            </tr>
          </thead>
          <tbody>
            {routing.scores.map((s) => (
              <tr key={s.agent} className={s.agent === task.agent ? 'prp-table__row--chosen' : undefined}>
                <th scope="row" title={s.matched && s.matched.length > 0 ? `Matched: ${s.matched.join(', ')}` : undefined}>
                  {s.agent}
                </th>
                <td>{s.score.toFixed(2)}</td>
                <td>{s.breakdown.specialization.toFixed(2)}</td>
                <td>{s.breakdown.load.toFixed(2)}</td>
                <td>{s.breakdown.history.toFixed(2)}</td>
                <td>{s.breakdown.responseTime.toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <span className="prp-muted">Fallbacks: </span>
        {routing.fallbacks.length > 0 ? routing.fallbacks.join(' → ') : 'none'}
      </p>
    </>
  );
}
