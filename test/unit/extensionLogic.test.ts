import { describe, expect, it, vi } from 'vitest';
import { choosePrp, filePickItem, prpName, resumeQuestion, retryDecision, runIdFrom, taskTargetFrom, trustRefusal } from '../../src/extension/commandLogic';
import { EventBatcher } from '../../src/extension/eventBatcher';
import type { BatchTimers } from '../../src/extension/eventBatcher';
import { RunRegistry } from '../../src/extension/runRegistry';
import { KeyedThrottle } from '../../src/extension/throttle';
import { eventFactory, plannedState, RUN_ID, runningState } from './extensionFixtures';

const globs = ['**/PRPs/**/*.md'];

describe('which PRP to orchestrate', () => {
  it('prefers an explicit file, then the active PRP editor', () => {
    expect(choosePrp({ explicit: '/ws/a.md', active: '/ws/b.md', activeIsPrp: true, workspacePrps: [], globs })).toEqual({ kind: 'run', path: '/ws/a.md' });
    expect(choosePrp({ active: '/ws/PRPs/b.md', activeIsPrp: true, workspacePrps: ['/ws/PRPs/c.md'], globs })).toEqual({ kind: 'run', path: '/ws/PRPs/b.md' });
  });

  it('asks to pick among the workspace PRPs otherwise, even a single one', () => {
    expect(choosePrp({ active: '/ws/README.md', activeIsPrp: false, workspacePrps: ['/ws/PRPs/z.md', '/ws/PRPs/a.md', '/ws/PRPs/a.md'], globs })).toEqual({
      kind: 'pick',
      paths: ['/ws/PRPs/a.md', '/ws/PRPs/z.md'],
    });
    expect(choosePrp({ activeIsPrp: false, workspacePrps: ['/ws/PRPs/a.md'], globs }).kind).toBe('pick');
  });

  it('says where it looked when the workspace holds no PRP', () => {
    const choice = choosePrp({ activeIsPrp: false, workspacePrps: [], globs });
    expect(choice.kind).toBe('none');
    expect(choice.kind === 'none' && choice.message).toContain('**/PRPs/**/*.md');
  });

  it('labels quick-pick rows by file name and workspace-relative folder', () => {
    expect(filePickItem('/ws/PRPs/add-auth.md', '/ws/')).toEqual({ label: 'add-auth.md', description: 'PRPs', path: '/ws/PRPs/add-auth.md' });
    expect(filePickItem('C:\\ws\\x.prp.md', 'C:\\ws')).toMatchObject({ label: 'x.prp.md', description: '' });
  });
});

describe('command wording and arguments', () => {
  it('explains the trust refusal and how to trust', () => {
    const text = trustRefusal('Orchestrate PRP');
    expect(text).toMatch(/^Orchestrate PRP needs a trusted workspace/);
    expect(text).toContain('Manage Workspace Trust');
  });

  it('asks to resume with the PRP name and progress', () => {
    expect(resumeQuestion(prpName('/ws/PRPs/add-auth.md', 'Add auth'), 5, 8)).toBe("Resume run 'add-auth' (5/8 done)?");
    expect(prpName('/ws/x.prp.md', 'X')).toBe('x');
    expect(prpName(undefined, 'Add auth')).toBe('Add auth');
  });

  it('reads task and run targets from tree nodes, positional strings or nothing', () => {
    expect(taskTargetFrom([{ runId: 'r', taskId: 't', other: 1 }])).toEqual({ runId: 'r', taskId: 't' });
    expect(taskTargetFrom(['r', 't'])).toEqual({ runId: 'r', taskId: 't' });
    expect(taskTargetFrom([{ taskId: 't' }])).toEqual({ taskId: 't', runId: undefined });
    expect(taskTargetFrom([])).toBeUndefined();
    expect(runIdFrom([{ runId: 'r' }])).toBe('r');
    expect(runIdFrom(['r'])).toBe('r');
    expect(runIdFrom([42])).toBeUndefined();
  });

  it('retries in a live run, resumes an ended one, refuses what did not fail', () => {
    expect(retryDecision('failed', 'T2', true)).toEqual({ kind: 'retry-live' });
    expect(retryDecision('blocked', 'T2', false).kind).toBe('resume');
    const refusal = retryDecision('succeeded', 'T1', true);
    expect(refusal.kind === 'refuse' && refusal.message).toBe('Task T1 cannot be retried: it already succeeded.');
    expect(retryDecision('running', 'T1', true).kind).toBe('refuse');
  });
});

