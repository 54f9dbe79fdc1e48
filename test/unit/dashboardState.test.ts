import { describe, expect, it } from 'vitest';
import {
  agentUtilisation,
  applyRunEvent,
  applyRunEvents,
  createDashboardState,
  elapsedMs,
  estimateRemainingMs,
  MAX_LOG_LINES,
  meanAttemptMs,
  statusCounts,
  successRate,
  taskElapsedMs,
} from '../../src/shared/dashboardState';
import type { DashboardState } from '../../src/shared/dashboardState';
import type { RunEvent, TaskGraph } from '../../src/orchestrator/model';

const RUN = 'run-7';
const T0 = 1_700_000_000_000;

const graph: TaskGraph = {
  title: 'Add auth',
  tasks: ['T1', 'T2', 'T3'].map((id, i) => ({ id, title: `Task ${id}`, body: `Do ${id}`, files: [`src/${id}.ts`], tags: ['ts'], complexity: 2, estimateMs: 10_000 * (i + 1), range: { startLine: 5 + i, endLine: 6 + i } })),
  dependencies: [
    { from: 'T1', to: 'T2', reason: 'explicit' },
    { from: 'T2', to: 'T3', reason: 'imports-file' },
  ],
};

function planned(): DashboardState {
  return createDashboardState({
    graph,
    runId: RUN,
    workers: 2,
    agents: [{ name: 'backend', description: 'Server code', prompt: '', source: 'project', model: 'sonnet' }],
    assignments: [
      { taskId: 'T1', agent: 'backend', reason: 'backend fits', fallbacks: ['tester'], scores: [{ agent: 'backend', score: 0.9, breakdown: { specialization: 0.9, load: 1, history: 0.5, responseTime: 0.5 } }] },
    ],
    criticalPath: ['T1', 'T2', 'T3'],
    bottomLevels: new Map([
      ['T1', 60_000],
      ['T2', 50_000],
      ['T3', 30_000],
    ]),
  });
}

/** Events with increasing seq (from `firstSeq`) and one second apart. */
function events(firstSeq: number, bodies: Array<Record<string, unknown>>): RunEvent[] {
  return bodies.map((body, i) => ({ runId: RUN, seq: firstSeq + i, time: T0 + (firstSeq + i) * 1000, ...body }) as unknown as RunEvent);
}

const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
};

const task = (state: DashboardState, id: string) => state.tasks[state.taskIndex[id]!]!;
const agent = (state: DashboardState, name: string) => state.agents.find((a) => a.name === name)!;

