/** Retries, backoff, timeouts, blocked dependents, crashes and cancellation of single tasks. */
import { describe, expect, it } from 'vitest';
import { startRun, VirtualClock } from '../../src/orchestrator/engine';
import type { AgentRunner, RunnerResult } from '../../src/orchestrator/runners';
import { SimulatedRunner } from '../../src/orchestrator/runners';
import { agent, FakeRouter, graph, Recorder, task } from '../fixtures/runners/engineKit';

const base = { cwd: '/work', runId: 'run-test' };

/** A runner whose outcome per attempt is scripted: `script[taskId][attempt - 1]`, after `ms` virtual ms. */
function scripted(clock: VirtualClock, script: Record<string, Array<RunnerResult | 'hang' | 'throw'>>, ms = 100): AgentRunner {
  return {
    name: 'scripted',
    run(request, signal) {
      const step = script[request.task.id]?.[request.attempt - 1] ?? { ok: true };
      if (step === 'throw') throw new Error('runner exploded');
      return new Promise((resolve) => {
        if (step === 'hang') return; // Ignores abort on purpose.
        const timer = clock.setTimeout(() => resolve(step), ms);
        signal.addEventListener('abort', () => {
          clock.clearTimeout(timer);
          resolve({ ok: false, failure: { kind: 'cancelled', message: 'aborted' } });
        });
      });
    },
  };
}

const transient: RunnerResult = { ok: false, failure: { kind: 'transient', message: 'rate limited' } };