describe('event batching', () => {
  function fakeTimers() {
    const pending = new Map<number, () => void>();
    let next = 0;
    const timers: BatchTimers = {
      setTimeout: (callback) => {
        pending.set(++next, callback);
        return next;
      },
      clearTimeout: (handle) => pending.delete(handle as number),
    };
    const fire = () => {
      const callbacks = [...pending.values()];
      pending.clear();
      for (const c of callbacks) c();
    };
    return { timers, fire, count: () => pending.size };
  }

  it('delivers a burst as one batch per tick, in order', () => {
    const { timers, fire, count } = fakeTimers();
    const batches: number[][] = [];
    const batcher = new EventBatcher<number>((b) => batches.push(b), 50, timers);
    for (let i = 0; i < 100; i++) batcher.push(i);
    expect(count()).toBe(1);
    fire();
    batcher.push(100);
    fire();
    expect(batches.map((b) => b.length)).toEqual([100, 1]);
    expect(batches.flat()).toEqual(Array.from({ length: 101 }, (_, i) => i));
  });

  it('flushes at once on demand and drops everything after dispose', () => {
    const { timers, fire, count } = fakeTimers();
    const batches: string[][] = [];
    const batcher = new EventBatcher<string>((b) => batches.push(b), 50, timers);
    batcher.push('a');
    batcher.flush();
    expect(count()).toBe(0);
    batcher.flush();
    batcher.push('b');
    batcher.dispose();
    batcher.push('c');
    fire();
    expect(batches).toEqual([['a']]);
  });
});

describe('run registry', () => {
  it('applies event batches and reports them with the new state', () => {
    const registry = new RunRegistry();
    registry.set(RUN_ID, '/ws/PRPs/add-auth.md', plannedState(), { live: true, ownedByWindow: true });
    const e = eventFactory();
    const change = registry.apply(RUN_ID, [e({ type: 'run.started', title: 'Add auth', taskCount: 3, workers: 2 }), e({ type: 'task.ready', taskId: 'T1' })]);
    expect(change?.events).toHaveLength(2);
    expect(change?.state.version).toBe(2);
    expect(change?.state.run.status).toBe('running');
    expect(registry.apply('other', [e({ type: 'task.ready', taskId: 'T2' })])).toBeUndefined();
  });

  it('picks the running run as active, else the newest of this window', () => {
    const registry = new RunRegistry();
    expect(registry.active()).toBeUndefined();
    const older = { ...runningState(), run: { ...runningState().run, runId: 'old', startedAt: 1 } };
    registry.set('old', '/ws/PRPs/a.md', older, { live: false, ownedByWindow: false });
    expect(registry.active()).toBeUndefined();
    registry.set(RUN_ID, '/ws/PRPs/add-auth.md', runningState(), { live: true, ownedByWindow: true });
    expect(registry.active()?.runId).toBe(RUN_ID);
    registry.setLive(RUN_ID, false);
    expect(registry.active()?.runId).toBe(RUN_ID);
    expect(registry.list().map((r) => r.runId)).toEqual([RUN_ID, 'old']);
  });

  it('finds the newest run of a PRP, live first, whatever the path separators', () => {
    const registry = new RunRegistry();
    registry.set('a', 'C:\\ws\\PRPs\\x.md', { ...runningState(), run: { ...runningState().run, startedAt: 5 } }, { live: false, ownedByWindow: false });
    registry.set('b', 'C:/ws/PRPs/x.md', { ...runningState(), run: { ...runningState().run, startedAt: 9 } }, { live: false, ownedByWindow: false });
    expect(registry.forPrp('C:/ws/PRPs/x.md')?.runId).toBe('b');
    registry.setLive('a', true);
    expect(registry.forPrp('C:\\ws\\PRPs\\x.md')?.runId).toBe('a');
    expect(registry.forPrp('/elsewhere.md')).toBeUndefined();
  });
});

describe('keyed throttle for view refreshes', () => {
  it('runs at once, then at most once per interval per key, and always once after the last request', () => {
    vi.useFakeTimers();
    try {
      const throttle = new KeyedThrottle(200);
      const runs: string[] = [];
      throttle.schedule('a', () => runs.push('a1'));
      throttle.schedule('a', () => runs.push('a2'));
      throttle.schedule('a', () => runs.push('a3'));
      throttle.schedule('b', () => runs.push('b1'));
      expect(runs).toEqual(['a1', 'b1']);
      vi.advanceTimersByTime(199);
      expect(runs).toEqual(['a1', 'b1']);
      vi.advanceTimersByTime(1);
      expect(runs).toEqual(['a1', 'b1', 'a3']);
      vi.advanceTimersByTime(1000);
      expect(runs).toEqual(['a1', 'b1', 'a3']);
      throttle.schedule('a', () => runs.push('a4'));
      expect(runs.at(-1)).toBe('a4');
      throttle.schedule('a', () => runs.push('a5'));
      throttle.dispose();
      vi.advanceTimersByTime(1000);
      expect(runs.at(-1)).toBe('a4');
    } finally {
      vi.useRealTimers();
    }
  });
});