describe('createDashboardState', () => {
  it('starts at version 0 with routing, critical flags, bottom levels and the agents', () => {
    const state = planned();
    expect(state.version).toBe(0);
    expect(state.lastSeq).toBe(0);
    expect(state.run).toMatchObject({ runId: RUN, title: 'Add auth', status: 'planned', workers: 2, costUsd: 0 });
    expect(task(state, 'T1')).toMatchObject({ status: 'pending', agent: 'backend', line: 5, critical: true });
    expect(task(state, 'T1').routing?.scores[0]?.agent).toBe('backend');
    expect(task(state, 'T2').routing).toBeUndefined();
    expect(state.bottomLevels).toEqual({ T1: 60_000, T2: 50_000, T3: 30_000 });
    expect(agent(state, 'backend')).toMatchObject({ status: 'idle', spawned: false, model: 'sonnet' });
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});

describe('applyRunEvent', () => {
  it('raises the version by one per event and never mutates its input', () => {
    const start = deepFreeze(planned());
    const all = events(1, [
      { type: 'run.started', title: 'Add auth', taskCount: 3, workers: 2 },
      { type: 'task.ready', taskId: 'T1' },
      { type: 'task.started', taskId: 'T1', agent: 'backend', attempt: 1 },
      { type: 'task.progress', taskId: 'T1', agent: 'backend', message: 'editing' },
    ]);
    let state = start;
    for (const [i, event] of all.entries()) {
      const next = applyRunEvent(deepFreeze(state), event);
      expect(next.version).toBe(i + 1);
      expect(next).not.toBe(state);
      state = next;
    }
    expect(start.version).toBe(0);
    expect(task(start, 'T1').status).toBe('pending');
    // Untouched tasks are shared, touched ones are new objects.
    expect(task(state, 'T2')).toBe(task(start, 'T2'));
    expect(task(state, 'T1')).not.toBe(task(start, 'T1'));
    expect(state.dependencies).toBe(start.dependencies);
    expect(state.taskIndex).toBe(start.taskIndex);
  });

  it('follows a task through every status event', () => {
    let state = applyRunEvents(planned(), events(1, [
      { type: 'run.started', title: 'Add auth', taskCount: 3, workers: 2 },
      { type: 'task.ready', taskId: 'T1' },
      { type: 'task.assigned', taskId: 'T1', agent: 'backend', reason: 'backend is free', fallbacks: ['tester'] },
      { type: 'task.started', taskId: 'T1', agent: 'backend', attempt: 1 },
    ]));
    expect(state.run.status).toBe('running');
    expect(state.run.startedAt).toBe(T0 + 1000);
    expect(task(state, 'T1')).toMatchObject({ status: 'running', agent: 'backend', startedAt: T0 + 4000 });
    expect(task(state, 'T1').routing).toMatchObject({ reason: 'backend is free', fallbacks: ['tester'] });
    expect(task(state, 'T1').routing?.scores).toHaveLength(1);
    expect(agent(state, 'backend')).toMatchObject({ status: 'running', currentTaskIds: ['T1'], attempts: 1 });

    state = applyRunEvents(state, events(5, [
      { type: 'task.failed', taskId: 'T1', agent: 'backend', attempt: 1, failure: { kind: 'transient', message: 'rate limited' }, final: false },
      { type: 'task.retrying', taskId: 'T1', agent: 'backend', attempt: 2, delayMs: 1500, reason: 'rate limited' },
      { type: 'task.rerouted', taskId: 'T1', from: 'backend', to: 'tester', reason: 'backend failed' },
      { type: 'task.started', taskId: 'T1', agent: 'tester', attempt: 2 },
    ]));
    expect(task(state, 'T1')).toMatchObject({ status: 'running', agent: 'tester' });
    expect(task(state, 'T1').attempts.map((a) => [a.agent, a.outcome])).toEqual([['backend', 'failed'], ['tester', 'running']]);
    expect(task(state, 'T1').durationMs).toBe(1000);
    expect(agent(state, 'backend')).toMatchObject({ failed: 1, failingStreak: 1, status: 'failing', currentTaskIds: [], busyMs: 1000 });
    expect(agent(state, 'tester')).toMatchObject({ spawned: true, status: 'running', currentTaskIds: ['T1'] });
    expect(task(state, 'T1').log.map((l) => l.level)).toContain('error');

    state = applyRunEvents(state, events(9, [
      { type: 'task.succeeded', taskId: 'T1', agent: 'tester', attempt: 2, durationMs: 900, costUsd: 0.25, summary: 'done', filesChanged: ['src/T1.ts'] },
      { type: 'task.blocked', taskId: 'T3', blockedBy: 'T2' },
      { type: 'task.cancelled', taskId: 'T2', reason: 'cancelled by the person' },
    ]));
    expect(task(state, 'T1')).toMatchObject({ status: 'succeeded', summary: 'done', filesChanged: ['src/T1.ts'], costUsd: 0.25, failure: undefined, durationMs: 1900 });
    expect(task(state, 'T3')).toMatchObject({ status: 'blocked', blockedBy: 'T2' });
    expect(task(state, 'T2')).toMatchObject({ status: 'cancelled', finishedAt: T0 + 11_000 });
    expect(agent(state, 'tester')).toMatchObject({ succeeded: 1, costUsd: 0.25, status: 'idle' });
    expect(state.run.costUsd).toBeCloseTo(0.25);
    expect(statusCounts(state)).toMatchObject({ succeeded: 1, blocked: 1, cancelled: 1, running: 0 });
  });

  it('applies agent events: spawned, idle, circuit opened and closed, ended', () => {
    let state = applyRunEvents(planned(), events(1, [
      { type: 'run.started', title: 'Add auth', taskCount: 3, workers: 2 },
      { type: 'agent.spawned', agent: 'backend', dynamic: false, reason: 'Started for T1.' },
      { type: 'agent.spawned', agent: 'helper', dynamic: true, reason: 'Spawned for T2: no existing agent fitted it.' },
      { type: 'agent.circuit-opened', agent: 'backend', failures: 3, reason: 'three failures in a row' },
    ]));
    expect(agent(state, 'backend')).toMatchObject({ status: 'circuit-open', spawned: false, description: 'Server code' });
    expect(agent(state, 'helper')).toMatchObject({ status: 'idle', spawned: true, description: 'Spawned for T2: no existing agent fitted it.' });
    state = applyRunEvents(state, events(5, [
      { type: 'agent.circuit-closed', agent: 'backend' },
      { type: 'agent.idle', agent: 'helper' },
      { type: 'agent.ended', agent: 'helper', reason: 'Idle.' },
    ]));
    expect(agent(state, 'backend')).toMatchObject({ status: 'idle', failingStreak: 0 });
    expect(agent(state, 'helper').status).toBe('ended');
  });

  it('an agent started without a spawned event is not marked spawned when the run says it is not dynamic', () => {
    const state = applyRunEvents(createDashboardState({ graph, runId: RUN }), events(1, [{ type: 'agent.spawned', agent: 'reviewer', dynamic: false, reason: 'Started for T1.' }]));
    expect(agent(state, 'reviewer').spawned).toBe(false);
  });

  it('a failure before any agent ran charges no agent', () => {
    const state = applyRunEvents(planned(), events(1, [{ type: 'task.failed', taskId: 'T2', agent: '', attempt: 0, failure: { kind: 'unrecoverable', message: 'no agent can do it' }, final: true }]));
    expect(task(state, 'T2')).toMatchObject({ status: 'failed', failure: { kind: 'unrecoverable' } });
    expect(state.agents.map((a) => a.name)).toEqual(['backend']);
  });

  it('a retry request makes the retried and unblocked tasks pending again', () => {
    let state = applyRunEvents(planned(), events(1, [
      { type: 'run.started', title: 'Add auth', taskCount: 3, workers: 2 },
      { type: 'task.started', taskId: 'T2', agent: 'backend', attempt: 1 },
      { type: 'task.failed', taskId: 'T2', agent: 'backend', attempt: 1, failure: { kind: 'validation', message: 'npm test failed' }, final: true },
      { type: 'task.blocked', taskId: 'T3', blockedBy: 'T2' },
    ]));
    state = applyRunEvents(state, events(5, [
      { type: 'task.retry-requested', taskId: 'T3', retried: ['T2'], unblocked: ['T3'] },
      { type: 'task.ready', taskId: 'T2' },
    ]));
    expect(task(state, 'T2').status).toBe('ready');
    expect(task(state, 'T3')).toMatchObject({ status: 'pending', blockedBy: undefined });
    expect(task(state, 'T3').log.at(-1)?.text).toContain('no longer blocked');
  });

  it('keeps at most MAX_LOG_LINES log lines, the newest ones', () => {
    const progress = Array.from({ length: MAX_LOG_LINES + 25 }, (_, i) => ({ type: 'task.progress', taskId: 'T1', agent: 'backend', message: `line ${i}` }));
    const state = applyRunEvents(planned(), events(1, progress));
    const log = task(state, 'T1').log;
    expect(log).toHaveLength(MAX_LOG_LINES);
    expect(log.at(-1)?.text).toBe(`line ${MAX_LOG_LINES + 24}`);
    expect(log[0]?.text).toBe('line 25');
  });

  it('ignores events of another run and replays of applied seqs, but still counts them as versions', () => {
    const state = applyRunEvents(planned(), events(1, [
      { type: 'run.started', title: 'Add auth', taskCount: 3, workers: 2 },
      { type: 'task.started', taskId: 'T1', agent: 'backend', attempt: 1 },
      { type: 'task.succeeded', taskId: 'T1', agent: 'backend', attempt: 1, durationMs: 800, costUsd: 0.5 },
    ]));
    const replayed = applyRunEvents(state, events(2, [
      { type: 'task.started', taskId: 'T1', agent: 'backend', attempt: 1 },
      { type: 'task.succeeded', taskId: 'T1', agent: 'backend', attempt: 1, durationMs: 800, costUsd: 0.5 },
    ]));
    expect(replayed.version).toBe(state.version + 2);
    expect(replayed.run.costUsd).toBeCloseTo(0.5);
    expect(replayed.tasks).toBe(state.tasks);
    const foreign = applyRunEvent(state, { runId: 'other', seq: 99, time: T0, type: 'task.ready', taskId: 'T2' });
    expect(foreign.version).toBe(state.version + 1);
    expect(foreign.lastSeq).toBe(state.lastSeq);
    expect(task(foreign, 'T2').status).toBe('pending');
  });

  it('continues a resumed run from a seq above 1 and closes attempts the interruption cut off', () => {
    let state = applyRunEvents(planned(), events(1, [
      { type: 'run.started', title: 'Add auth', taskCount: 3, workers: 2 },
      { type: 'task.started', taskId: 'T1', agent: 'backend', attempt: 1 },
    ]));
    // The process died here; the resumed run continues the recorded seqs.
    state = applyRunEvents(state, events(40, [
      { type: 'run.started', title: 'Add auth', taskCount: 3, workers: 2 },
      { type: 'task.started', taskId: 'T1', agent: 'backend', attempt: 2 },
    ]));
    expect(state.lastSeq).toBe(41);
    expect(state.run.startedAt).toBe(T0 + 1000);
    const attempts = task(state, 'T1').attempts;
    expect(attempts.map((a) => a.outcome)).toEqual(['cancelled', 'running']);
    expect(attempts[0]?.failure?.message).toMatch(/Interrupted/);
    expect(agent(state, 'backend')).toMatchObject({ currentTaskIds: ['T1'], attempts: 2 });
    // A fresh state that only sees the resumed part starts from its first seq.
    const late = applyRunEvents(planned(), events(40, [{ type: 'task.ready', taskId: 'T2' }]));
    expect(late.lastSeq).toBe(40);
    expect(task(late, 'T2').status).toBe('ready');
  });

  it('records how a run finished', () => {
    const state = applyRunEvents(planned(), events(1, [
      { type: 'run.started', title: 'Add auth', taskCount: 3, workers: 2 },
      { type: 'run.finished', status: 'cancelled', totals: { tasks: 3, succeeded: 0, failed: 0, cancelled: 3, blocked: 0, durationMs: 1000, costUsd: 1.5 }, reason: 'budget reached' },
    ]));
    expect(state.run).toMatchObject({ status: 'cancelled', finishedAt: T0 + 2000, costUsd: 1.5, reason: 'budget reached' });
    expect(estimateRemainingMs(state)).toBeUndefined();
  });
});

describe('derived values', () => {
  it('computes elapsed time, live task time, utilisation, success rate and ETA from event times', () => {
    const state = applyRunEvents(planned(), events(1, [
      { type: 'run.started', title: 'Add auth', taskCount: 3, workers: 2 },
      { type: 'task.started', taskId: 'T1', agent: 'backend', attempt: 1 },
      { type: 'task.succeeded', taskId: 'T1', agent: 'backend', attempt: 1, durationMs: 1000, costUsd: 0.1 },
      { type: 'task.started', taskId: 'T2', agent: 'backend', attempt: 1 },
      { type: 'task.progress', taskId: 'T2', agent: 'backend', message: 'working' },
      { type: 'task.progress', taskId: 'T2', agent: 'backend', message: 'still working' },
    ]));
    // Run from t=1 s to t=6 s; backend busy 2..3 s and 4..6 s.
    expect(elapsedMs(state)).toBe(5000);
    expect(taskElapsedMs(state, task(state, 'T2'))).toBe(2000);
    expect(agentUtilisation(state, agent(state, 'backend'))).toBeCloseTo(3000 / 5000);
    expect(successRate(agent(state, 'backend'))).toBe(1);
    expect(meanAttemptMs(agent(state, 'backend'))).toBe(1000);
    // T2's chain (50 s) minus the 2 s it ran, against 48 s + 30 s of work over two workers.
    expect(estimateRemainingMs(state)).toBe(48_000);
    expect(agentUtilisation(planned(), agent(planned(), 'backend'))).toBeUndefined();
  });

  it('scales the ETA by the pace the run really has once two tasks finished', () => {
    const state = applyRunEvents(planned(), events(1, [
      { type: 'run.started', title: 'Add auth', taskCount: 3, workers: 2 },
      { type: 'task.started', taskId: 'T1', agent: 'backend', attempt: 1 },
      { type: 'task.succeeded', taskId: 'T1', agent: 'backend', attempt: 1, durationMs: 1000, costUsd: 0.1 },
      { type: 'task.started', taskId: 'T2', agent: 'backend', attempt: 1 },
      { type: 'task.succeeded', taskId: 'T2', agent: 'backend', attempt: 1, durationMs: 1000, costUsd: 0.1 },
    ]));
    // T1 and T2 took 2 s against 30 s estimated: T3's 30 s chain is expected to take 2 s.
    expect(estimateRemainingMs(state)).toBeCloseTo(2000, 6);
  });
});
