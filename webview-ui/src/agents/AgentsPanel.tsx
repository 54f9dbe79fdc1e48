import { agentUtilisation, meanAttemptMs, successRate } from '../../../src/shared/dashboardState';
import type { DashboardAgent, DashboardState } from '../../../src/shared/dashboardState';
import { formatCost, formatDuration, formatPercent } from '../ui/format';

const ACTIVITY_LABELS: Record<DashboardAgent['status'], string> = {
  idle: 'Idle',
  running: 'Running',
  failing: 'Failing',
  'circuit-open': 'Paused (failing)',
  ended: 'Ended',
};

export interface AgentsPanelProps {
  state: DashboardState;
  onSelectTask: (taskId: string) => void;
}

function Meter({ share, label }: { share: number | undefined; label: string }) {
  const width = Math.min(100, Math.max(0, (share ?? 0) * 100));
  return (
    <span className="prp-meter" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(width)}>
      <span className="prp-meter__bar" style={{ width: `${width}%` }} />
      <span className="prp-meter__text">{formatPercent(share)}</span>
    </span>
  );
}

/** Each agent: what it does now, how busy it has been, how often it succeeds and what it cost. */
export function AgentsPanel({ state, onSelectTask }: AgentsPanelProps) {
  if (state.agents.length === 0) return <p className="prp-muted prp-pad">No agents yet.</p>;
  return (
    <section className="prp-agents" aria-label="Agents">
      <table className="prp-table" data-testid="agents-table">
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">Status</th>
            <th scope="col">Current task</th>
            <th scope="col">Utilisation</th>
            <th scope="col">Success</th>
            <th scope="col">Attempts</th>
            <th scope="col">Mean attempt</th>
            <th scope="col">Cost</th>
          </tr>
        </thead>
        <tbody>
          {state.agents.map((agent) => (
            <tr key={agent.name} data-testid={`agent-row-${agent.name}`}>
              <th scope="row" title={agent.description}>
                {agent.name}
                {agent.spawned && <span className="prp-badge">spawned</span>}
                {agent.model && <span className="prp-muted"> · {agent.model}</span>}
              </th>
              <td>
                <span className={`prp-badge prp-badge--agent-${agent.status}`}>{ACTIVITY_LABELS[agent.status]}</span>
              </td>
              <td>
                {agent.currentTaskIds.length === 0
                  ? '–'
                  : agent.currentTaskIds.map((id) => (
                      <button key={id} type="button" className="prp-link" onClick={() => onSelectTask(id)}>
                        {id}
                      </button>
                    ))}
              </td>
              <td>
                <Meter share={agentUtilisation(state, agent)} label={`Utilisation of ${agent.name}`} />
              </td>
              <td>{formatPercent(successRate(agent))}</td>
              <td>
                {agent.attempts}
                {agent.failed > 0 && <span className="prp-muted"> ({agent.failed} failed)</span>}
              </td>
              <td>{formatDuration(meanAttemptMs(agent))}</td>
              <td>{formatCost(agent.costUsd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
