import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDashboardState, statusCounts } from '../../src/shared/dashboardState';
import { bottomLevels, criticalPath, interruptedRuns, openStore, resumeOrchestration, startOrchestration } from '../../src/orchestrator/index';
import type { RunEvent } from '../../src/orchestrator/model';
import type { DurableStore, Orchestration, RunResult } from '../../src/orchestrator/index';
import type { RunChange } from '../../src/extension/controllerApi';
import type { BatchTimers } from '../../src/extension/eventBatcher';
import { LiveRun } from '../../src/extension/liveRun';
import type { OrchestrationPort } from '../../src/extension/liveRun';
import { RunRegistry } from '../../src/extension/runRegistry';
import { eventFactory, plannedState, RUN_ID } from './extensionFixtures';

/** An orchestration whose events and end the test drives. */
function fakeOrchestration() {
  const listeners = new Set<(event: RunEvent) => void>();
  let finish: (result: RunResult) => void = () => undefined;
  const port: OrchestrationPort = {
    runId: RUN_ID,
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    cancel: () => undefined,
    cancelTask: () => undefined,
    retryTask: () => false,
    done: new Promise<RunResult>((resolve) => (finish = resolve)),
  };
  return { port, emit: (event: RunEvent) => listeners.forEach((l) => l(event)), finish, listenerCount: () => listeners.size };
}

function manualTimers() {
  let pending: (() => void) | undefined;
  const timers: BatchTimers = { setTimeout: (cb) => (pending = cb), clearTimeout: () => (pending = undefined) };
  return { timers, tick: () => { const cb = pending; pending = undefined; cb?.(); } };
}

describe('LiveRun with a fake orchestration', () => {
  it('starts from the plan plus what is recorded, then delivers each tick as one change', async () => {
    const e = eventFactory();
    const recorded = [e({ type: 'run.started', title: 'Add auth', taskCount: 3, workers: 2 }), e({ type: 'task.started', taskId: 'T1', agent: 'backend', attempt: 1 })];
    const { port, emit, finish, listenerCount } = fakeOrchestration();
    const { timers, tick } = manualTimers();
    const changes: RunChange[] = [];
    const registry = new RunRegistry();
    const store = { events: (_runId: string, after = 0) => recorded.filter((r) => r.seq > after) };
    const run = new LiveRun({ orchestration: port, registry, store, initial: plannedState(), prpPath: '/ws/PRPs/add-auth.md', onChange: (c) => changes.push(c), timers });
    expect(changes).toHaveLength(1);
    expect(changes[0]!.events).toEqual([]);
    expect(changes[0]!.state.run.status).toBe('running');
    expect(registry.entry(RUN_ID)?.live).toBe(true);

    // The second recorded event is heard again (it was published while subscribing): it is applied once.
    emit(recorded[1]!);
    const more = [e({ type: 'task.started', taskId: 'T2', agent: 'tester', attempt: 1 }), e({ type: 'task.succeeded', taskId: 'T1', agent: 'backend', attempt: 1, durationMs: 10, costUsd: 0.2 })];
    more.forEach(emit);
    expect(changes).toHaveLength(1);
    tick();
    expect(changes).toHaveLength(2);
    expect(changes[1]!.events.map((ev) => ev.seq)).toEqual([3, 4]);
    expect(statusCounts(changes[1]!.state).succeeded).toBe(1);

    // An event recorded but not yet heard when the run ends is read back from the store.
    const last = e({ type: 'run.finished', status: 'cancelled', totals: { tasks: 3, succeeded: 1, failed: 0, cancelled: 2, blocked: 0, durationMs: 5, costUsd: 0.2 } });
    recorded.push(...more, last);
    finish({ runId: RUN_ID, status: 'cancelled', totals: last.type === 'run.finished' ? last.totals : ({} as never), tasks: [], spawnedAgents: [] });
    const end = await run.ended;
    expect(end.change.state.run.status).toBe('cancelled');
    expect(end.change.state.lastSeq).toBe(5);
    expect(registry.entry(RUN_ID)?.live).toBe(false);
    expect(listenerCount()).toBe(0);
    expect(changes.at(-1)!.events).toEqual([]);
  });

  it('stops delivering after detach, without touching the run', async () => {
    const { port, emit, finish } = fakeOrchestration();
    const { timers, tick } = manualTimers();
    const changes: RunChange[] = [];
    const run = new LiveRun({ orchestration: port, registry: new RunRegistry(), store: { events: () => [] }, initial: plannedState(), prpPath: '/p.md', onChange: (c) => changes.push(c), timers });
    run.detach();
    emit(eventFactory()({ type: 'run.started', title: 'x', taskCount: 3, workers: 1 }));
    tick();
    finish({ runId: RUN_ID, status: 'cancelled', totals: { tasks: 3, succeeded: 0, failed: 0, cancelled: 3, blocked: 0, durationMs: 0, costUsd: 0 }, tasks: [], spawnedAgents: [] });
    await run.ended;
    expect(changes).toHaveLength(1);
  });
});

