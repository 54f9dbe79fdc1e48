// @vitest-environment jsdom
import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { applyRunEvents } from '../../src/shared/dashboardState';
import type { DashboardState } from '../../src/shared/dashboardState';
import type { RunEvent } from '../../src/orchestrator/model';
import { SAMPLE_RUN_ID, sampleState } from '../../webview-ui/src/dev/sampleRun';
import { useMountedDashboard } from './webviewSupport';

const mount = useMountedDashboard();

const node = (id: string) => document.querySelector<HTMLElement>(`[data-testid="task-node-${id}"]`);
const wrapper = (id: string) => document.querySelector<HTMLElement>(`.react-flow__node[data-id="${id}"]`)!;

function failedT2(): DashboardState {
  const events = [
    { type: 'run.started', title: 'Sample', taskCount: 5, workers: 2 },
    { type: 'task.started', taskId: 'T2', agent: 'frontend', attempt: 1 },
    { type: 'task.progress', taskId: 'T2', agent: 'frontend', message: 'running npm test' },
    { type: 'task.failed', taskId: 'T2', agent: 'frontend', attempt: 1, failure: { kind: 'validation', message: 'FAIL src/a.test.ts: expected 2, got 3' }, final: true },
  ].map((e, i) => ({ runId: SAMPLE_RUN_ID, seq: i + 1, time: 1_700_000_000_000 + i * 1000, ...e }) as unknown as RunEvent);
  return applyRunEvents(sampleState(5), events);
}

describe('graph view', () => {
  it('renders every task with its title, agent and status, and every dependency as an edge', () => {
    const state = sampleState(6);
    mount(state);
    for (const task of state.tasks) {
      const element = node(task.id)!;
      expect(element).not.toBeNull();
      expect(element.textContent).toContain(task.title);
      expect(element.textContent).toContain(task.agent!);
      expect(element.dataset.status).toBe('pending');
    }
    const edges = document.querySelectorAll('.react-flow__edge');
    expect(edges).toHaveLength(new Set(state.dependencies.map((d) => `${d.from}->${d.to}`)).size);
    const critical = document.querySelectorAll('.react-flow__edge.prp-edge--critical');
    expect(critical).toHaveLength(state.criticalPath.length - 1);
    expect(node(state.criticalPath[0]!)!.className).toContain('prp-node--critical');
    expect(screen.getByText('6 tasks')).toBeTruthy();
  });

  it('re-renders a node when its status changes, without remounting the others', () => {
    const { fake } = mount(sampleState(5));
    const untouched = node('T3');
    act(() => {
      fake.emit({ type: 'run.started', title: 'Sample', taskCount: 5, workers: 2 });
      fake.emit({ type: 'task.started', taskId: 'T1', agent: 'backend', attempt: 1 });
    });
    expect(node('T1')!.dataset.status).toBe('running');
    expect(node('T1')!.textContent).toContain('Running');
    expect(node('T3')).toBe(untouched);
    act(() => {
      fake.emit({ type: 'task.succeeded', taskId: 'T1', agent: 'backend', attempt: 1, durationMs: 2000, costUsd: 0.42 });
    });
    expect(node('T1')!.dataset.status).toBe('succeeded');
    expect(node('T1')!.textContent).toContain('$0.42');
    expect(screen.getByTestId('run-progress').textContent).toContain('1/5');
    expect(screen.getByTestId('run-cost').textContent).toBe('$0.42');
  });

  it('opens the details of a clicked node and closes them with Escape', () => {
    const state = sampleState(5);
    mount(state);
    act(() => {
      fireEvent.click(node('T2')!);
    });
    const panel = screen.getByTestId('details-panel');
    const t2 = state.tasks[1]!;
    expect(within(panel).getByText(t2.title)).toBeTruthy();
    expect(panel.textContent).toContain(t2.body.split('\n')[0]!);
    // The routing explanation: the reason, each candidate's score, and the fallbacks.
    expect(panel.textContent).toContain(t2.routing!.reason);
    const table = within(panel).getByRole('table', { name: 'Routing scores' });
    expect(within(table).getAllByRole('row')).toHaveLength(1 + t2.routing!.scores.length);
    expect(panel.textContent).toContain(t2.routing!.fallbacks.join(' → '));
    expect(wrapper('T2').querySelector('.prp-node--selected')).not.toBeNull();
    act(() => {
      fireEvent.keyDown(document, { key: 'Escape' });
    });
    expect(screen.queryByTestId('details-panel')).toBeNull();
  });

  it('opens the details of a focused node with Enter', () => {
    mount(sampleState(5));
    const target = wrapper('T4');
    expect(target.tabIndex).toBe(0);
    act(() => {
      target.focus();
      fireEvent.keyDown(target, { key: 'Enter' });
    });
    expect(screen.getByTestId('details-panel').getAttribute('aria-label')).toBe('Details of T4');
  });

  it('dims the tasks a search does not match', () => {
    mount(sampleState(8));
    const search = screen.getByTestId('graph-search');
    act(() => {
      fireEvent.input(search, { target: { value: 'module 3' } });
    });
    expect(node('T3')!.className).not.toContain('prp-node--dimmed');
    expect(node('T1')!.className).toContain('prp-node--dimmed');
    expect(node('T8')!.className).toContain('prp-node--dimmed');
    expect(screen.getByText('1 of 8 match')).toBeTruthy();
  });

  it('shows a failed task with its validation output, log and attempts, and retries it through the host', async () => {
    const { fake } = mount(failedT2());
    act(() => {
      fireEvent.click(node('T2')!);
    });
    const panel = screen.getByTestId('details-panel');
    expect(within(panel).getByText('Validation output')).toBeTruthy();
    expect(panel.textContent).toContain('FAIL src/a.test.ts: expected 2, got 3');
    expect(within(panel).getByRole('log').textContent).toContain('running npm test');
    expect(panel.textContent).toContain('#1 on frontend: failed');
    await act(async () => {
      fireEvent.click(screen.getByTestId('retry-task'));
    });
    expect(fake.sent.some((m) => m.type === 'retryTask' && m.taskId === 'T2')).toBe(true);
    expect(within(screen.getByTestId('details-panel')).getByTestId('action-status').textContent).toBe('T2 runs again.');
    expect(node('T2')!.dataset.status).toBe('ready');
  });

  it('opens a file through the host and shows when the host refuses', async () => {
    const { fake } = mount(failedT2());
    act(() => {
      fireEvent.click(node('T2')!);
    });
    await act(async () => {
      fireEvent.click(within(screen.getByTestId('details-panel')).getByText('src/module1/feature_2.ts'));
    });
    expect(fake.sent.at(-1)).toMatchObject({ type: 'openFile', path: 'src/module1/feature_2.ts' });
    expect(within(screen.getByTestId('details-panel')).getByTestId('action-status').textContent).toBe('Opened src/module1/feature_2.ts.');
    const answer = fake.post.bind(fake);
    fake.post = (message) => {
      if (message.type !== 'openTaskLog') return answer(message);
      fake.deliver({ type: 'actionResult', requestId: message.requestId, ok: false, message: 'The log of T2 is gone; run it again to get a new one.' });
    };
    await act(async () => {
      fireEvent.click(within(screen.getByTestId('details-panel')).getByText('Full log'));
    });
    expect(within(screen.getByTestId('details-panel')).getByTestId('action-status').textContent).toBe('The log of T2 is gone; run it again to get a new one.');
    expect(within(screen.getByTestId('details-panel')).getByTestId('action-status').className).toContain('error');
  });
});
