/**
 * The seed's acceptance for the engine, on the simulated runner and a virtual clock (time assertions are
 * on virtual time, which is deterministic).
 */
import { describe, expect, it } from 'vitest';
import { startRun, VirtualClock } from '../../src/orchestrator/engine';
import { SimulatedRunner } from '../../src/orchestrator/runners';
import { agent, FakeRouter, graph, Recorder, task } from '../fixtures/runners/engineKit';

const base = { cwd: '/work', runId: 'run-test' };

describe('engine acceptance', () => {
  it('runs 6 independent tasks in under half the sequential time', async () => {
    const tasks = ['A', 'B', 'C', 'D', 'E', 'F'].map((id) => task(id, { estimateMs: 1000 }));
    const makespan = async (workers: number) => {
      const clock = new VirtualClock();
      const handle = startRun(graph(tasks), { ...base, runner: new SimulatedRunner({ clock }), agents: [agent('dev')], workers, clock });
      const result = await clock.runUntil(handle.done);
      expect(result.status).toBe('succeeded');
      return result.totals.durationMs;
    };
    const sequential = await makespan(1);
    const parallel = await makespan(4);
    expect(sequential).toBe(6000);
    expect(parallel).toBeLessThan(sequential / 2);
  });

  it('spreads 20 similar tasks over the agents with none above its limit', async () => {
    const clock = new VirtualClock();
    const agents = [agent('a'), agent('b'), agent('c', { maxConcurrency: 1 })];
    // The router ranks the same agent first for every task, so only the limits can spread the work.
    const router = new FakeRouter(['a', 'b', 'c']);
    const tasks = Array.from({ length: 20 }, (_, i) => task(`T${i + 1}`, { title: 'Add a REST endpoint', estimateMs: 1000 + 100 * (i % 3) }));
    const handle = startRun(graph(tasks), { ...base, runner: new SimulatedRunner({ clock }), agents, router, workers: 6, maxConcurrencyPerAgent: 2, clock });
    const recorder = new Recorder(handle);
    const result = await clock.runUntil(handle.done);
    expect(result.status).toBe('succeeded');
    const { perAgent, overall } = recorder.concurrency();
    // Limit 2 per agent from the options; agent c sets its own limit of 1.
    expect(perAgent.get('a')).toBe(2);
    expect(perAgent.get('b')).toBe(2);
    expect(perAgent.get('c')).toBe(1);
    expect(overall).toBeLessThanOrEqual(5);
    expect(new Set(result.tasks.map((t) => t.agent))).toEqual(new Set(['a', 'b', 'c']));
  });

  it("re-routes a failing agent's task to the next agent and completes the run", async () => {
    // Without the circuit breaker every task tries flaky first (engineCircuit.test.ts covers the breaker).
    const clock = new VirtualClock();
    const runner = new SimulatedRunner({ clock, skills: { flaky: { successRate: 0, failureKind: 'crash' } } });
    const router = new FakeRouter(['flaky', 'steady']);
    const tasks = [task('A'), task('B'), task('C')];
    const handle = startRun(graph(tasks, [['A', 'B']]), { ...base, runner, agents: [agent('flaky'), agent('steady')], router, clock, workers: 1, maxAttempts: 2, backoff: { baseMs: 10, jitter: 0 }, circuitBreaker: false });
    const recorder = new Recorder(handle);
    const result = await clock.runUntil(handle.done);
    expect(result.status).toBe('succeeded');
    const rerouted = recorder.of('task.rerouted');
    expect(rerouted.map((e) => `${e.taskId}:${e.from}->${e.to}`).sort()).toEqual(['A:flaky->steady', 'B:flaky->steady', 'C:flaky->steady']);
    // Two crashes on flaky (maxAttempts 2), then one success on steady.
    for (const t of result.tasks) expect([t.agent, t.attempts, t.status]).toEqual(['steady', 3, 'succeeded']);
  });

  it('cancellation stops every running task and resolves the run as cancelled', async () => {
    const clock = new VirtualClock();
    const tasks = Array.from({ length: 8 }, (_, i) => task(`T${i}`, { estimateMs: 60_000 }));
    const handle = startRun(graph(tasks, [['T0', 'T7']]), { ...base, runner: new SimulatedRunner({ clock }), agents: [agent('dev')], workers: 4, clock });
    const recorder = new Recorder(handle);
    await clock.advanceAsync(1000);
    expect(recorder.of('task.started')).toHaveLength(4);
    handle.cancel('Stop now.');
    const result = await clock.runUntil(handle.done);
    expect(result.status).toBe('cancelled');
    expect(result.tasks.every((t) => t.status === 'cancelled')).toBe(true);
    expect(recorder.of('task.cancelled').filter((e) => e.reason === 'Stop now.')).toHaveLength(8);
    // The runner resolved at once: nothing ran on to its full minute.
    expect(clock.now()).toBe(1000);
    expect(clock.pendingTimers).toBe(0);
    expect(recorder.of('run.finished')[0]!.status).toBe('cancelled');
  });
});
