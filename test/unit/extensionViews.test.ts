import { describe, expect, it } from 'vitest';
import { applyRunEvent } from '../../src/shared/dashboardState';
import { clockTime } from '../../src/extension/format';
import { statusBarView } from '../../src/extension/statusBarText';
import { runSummary } from '../../src/extension/runSummary';
import { parseTaskLogPath, renderTaskLog, taskLogPath } from '../../src/extension/taskLogText';
import { agentNode, agentTaskNode, agentsFromProfiles, listingFromRecord, listingFromState, runNode, runTaskNode, taskContextValue } from '../../src/extension/treeNodes';
import { agents, eventFactory, failedState, plannedState, RUN_ID, runningState } from './extensionFixtures';

describe('status bar text', () => {
  it('is hidden without a run and for a plan preview', () => {
    expect(statusBarView(undefined).visible).toBe(false);
    expect(statusBarView(plannedState()).visible).toBe(false);
  });

  it('counts done and running tasks and the cost while running', () => {
    const view = statusBarView(runningState());
    expect(view.visible).toBe(true);
    expect(view.text).toBe('$(sync~spin) PRP 1/3 · 1 running · $0.40');
    expect(view.tooltip).toContain('1 done, 1 running, 0 failed, 0 blocked of 3 tasks');
    expect(view.tooltip).toMatch(/About .* left/);
  });

  it('shows failures once the run ended', () => {
    expect(statusBarView(failedState()).text).toBe('$(error) PRP 1/3 · 1 failed · $0.40');
  });
});

describe('run summary notification', () => {
  it('names failures with their reason, blocked tasks and the cost', () => {
    const view = runSummary(failedState());
    expect(view.severity).toBe('error');
    expect(view.message).toContain('PRP "Add auth" finished with failures: 1 of 3 tasks done, 1 failed, 1 blocked · $0.40 · 6 s.');
    expect(view.message).toContain('T2 "Task T2" failed (validation: npm test failed).');
    expect(view.failedTaskIds).toEqual(['T2']);
  });

  it('is an information for a run where everything succeeded', () => {
    const e = eventFactory(1_700_000_100_000);
    let state = runningState();
    for (const event of [
      e({ type: 'task.succeeded', taskId: 'T2', agent: 'tester', attempt: 1, durationMs: 1000, costUsd: 0.1 }),
      e({ type: 'task.succeeded', taskId: 'T3', agent: 'backend', attempt: 1, durationMs: 1000, costUsd: 0.1 }),
      e({ type: 'run.finished', status: 'succeeded', totals: { tasks: 3, succeeded: 3, failed: 0, cancelled: 0, blocked: 0, durationMs: 1, costUsd: 0.6 } }),
    ]) {
      state = applyRunEvent(state, { ...event, seq: event.seq + 10 });
    }
    const view = runSummary(state);
    expect(view.severity).toBe('info');
    expect(view.message).toMatch(/^PRP "Add auth" finished: 3 of 3 tasks done · \$0\.60/);
    expect(view.failedTaskIds).toEqual([]);
  });
});

describe('task log documents', () => {
  it('round-trips run and task ids through the URI path, escaping slashes', () => {
    const path = taskLogPath('run/1', 'T 2');
    expect(parseTaskLogPath(path)).toEqual({ runId: 'run/1', taskId: 'T 2' });
    expect(parseTaskLogPath('/only-one.log')).toBeUndefined();
  });

  it('renders the header and the log lines of a task', () => {
    const text = renderTaskLog(failedState(), 'T2');
    expect(text).toContain('Task T2: Task T2');
    expect(text).toContain('Status:  failed · agent tester · attempt 1');
    expect(text).toContain('Failure: validation — npm test failed');
    expect(text).toMatch(/\d\d:\d\d:\d\d {2}attempt 1 started on tester/);
    expect(text).toMatch(/\[error\] attempt 1 failed \(validation\): npm test failed/);
    expect(renderTaskLog(failedState(), 'T9')).toContain('Task T9 is not part of run');
  });
});

describe('agent tree nodes', () => {
  it('shows a running agent with its task, rate, mean duration and cost', () => {
    const state = runningState();
    const tester = state.agents.find((a) => a.name === 'tester')!;
    const node = agentNode(tester, state, false);
    expect(node.description).toBe('running “Task T2” · —');
    expect(node.icon).toBe('sync~spin');
    expect(node.collapsible).toBe(true);
    const backend = agentNode(state.agents.find((a) => a.name === 'backend')!, state, true);
    expect(backend.description).toBe('idle · 100% · avg 2 s · $0.40');
    expect(backend.contextValue).toBe('agent.withFile');
    expect(backend.collapsible).toBe(false);
  });

  it('marks failing agents and lets the current task open its log', () => {
    const state = failedState();
    const tester = agentNode(state.agents.find((a) => a.name === 'tester')!, state, false);
    expect(tester.description).toMatch(/^failing \(1 in a row\) · 0%/);
    expect(tester.icon).toBe('warning');
    const child = agentTaskNode(RUN_ID, 'tester', runningState().tasks[1]!);
    expect(child.command).toEqual({ command: 'prpOrchestrator.openTaskLog', title: 'Open Task Log', arguments: [{ runId: RUN_ID, taskId: 'T2' }] });
  });

  it('builds idle agents from definitions and recorded statistics', () => {
    const list = agentsFromProfiles(agents, [{ agent: 'backend', attempts: 4, successes: 3, meanDurationMs: 1000 }]);
    expect(list.map((a) => [a.name, a.succeeded, a.failed, a.busyMs])).toEqual([
      ['backend', 3, 1, 4000],
      ['tester', 0, 0, 0],
    ]);
    expect(agentNode(list[0]!, undefined, true).description).toBe('idle · 75% · avg 1 s');
  });
});

describe('run tree nodes', () => {
  it('lists a live run with progress and inline cancel', () => {
    const state = runningState();
    const node = runNode(listingFromState(state, RUN_ID, true));
    expect(node.description).toBe(`${clockTime(state.run.startedAt!)} · running · 1/3 · 1 running · $0.40`);
    expect(node.contextValue).toBe('run.live');
  });

  it('calls a running run that nobody drives interrupted', () => {
    const node = runNode(listingFromState(runningState(), RUN_ID, false));
    expect(node.description).toMatch(/^\d\d:\d\d · interrupted · 1\/3/);
    expect(node.contextValue).toBe('run.interrupted');
    const record = { runId: 'r2', title: 'Old', status: 'running' as const, taskCount: 8, workers: 4, startedAt: 0, lastSeq: 9 };
    expect(listingFromRecord(record, true).status).toBe('interrupted');
    expect(listingFromRecord(record, false).status).toBe('running');
  });

  it('gives tasks status icons, agent, duration, cost and the right inline action', () => {
    const state = failedState();
    const [t1, t2, t3] = state.tasks.map((t) => runTaskNode(RUN_ID, t, false));
    expect(t1!.description).toBe('T1 · backend · 2 s · $0.40');
    expect(t1!.icon).toBe('pass');
    expect(t2!.icon).toBe('error');
    expect(t2!.tooltip).toContain('validation: npm test failed');
    expect(t2!.contextValue).toBe('task.retryable');
    expect(t3!.icon).toBe('lock');
    expect(t3!.tooltip).toContain('Waiting on T2');
    expect(taskContextValue('running', true)).toBe('task.active');
    expect(taskContextValue('pending', false)).toBe('task.done');
  });
});
