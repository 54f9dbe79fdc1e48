import { applyRunEvents, createDashboardState } from '../../src/shared/dashboardState';
import type { DashboardState } from '../../src/shared/dashboardState';
import type { AgentProfile, RunEvent, TaskGraph } from '../../src/orchestrator/model';

export const RUN_ID = 'run-1';

export const graph: TaskGraph = {
  title: 'Add auth',
  tasks: ['T1', 'T2', 'T3'].map((id, i) => ({
    id,
    title: `Task ${id}`,
    body: `Do ${id}`,
    files: [`src/${id}.ts`],
    tags: [],
    complexity: 1,
    estimateMs: 60_000 * (i + 1),
  })),
  dependencies: [{ from: 'T1', to: 'T3', reason: 'explicit' }],
};

export const agents: AgentProfile[] = [
  { name: 'backend', description: 'Server code', prompt: '', source: 'project', path: '/ws/.claude/agents/backend.md' },
  { name: 'tester', description: 'Tests', prompt: '', source: 'project' },
];

/** Builds events with increasing seq and time, all of RUN_ID. */
export function eventFactory(start = 1_700_000_000_000) {
  let seq = 0;
  return (event: Record<string, unknown>): RunEvent => {
    seq += 1;
    return { runId: RUN_ID, seq, time: start + seq * 1000, ...event } as unknown as RunEvent;
  };
}

export function plannedState(): DashboardState {
  return createDashboardState({ graph, agents, runId: RUN_ID, prpPath: '/ws/PRPs/add-auth.md', workers: 2 });
}

/** T1 succeeded on backend ($0.40), T2 running on tester, T3 pending. */
export function runningState(): DashboardState {
  const e = eventFactory();
  return applyRunEvents(plannedState(), [
    e({ type: 'run.started', title: 'Add auth', taskCount: 3, workers: 2 }),
    e({ type: 'task.started', taskId: 'T1', agent: 'backend', attempt: 1 }),
    e({ type: 'task.started', taskId: 'T2', agent: 'tester', attempt: 1 }),
    e({ type: 'task.succeeded', taskId: 'T1', agent: 'backend', attempt: 1, durationMs: 2000, costUsd: 0.4, summary: 'made it' }),
  ]);
}

/** T1 succeeded, T2 failed finally (validation), T3 blocked; run failed. */
export function failedState(): DashboardState {
  const e = eventFactory();
  return applyRunEvents(plannedState(), [
    e({ type: 'run.started', title: 'Add auth', taskCount: 3, workers: 2 }),
    e({ type: 'task.started', taskId: 'T1', agent: 'backend', attempt: 1 }),
    e({ type: 'task.started', taskId: 'T2', agent: 'tester', attempt: 1 }),
    e({ type: 'task.succeeded', taskId: 'T1', agent: 'backend', attempt: 1, durationMs: 2000, costUsd: 0.4 }),
    e({ type: 'task.failed', taskId: 'T2', agent: 'tester', attempt: 1, failure: { kind: 'validation', message: 'npm test failed' }, final: true }),
    e({ type: 'task.blocked', taskId: 'T3', blockedBy: 'T2' }),
    e({
      type: 'run.finished',
      status: 'failed',
      totals: { tasks: 3, succeeded: 1, failed: 1, cancelled: 0, blocked: 1, durationMs: 5000, costUsd: 0.4 },
    }),
  ]);
}