describe('engine failures', () => {
  it('retries transient failures with exponential backoff and jitter on the virtual clock', async () => {
    const clock = new VirtualClock();
    const runner = scripted(clock, { A: [transient, transient, transient, { ok: true, summary: 'done' }] });
    const handle = startRun(graph([task('A')]), { ...base, runner, agents: [agent('dev')], clock, maxAttempts: 4, random: () => 0.5, backoff: { baseMs: 1000, maxMs: 3000, jitter: 0.5 } });
    const recorder = new Recorder(handle);
    const result = await clock.runUntil(handle.done);
    expect(result.tasks[0]).toMatchObject({ status: 'succeeded', attempts: 4, summary: 'done' });
    // d × (1 − 0.5 × 0.5): 1000, 2000, then 4000 capped at 3000.
    expect(recorder.of('task.retrying').map((e) => e.delayMs)).toEqual([750, 1500, 2250]);
    const starts = recorder.of('task.started').map((e) => e.time);
    expect(starts).toEqual([0, 100 + 750, 100 + 750 + 100 + 1500, 100 + 750 + 100 + 1500 + 100 + 2250]);
    expect(recorder.of('task.failed').map((e) => e.final)).toEqual([false, false, false]);
  });

  it('gives up on an unrecoverable failure at once and blocks its dependents while independent work goes on', async () => {
    const clock = new VirtualClock();
    const runner = scripted(clock, { A: [{ ok: false, failure: { kind: 'unrecoverable', message: 'no such repo' } }] });
    const tasks = [task('A'), task('B'), task('C'), task('D')];
    const handle = startRun(graph(tasks, [['A', 'B'], ['B', 'C']]), { ...base, runner, agents: [agent('x'), agent('y')], router: new FakeRouter(['x', 'y']), clock });
    const recorder = new Recorder(handle);
    const result = await clock.runUntil(handle.done);
    expect(result.status).toBe('failed');
    expect(result.tasks.map((t) => [t.taskId, t.status, t.attempts])).toEqual([
      ['A', 'failed', 1],
      ['B', 'blocked', 0],
      ['C', 'blocked', 0],
      ['D', 'succeeded', 1],
    ]);
    expect(result.tasks[0]!.failure).toEqual({ kind: 'unrecoverable', message: 'no such repo' });
    expect(recorder.of('task.blocked').map((e) => [e.taskId, e.blockedBy])).toEqual([
      ['B', 'A'],
      ['C', 'A'],
    ]);
    expect(recorder.of('task.rerouted')).toHaveLength(0);
    expect(result.totals).toMatchObject({ tasks: 4, succeeded: 1, failed: 1, blocked: 2, cancelled: 0 });
  });

  it('falls back at once on turn-limit and fails for good when no agent is left', async () => {
    const clock = new VirtualClock();
    const turnLimit: RunnerResult = { ok: false, failure: { kind: 'turn-limit', message: 'out of turns' } };
    const runner = scripted(clock, { A: [turnLimit, turnLimit] });
    const handle = startRun(graph([task('A')]), { ...base, runner, agents: [agent('x'), agent('y')], router: new FakeRouter(['x', 'y']), clock });
    const recorder = new Recorder(handle);
    const result = await clock.runUntil(handle.done);
    expect(result.tasks[0]).toMatchObject({ status: 'failed', attempts: 2, agent: 'y', failure: turnLimit.failure });
    expect(recorder.of('task.rerouted').map((e) => [e.from, e.to])).toEqual([['x', 'y']]);
    expect(recorder.of('task.failed').map((e) => e.final)).toEqual([false, true]);
    expect(recorder.of('task.retrying')).toHaveLength(0);
  });

  it('times an attempt out through its AbortSignal and retries it', async () => {
    const clock = new VirtualClock();
    const runner = new SimulatedRunner({ clock, durationMs: (_t, _a, attempt) => (attempt === 1 ? 60_000 : 500) });
    const handle = startRun(graph([task('A')]), { ...base, runner, agents: [agent('dev')], clock, taskTimeoutMs: 2000, backoff: { baseMs: 100, jitter: 0 } });
    const recorder = new Recorder(handle);
    const result = await clock.runUntil(handle.done);
    expect(result.tasks[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(recorder.of('task.failed')[0]!.failure.kind).toBe('timeout');
    expect(recorder.of('task.failed')[0]!.time).toBe(2000);
    expect(result.totals.durationMs).toBe(2000 + 100 + 500);
  });

  it('abandons an attempt whose runner ignores the abort, after abortGraceMs', async () => {
    const clock = new VirtualClock();
    const runner = scripted(clock, { A: ['hang'] });
    const handle = startRun(graph([task('A')]), { ...base, runner, agents: [agent('dev')], clock, taskTimeoutMs: 1000, abortGraceMs: 500, maxAttempts: 2, backoff: { baseMs: 0 } });
    const result = await clock.runUntil(handle.done);
    expect(result.tasks[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(result.totals.durationMs).toBe(1000 + 500 + 100);
  });

  it('classifies a runner that throws or rejects as a crash without disturbing other tasks', async () => {
    const clock = new VirtualClock();
    const inner = scripted(clock, { A: ['throw', 'throw', 'throw'] });
    const runner: AgentRunner = {
      name: 'mixed',
      run: (request, signal, onProgress) => (request.task.id === 'B' ? Promise.reject(new Error('boom')) : inner.run(request, signal, onProgress)),
    };
    const handle = startRun(graph([task('A'), task('B'), task('C')]), { ...base, runner, agents: [agent('dev')], clock, maxAttempts: 1 });
    const result = await clock.runUntil(handle.done);
    expect(result.tasks.map((t) => [t.taskId, t.status, t.failure?.kind])).toEqual([
      ['A', 'failed', 'crash'],
      ['B', 'failed', 'crash'],
      ['C', 'succeeded', undefined],
    ]);
    expect(result.tasks[0]!.failure!.message).toContain('runner exploded');
    expect(result.tasks[1]!.failure!.message).toContain('boom');
  });

  it('cancels one task: its dependents are blocked and the rest of the run goes on', async () => {
    const clock = new VirtualClock();
    const tasks = [task('A', { estimateMs: 5000 }), task('B'), task('C', { estimateMs: 2000 })];
    const handle = startRun(graph(tasks, [['A', 'B']]), { ...base, runner: new SimulatedRunner({ clock }), agents: [agent('dev')], clock });
    const recorder = new Recorder(handle);
    await clock.advanceAsync(1000);
    handle.cancelTask('A', 'Not needed.');
    handle.cancelTask('nope');
    const result = await clock.runUntil(handle.done);
    expect(result.status).toBe('failed');
    expect(result.tasks.map((t) => t.status)).toEqual(['cancelled', 'blocked', 'succeeded']);
    expect(recorder.of('task.cancelled').map((e) => [e.taskId, e.reason])).toEqual([['A', 'Not needed.']]);
    expect(recorder.of('task.blocked').map((e) => e.blockedBy)).toEqual(['A']);
  });

  it('cancels every unfinished task of a cancelled run, dependents included, rather than blocking them', async () => {
    const clock = new VirtualClock();
    const tasks = [task('X', { estimateMs: 10_000 }), task('A'), task('B'), task('C')];
    const handle = startRun(graph(tasks, [['A', 'B'], ['B', 'C']]), { ...base, runner: new SimulatedRunner({ clock }), agents: [agent('dev')], workers: 1, clock });
    const recorder = new Recorder(handle);
    await clock.advanceAsync(500);
    handle.cancel();
    const result = await clock.runUntil(handle.done);
    expect(result.tasks.map((t) => t.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    expect(recorder.of('task.blocked')).toHaveLength(0);
    expect(result.totals).toMatchObject({ cancelled: 4, blocked: 0 });
  });

  it('cancels a run before it started: nothing runs', async () => {
    const clock = new VirtualClock();
    const handle = startRun(graph([task('A'), task('B')]), { ...base, runner: new SimulatedRunner({ clock }), agents: [agent('dev')], clock });
    const recorder = new Recorder(handle);
    handle.cancel();
    const result = await clock.runUntil(handle.done);
    expect(result.status).toBe('cancelled');
    expect(recorder.of('task.started')).toHaveLength(0);
    expect(result.tasks.map((t) => t.status)).toEqual(['cancelled', 'cancelled']);
  });
});