describe('LiveRun following a real simulated run through the session API', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('ends with the same state as the recorded events, every task succeeded', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'prp-x1-live-'));
    const store = await openStore({ dir: path.join(dir, 'store') });
    try {
      const example = path.resolve('examples/add-auth');
      const orchestration = await startOrchestration({
        prpPath: path.join(example, 'PRPs', 'add-auth.md'),
        workspaceDir: example,
        userAgentsDir: null,
        store,
        runner: { kind: 'simulated', speed: 20_000 },
        workers: 3,
      });
      const plan = orchestration.plan;
      const initial = createDashboardState({ graph: plan.graph, assignments: plan.assignments, agents: plan.agents, criticalPath: criticalPath(plan.graph), bottomLevels: bottomLevels(plan.graph), runId: orchestration.runId, workers: 3 });
      const changes: RunChange[] = [];
      const registry = new RunRegistry();
      const live = new LiveRun({ orchestration, registry, store, initial, prpPath: plan.prp.source.path ?? '', onChange: (c) => changes.push(c), batchMs: 5 });
      const end = await live.ended;
      expect(end.error).toBeUndefined();
      expect(end.result?.status).toBe('succeeded');
      const state = end.change.state;
      expect(state.run.status).toBe('succeeded');
      expect(statusCounts(state).succeeded).toBe(plan.graph.tasks.length);
      const recorded = store.events(orchestration.runId);
      expect(state.lastSeq).toBe(recorded.at(-1)!.seq);
      // Every recorded event was applied exactly once: one version per event.
      expect(state.version).toBe(recorded.length);
      const delivered = changes.flatMap((c) => c.events.map((ev) => ev.seq));
      expect(new Set(delivered).size).toBe(delivered.length);
    } finally {
      await store.close();
    }
  });

  function follow(orchestration: Orchestration, store: DurableStore, changes: RunChange[], registry = new RunRegistry()): LiveRun {
    const plan = orchestration.plan;
    const initial = createDashboardState({ graph: plan.graph, assignments: plan.assignments, agents: plan.agents, runId: orchestration.runId, workers: 3 });
    return new LiveRun({ orchestration, registry, store, initial, prpPath: plan.prp.source.path ?? '', onChange: (c) => changes.push(c), batchMs: 5 });
  }

  it('loses nothing when the window closes mid-run: what was seen is recorded, and the resumed run skips finished tasks', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'prp-x1-reload-'));
    const storeDir = path.join(dir, 'store');
    const example = path.resolve('examples/add-auth');
    let store = await openStore({ dir: storeDir });
    const first = await startOrchestration({ prpPath: path.join(example, 'PRPs', 'add-auth.md'), workspaceDir: example, userAgentsDir: null, store, runner: { kind: 'simulated', speed: 300 }, workers: 3 });
    const seen: RunChange[] = [];
    const live = follow(first, store, seen);
    // Wait (on events, not on time) until some tasks succeeded, then close the way deactivate does.
    await new Promise<void>((resolve) => {
      let succeeded = 0;
      first.onEvent((event) => {
        if (event.type === 'task.succeeded' && ++succeeded === 3) resolve();
      });
    });
    live.detach();
    await store.close();
    first.cancel('the VS Code window closed');
    await first.done.catch(() => undefined);
    const seenSeqs = seen.flatMap((c) => c.events.map((e) => e.seq));

    store = await openStore({ dir: storeDir });
    try {
      const recorded = store.events(first.runId);
      const recordedSeqs = new Set(recorded.map((e) => e.seq));
      expect(seenSeqs.every((seq) => recordedSeqs.has(seq))).toBe(true);
      // Nothing was recorded as cancelled: the run is interrupted, so the next window offers to resume it.
      expect(recorded.some((e) => e.type === 'task.cancelled' || e.type === 'run.finished')).toBe(false);
      expect(interruptedRuns(store).map((r) => r.runId)).toEqual([first.runId]);
      const doneBefore = new Set(recorded.flatMap((e) => (e.type === 'task.succeeded' ? [e.taskId] : [])));
      expect(doneBefore.size).toBeGreaterThanOrEqual(3);

      const resumed = await resumeOrchestration({ store, runId: first.runId });
      const end = await follow(resumed, store, []).ended;
      expect(end.change.state.run.status).toBe('succeeded');
      expect(statusCounts(end.change.state).succeeded).toBe(resumed.plan.graph.tasks.length);
      const lastBefore = recorded.at(-1)!.seq;
      const startedAgain = store.events(first.runId, lastBefore).flatMap((e) => (e.type === 'task.started' ? [e.taskId] : []));
      expect(startedAgain.filter((id) => doneBefore.has(id))).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
