import { useEffect } from 'react';
import { meanAttemptMs, successRate } from '../../../src/shared/dashboardState';
import type { DashboardState } from '../../../src/shared/dashboardState';
import type { RunSummary } from '../../../src/shared/protocol';
import type { DashboardHost } from '../host/types';
import type { ViewState } from '../state/dashboardStore';
import { formatCost, formatDuration, formatPercent } from '../ui/format';
import { BarChart } from './BarChart';
import type { BarItem } from './BarChart';
import { TrendChart } from './TrendChart';

export interface MetricsViewProps {
  state: DashboardState;
  history: ViewState['history'];
  host: DashboardHost;
}

function runLabel(run: RunSummary): string {
  return `${new Date(run.startedAt).toLocaleDateString()} ${run.title}`;
}

function runDuration(run: RunSummary): number {
  return run.totals?.durationMs ?? Math.max(0, (run.finishedAt ?? run.startedAt) - run.startedAt);
}

/** This run per agent, the store's per-agent history, and trends over past runs (asked for on opening). */
export function MetricsView({ state, history, host }: MetricsViewProps) {
  useEffect(() => host.requestHistory(), [host]);
  const agents = state.agents.filter((a) => a.attempts > 0 || a.costUsd > 0);
  const success: BarItem[] = agents.map((a) => ({ label: a.name, value: successRate(a) ?? 0, text: formatPercent(successRate(a)) }));
  const duration: BarItem[] = agents.map((a) => ({ label: a.name, value: meanAttemptMs(a) ?? 0, text: formatDuration(meanAttemptMs(a)) }));
  const cost: BarItem[] = agents.map((a) => ({ label: a.name, value: a.costUsd, text: formatCost(a.costUsd) }));
  const past = history?.agents ?? [];
  const runs = [...(history?.runs ?? [])].sort((a, b) => a.startedAt - b.startedAt).slice(-30);
  return (
    <section className="prp-metrics" aria-label="Metrics" data-testid="metrics-view">
      <h2>This run</h2>
      <div className="prp-chart-grid">
        <BarChart title="Success rate per agent" items={success} max={1} />
        <BarChart title="Mean attempt duration per agent" items={duration} />
        <BarChart title="Cost per agent" items={cost} />
      </div>
      <h2>All recorded runs</h2>
      {history === undefined ? (
        <p className="prp-muted">Loading the run history…</p>
      ) : (
        <>
          <div className="prp-chart-grid">
            <BarChart
              title="Success rate per agent (history)"
              max={1}
              items={past.map((s) => ({ label: s.agent, value: s.attempts > 0 ? s.successes / s.attempts : 0, text: `${formatPercent(s.attempts > 0 ? s.successes / s.attempts : undefined)} of ${s.attempts}` }))}
            />
            <BarChart title="Mean duration per agent (history)" items={past.map((s) => ({ label: s.agent, value: s.meanDurationMs, text: formatDuration(s.meanDurationMs) }))} />
          </div>
          <div className="prp-chart-grid">
            <TrendChart title="Run duration" points={runs.map((r) => ({ label: runLabel(r), value: runDuration(r), text: formatDuration(runDuration(r)) }))} />
            <TrendChart title="Run cost" points={runs.map((r) => ({ label: runLabel(r), value: r.totals?.costUsd ?? 0, text: formatCost(r.totals?.costUsd) }))} />
            <TrendChart
              title="Tasks succeeded"
              points={runs.map((r) => {
                const share = r.totals && r.totals.tasks > 0 ? r.totals.succeeded / r.totals.tasks : 0;
                return { label: runLabel(r), value: share, text: formatPercent(r.totals ? share : undefined) };
              })}
            />
          </div>
        </>
      )}
    </section>
  );
}
