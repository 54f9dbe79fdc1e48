// @vitest-environment jsdom
import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { HistoryMessage } from '../../src/shared/protocol';
import { sampleState } from '../../webview-ui/src/dev/sampleRun';
import { useMountedDashboard } from './webviewSupport';

const mount = useMountedDashboard();

const history: HistoryMessage = {
  type: 'history',
  runs: [
    { runId: 'r2', title: 'Second run', status: 'failed', startedAt: 2_000_000, finishedAt: 2_090_000, totals: { tasks: 4, succeeded: 2, failed: 1, cancelled: 0, blocked: 1, durationMs: 90_000, costUsd: 0.8 } },
    { runId: 'r1', title: 'First run', status: 'succeeded', startedAt: 1_000_000, finishedAt: 1_060_000, totals: { tasks: 4, succeeded: 4, failed: 0, cancelled: 0, blocked: 0, durationMs: 60_000, costUsd: 1.2 } },
  ],
  agents: [{ agent: 'backend', attempts: 10, successes: 8, meanDurationMs: 45_000 }],
};

function openTab(name: string): void {
  act(() => {
    fireEvent.click(screen.getByRole('tab', { name }));
  });
}

describe('agents panel', () => {
  it('shows each agent with status, current task, utilisation, success rate and cost, live', () => {
    const { fake } = mount(sampleState(6));
    act(() => {
      fake.emit({ type: 'run.started', title: 'Sample', taskCount: 6, workers: 2 });
      fake.emit({ type: 'task.started', taskId: 'T1', agent: 'backend', attempt: 1 });
      fake.emit({ type: 'task.succeeded', taskId: 'T1', agent: 'backend', attempt: 1, durationMs: 1000, costUsd: 0.3 });
      fake.emit({ type: 'task.started', taskId: 'T2', agent: 'frontend', attempt: 1 });
    });
    openTab('Agents');
    const backend = screen.getByTestId('agent-row-backend');
    expect(backend.textContent).toContain('Idle');
    expect(backend.textContent).toContain('100%');
    expect(backend.textContent).toContain('$0.30');
    // Run from t=1 s to t=4 s; backend was busy for one second of three.
    expect(within(backend).getByRole('meter').getAttribute('aria-valuenow')).toBe('33');
    const frontend = screen.getByTestId('agent-row-frontend');
    expect(frontend.textContent).toContain('Running');
    act(() => {
      fireEvent.click(within(frontend).getByRole('button', { name: 'T2' }));
    });
    expect(screen.getByTestId('details-panel').getAttribute('aria-label')).toBe('Details of T2');
    act(() => {
      fake.emit({ type: 'task.failed', taskId: 'T2', agent: 'frontend', attempt: 1, failure: { kind: 'crash', message: 'exit 1' }, final: true });
    });
    expect(screen.getByTestId('agent-row-frontend').textContent).toContain('Failing');
    expect(screen.getByTestId('agent-row-frontend').textContent).toContain('0%');
  });
});

describe('run header', () => {
  it('shows progress, running count, cost and offers to cancel the run', async () => {
    const { fake } = mount(sampleState(4));
    expect(screen.queryByTestId('cancel-run')).toBeNull();
    act(() => {
      fake.emit({ type: 'run.started', title: 'Sample', taskCount: 4, workers: 2 });
      fake.emit({ type: 'task.started', taskId: 'T1', agent: 'backend', attempt: 1 });
      fake.emit({ type: 'task.started', taskId: 'T2', agent: 'frontend', attempt: 1 });
    });
    expect(screen.getByTestId('run-running').textContent).toBe('2');
    expect(screen.getByTestId('run-progress').textContent).toBe('0/4');
    await act(async () => {
      fireEvent.click(screen.getByTestId('cancel-run'));
    });
    expect(fake.sent.some((m) => m.type === 'cancelRun')).toBe(true);
    const header = screen.getByTestId('run-header');
    expect(within(header).getByText('Cancelled')).toBeTruthy();
    expect(within(header).getByText('Cancelled from the dashboard.')).toBeTruthy();
  });
});

describe('metrics view', () => {
  it('asks the host for the history and charts this run per agent and past runs as trends', () => {
    const { fake } = mount(sampleState(4), { history });
    act(() => {
      fake.emit({ type: 'run.started', title: 'Sample', taskCount: 4, workers: 2 });
      fake.emit({ type: 'task.started', taskId: 'T1', agent: 'backend', attempt: 1 });
      fake.emit({ type: 'task.succeeded', taskId: 'T1', agent: 'backend', attempt: 1, durationMs: 1000, costUsd: 0.5 });
    });
    expect(fake.sent.some((m) => m.type === 'requestHistory')).toBe(false);
    openTab('Metrics');
    expect(fake.sent.some((m) => m.type === 'requestHistory')).toBe(true);
    const view = screen.getByTestId('metrics-view');
    const chart = (name: RegExp) => within(view).getByRole('img', { name });
    expect(chart(/^Success rate per agent:/).getAttribute('aria-label')).toContain('backend 100%');
    expect(chart(/^Cost per agent:/).getAttribute('aria-label')).toContain('backend $0.50');
    expect(chart(/^Success rate per agent \(history\)/).getAttribute('aria-label')).toContain('backend 80% of 10');
    // Trends run oldest first, whatever order the host sent.
    const cost = chart(/^Run cost:/).getAttribute('aria-label')!;
    expect(cost.indexOf('First run $1.20')).toBeGreaterThan(-1);
    expect(cost.indexOf('First run')).toBeLessThan(cost.indexOf('Second run'));
    expect(chart(/^Tasks succeeded:/).getAttribute('aria-label')).toContain('Second run 50%');
    expect(within(view).getAllByRole('img', { name: /^Run duration:/ })[0]!.querySelectorAll('circle')).toHaveLength(2);
  });
});
