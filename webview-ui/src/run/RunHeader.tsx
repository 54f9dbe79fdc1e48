import { useEffect, useState } from 'react';
import { elapsedMs, estimateRemainingMs, statusCounts } from '../../../src/shared/dashboardState';
import type { DashboardState } from '../../../src/shared/dashboardState';
import type { ConnectionStatus, DashboardHost } from '../host/types';
import { ActionStatus } from '../ui/ActionStatus';
import { Button } from '../ui/controls';
import { formatCost, formatDuration } from '../ui/format';
import { useAction } from '../ui/useAction';

const RUN_LABELS: Record<DashboardState['run']['status'], string> = {
  planned: 'Planned',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** Wall-clock time, ticking once a second while `active`, so clocks move between events. */
function useWallClock(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return active ? now : Date.now();
}

export interface RunHeaderProps {
  state: DashboardState;
  host: DashboardHost;
  connection: ConnectionStatus;
  /** Wall-clock time the state arrived; elapsed time and ETA move on from it until the next event. */
  receivedAt: number;
}

/** The run at a glance: progress, what runs, time so far and left, cost, and cancelling the whole run. */
export function RunHeader({ state, host, connection, receivedAt }: RunHeaderProps) {
  const running = state.run.status === 'running';
  const wall = useWallClock(running);
  const [action, run] = useAction();
  const counts = statusCounts(state);
  const total = state.tasks.length;
  const done = counts.succeeded;
  const finished = done + counts.failed + counts.cancelled + counts.blocked;
  const sinceEvent = running ? Math.max(0, wall - receivedAt) : 0;
  const remaining = estimateRemainingMs(state);
  return (
    <header className="prp-run-header" data-testid="run-header">
      <div className="prp-run-header__title">
        <h1>{state.run.title}</h1>
        <span className={`prp-badge prp-badge--run-${state.run.status}`}>{RUN_LABELS[state.run.status]}</span>
        {connection !== 'open' && (
          <span className="prp-badge prp-badge--failed" role="status">
            {connection === 'connecting' ? 'Connecting…' : 'Disconnected: reconnecting'}
          </span>
        )}
      </div>
      <div className="prp-progress" role="progressbar" aria-label="Tasks finished" aria-valuemin={0} aria-valuemax={total} aria-valuenow={finished}>
        <span className="prp-progress__done" style={{ width: `${total === 0 ? 0 : (done / total) * 100}%` }} />
        <span className="prp-progress__failed" style={{ width: `${total === 0 ? 0 : ((finished - done) / total) * 100}%` }} />
      </div>
      <dl className="prp-run-header__facts">
        <dt>Progress</dt>
        <dd data-testid="run-progress">
          {done}/{total}
          {counts.failed > 0 && <span className="prp-text--failed"> · {counts.failed} failed</span>}
          {counts.blocked > 0 && <span className="prp-muted"> · {counts.blocked} blocked</span>}
        </dd>
        <dt>Running</dt>
        <dd data-testid="run-running">{counts.running}</dd>
        <dt>Elapsed</dt>
        <dd>{formatDuration(elapsedMs(state) + sinceEvent)}</dd>
        <dt>ETA</dt>
        <dd>{remaining === undefined ? '–' : formatDuration(Math.max(0, remaining - sinceEvent))}</dd>
        <dt>Cost</dt>
        <dd data-testid="run-cost">{formatCost(state.run.costUsd)}</dd>
      </dl>
      {running && (
        <Button secondary onClick={() => run('Cancel the run', () => host.cancelRun())} testId="cancel-run">
          Cancel run
        </Button>
      )}
      <ActionStatus state={action} />
      {state.run.reason && <p className="prp-muted">{state.run.reason}</p>}
    </header>
  );
}
