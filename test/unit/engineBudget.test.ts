/** The run budget: it stops new attempts, ends waiting tasks cancelled with the reason, and counts failed attempts' costs. */
import { describe, expect, it } from 'vitest';
import { EngineOptionsError, startRun, VirtualClock } from '../../src/orchestrator/engine';
import type { AgentRunner, RunnerResult } from '../../src/orchestrator/runners';
import { SimulatedRunner } from '../../src/orchestrator/runners';
import { agent, graph, Recorder, task } from '../fixtures/runners/engineKit';

const base = { cwd: '/work', runId: 'run-budget', agents: [agent('dev')] };

/** Each task's attempts end as scripted (`script[taskId][attempt - 1]`, default a $1 success) after 1000 virtual ms. */
function scripted(clock: VirtualClock, script: Record<string, RunnerResult[]> = {}): AgentRunner {
  return {
    name: 'scripted',
    run: (request) => new Promise((resolve) => clock.setTimeout(() => resolve(script[request.task.id]?.[request.attempt - 1] ?? { ok: true, costUsd: 1 }), 1000)),
  };
}

const tasks = (n: number) => Array.from({ length: n }, (_, i) => task(`T${i}`));

describe('run budget', () => {
  it('stops starting tasks once reached: running ones finish, the rest end cancelled, the run fails saying why', async () => {
    const clock = new VirtualClock();
    const handle = startRun(graph(tasks(6)), { ...base, runner: scripted(clock), clock, workers: 2, runBudgetUsd: 3 });
    const recorder = new Recorder(handle);
    const result = await clock.runUntil(handle.done);
    // T0 and T1 spend $2; T2 and T3 start; T2's $1 reaches the cap while T3 still runs, and T3 finishes.
    expect(result.tasks.map((t) => `${t.taskId}:${t.status}`)).toEqual(['T0:succeeded', 'T1:succeeded', 'T2:succeeded', 'T3:succeeded', 'T4:cancelled', 'T5:cancelled']);
    expect(recorder.startOrder()).toEqual(['T0', 'T1', 'T2', 'T3']);
    expect(recorder.of('task.cancelled').map((e) => [e.taskId, e.reason])).toEqual([
      ['T4', 'Run budget of $3.00 reached ($3.00 spent).'],
      ['T5', 'Run budget of $3.00 reached ($3.00 spent).'],
    ]);
    expect(result.status).toBe('failed');
    expect(result.totals).toMatchObject({ succeeded: 4, cancelled: 2, failed: 0, blocked: 0, costUsd: 4 });
    // The run's reason names what was spent in the end, running attempts included.
    expect(result.reason).toBe('Run budget of $3.00 reached ($4.00 spent).');
    const finished = recorder.of('run.finished');
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({ status: 'failed', reason: result.reason });
  });

  it('cancels dependents instead of blocking them, and counts what failed attempts cost', async () => {
    const clock = new VirtualClock();
    const limited: RunnerResult = { ok: false, failure: { kind: 'transient', message: 'rate limited' }, costUsd: 0.03 };
    const runner = scripted(clock, { A: [limited, { ok: true, costUsd: 0.02 }] });
    const handle = startRun(graph([task('A'), task('B')], [['A', 'B']]), { ...base, runner, clock, runBudgetUsd: 0.05, backoff: { baseMs: 10 } });
    const recorder = new Recorder(handle);
    const result = await clock.runUntil(handle.done);
    // The failed attempt's $0.03 and the retry's $0.02 reach the $0.05 cap, so B never starts.
    expect(result.tasks.map((t) => [t.taskId, t.status, t.attempts, t.costUsd])).toEqual([
      ['A', 'succeeded', 2, 0.05],
      ['B', 'cancelled', 0, 0],
    ]);
    expect(result.totals.costUsd).toBeCloseTo(0.05, 10);
    expect(recorder.of('task.blocked')).toEqual([]);
    expect(recorder.of('task.cancelled')[0]!.reason).toBe('Run budget of $0.05 reached ($0.05 spent).');
    expect(result.reason).toBe('Run budget of $0.05 reached ($0.05 spent).');
  });

  it('ends a task that would retry as cancelled when its failed attempt spent the budget', async () => {
    const clock = new VirtualClock();
    const limited: RunnerResult = { ok: false, failure: { kind: 'transient', message: 'rate limited' }, costUsd: 2 };
    const handle = startRun(graph(tasks(1)), { ...base, runner: scripted(clock, { T0: [limited] }), clock, runBudgetUsd: 1.5 });
    const recorder = new Recorder(handle);
    const result = await clock.runUntil(handle.done);
    expect(recorder.of('task.failed').map((e) => [e.failure.kind, e.final])).toEqual([['transient', false]]);
    expect(recorder.of('task.retrying')).toEqual([]);
    expect(recorder.of('task.cancelled').map((e) => e.reason)).toEqual(['Run budget of $1.50 reached ($2.00 spent).']);
    expect(result).toMatchObject({ status: 'failed', reason: 'Run budget of $1.50 reached ($2.00 spent).' });
    expect(result.totals.costUsd).toBe(2);
  });

  it('counts failed attempts in the totals without a budget, and succeeds when the cap is reached by the last task', async () => {
    const clock = new VirtualClock();
    // The simulated runner charges $0.01 per simulated second, failed attempts included.
    const runner = new SimulatedRunner({ clock, skills: { flaky: { successRate: 0, failureKind: 'crash' } } });
    const handle = startRun(graph(tasks(1)), { ...base, agents: [agent('flaky'), agent('dev')], runner, clock, maxAttempts: 1, circuitBreaker: false });
    const result = await clock.runUntil(handle.done);
    // Round-robin sends T0 to flaky first (fails, $0.01), then dev ($0.01).
    expect(result.tasks[0]).toMatchObject({ status: 'succeeded', attempts: 2, agent: 'dev' });
    expect(result.tasks[0]!.costUsd).toBeCloseTo(0.02, 10);
    expect(result.totals.costUsd).toBeCloseTo(0.02, 10);

    const clock2 = new VirtualClock();
    const done = await clock2.runUntil(startRun(graph(tasks(2)), { ...base, runner: scripted(clock2), clock: clock2, runBudgetUsd: 2 }).done);
    expect(done.status).toBe('succeeded');
    expect(done.reason).toBeUndefined();
  });

  it('rejects a budget that is not a positive number of dollars', () => {
    const clock = new VirtualClock();
    for (const runBudgetUsd of [0, -1, Number.NaN, Infinity]) {
      expect(() => startRun(graph(tasks(1)), { ...base, runner: scripted(clock), clock, runBudgetUsd })).toThrow(EngineOptionsError);
    }
  });
});
