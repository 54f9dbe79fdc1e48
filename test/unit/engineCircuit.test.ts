/** The per-agent circuit breaker: opening, routing around, the half-open probe, closing, re-opening, no deadlock. */
import { describe, expect, it } from 'vitest';
import { EngineOptionsError, startRun, VirtualClock } from '../../src/orchestrator/engine';
import type { RunEvent } from '../../src/orchestrator/model';
import type { AgentRunner, RunnerResult } from '../../src/orchestrator/runners';
import { agent, FakeRouter, graph, Recorder, task } from '../fixtures/runners/engineKit';

const base = { cwd: '/work', runId: 'run-circuit' };
const crash: RunnerResult = { ok: false, failure: { kind: 'crash', message: 'segfault' } };

/**
 * A runner whose n-th call on an agent (counting from 1) ends as `outcome(agent, n)` after `ms` virtual
 * ms; it honours abort. It records the calls per agent.
 */
function perAgent(clock: VirtualClock, outcome: (agent: string, call: number) => RunnerResult, ms = 1000): AgentRunner & { calls: Map<string, number> } {
  const calls = new Map<string, number>();
  return {
    name: 'per-agent',
    calls,
    run(request, signal) {
      const call = (calls.get(request.agent.name) ?? 0) + 1;
      calls.set(request.agent.name, call);
      const result = outcome(request.agent.name, call);
      return new Promise((resolve) => {
        const timer = clock.setTimeout(() => resolve(result), ms);
        signal.addEventListener('abort', () => {
          clock.clearTimeout(timer);
          resolve({ ok: false, failure: { kind: 'cancelled', message: 'aborted' } });
        });
      });
    },
  };
}

const tasks = (n: number) => Array.from({ length: n }, (_, i) => task(`T${i}`));
const startsOn = (events: RunEvent[], name: string) => events.filter((e): e is Extract<RunEvent, { type: 'task.started' }> => e.type === 'task.started' && e.agent === name);

describe('circuit breaker', () => {
  it('opens after three consecutive failed attempts and routes new tasks around the agent', async () => {
    const clock = new VirtualClock();
    const runner = perAgent(clock, (name) => (name === 'flaky' ? crash : { ok: true }));
    const handle = startRun(graph(tasks(6)), { ...base, runner, agents: [agent('flaky'), agent('steady')], router: new FakeRouter(['flaky', 'steady']), clock, workers: 1, circuitBreaker: { cooldownMs: 1e9 } });
    const recorder = new Recorder(handle);
    const result = await clock.runUntil(handle.done);
    expect(result.status).toBe('succeeded');
    const opened = recorder.of('agent.circuit-opened');
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ agent: 'flaky', failures: 3 });
    expect(opened[0]!.reason).toMatch(/flaky is paused: 3 attempts in a row failed, the last with crash: segfault/);
    // Only the three attempts that opened it; every task routed later went straight to steady, saying why.
    expect(runner.calls.get('flaky')).toBe(3);
    const later = recorder.of('task.assigned').filter((e) => e.seq > opened[0]!.seq);
    expect(later.length).toBeGreaterThan(0);
    expect(later.map((e) => e.agent)).toEqual(later.map(() => 'steady'));
    expect(later[0]!.reason).toMatch(/flaky is paused after repeated failures \(its circuit is open\), so steady takes it/);
    expect(recorder.of('agent.circuit-closed')).toEqual([]);
  });

  it('moves a task waiting to retry on an agent whose circuit opened to its fallback', async () => {
    const clock = new VirtualClock();
    const runner = perAgent(clock, (name) => (name === 'flaky' ? crash : { ok: true }));
    // T0 and T1 both start on flaky; its third failure (T0's retry) opens the circuit while T1 waits to retry.
    const handle = startRun(graph(tasks(2)), { ...base, runner, agents: [agent('flaky'), agent('steady')], router: new FakeRouter(['flaky', 'steady']), clock, workers: 2, maxAttempts: 5, random: () => 0, backoff: { baseMs: 100 }, circuitBreaker: { cooldownMs: 1e9 } });
    const recorder = new Recorder(handle);
    const result = await clock.runUntil(handle.done);
    expect(result.tasks.map((t) => [t.taskId, t.status, t.agent])).toEqual([
      ['T0', 'succeeded', 'steady'],
      ['T1', 'succeeded', 'steady'],
    ]);
    const rerouted = recorder.of('task.rerouted');
    expect(rerouted.map((e) => `${e.taskId}:${e.from}->${e.to}`).sort()).toEqual(['T0:flaky->steady', 'T1:flaky->steady']);
    for (const e of rerouted) expect(e.reason).toMatch(/circuit is open/);
    // maxAttempts 5 would have allowed ten attempts on flaky; the breaker stopped them at the three that
    // opened it and the one that was already running beside the third.
    expect(runner.calls.get('flaky')).toBe(4);
  });

  it('half-opens after the cooldown, lets one probe through, and closes when it succeeds', async () => {
    const clock = new VirtualClock();
    // flaky fails its first three calls, then works. One task at a time each, so no attempt of flaky is
    // in flight when its circuit opens and only the probe can close it.
    const runner = perAgent(clock, (name, call) => (name === 'flaky' && call <= 3 ? crash : { ok: true }));
    const handle = startRun(graph(tasks(30)), { ...base, runner, agents: [agent('flaky', { maxConcurrency: 1 }), agent('steady', { maxConcurrency: 1 })], router: new FakeRouter(['flaky', 'steady']), clock, workers: 2, circuitBreaker: { cooldownMs: 5000 } });
    const recorder = new Recorder(handle);
    const result = await clock.runUntil(handle.done);
    expect(result.status).toBe('succeeded');
    const [opened, ...reopened] = recorder.of('agent.circuit-opened');
    expect(reopened).toEqual([]);
    const closed = recorder.of('agent.circuit-closed');
    expect(closed).toHaveLength(1);
    expect(closed[0]!.agent).toBe('flaky');
    const flakyStarts = startsOn(recorder.events, 'flaky');
    const whileOpen = flakyStarts.filter((e) => e.seq > opened!.seq && e.seq < closed[0]!.seq);
    // Exactly one probe, no earlier than the cooldown allows.
    expect(whileOpen).toHaveLength(1);
    expect(whileOpen[0]!.time).toBeGreaterThanOrEqual(opened!.time + 5000);
    // Closed again, flaky takes tasks as before.
    expect(flakyStarts.filter((e) => e.seq > closed[0]!.seq).length).toBeGreaterThan(3);
  });

  it('re-opens when the probe fails, probing once per cooldown', async () => {
    const clock = new VirtualClock();
    const runner = perAgent(clock, (name) => (name === 'flaky' ? crash : { ok: true }));
    const handle = startRun(graph(tasks(40)), { ...base, runner, agents: [agent('flaky'), agent('steady', { maxConcurrency: 1 })], router: new FakeRouter(['flaky', 'steady']), clock, workers: 2, circuitBreaker: { cooldownMs: 3000 } });
    const recorder = new Recorder(handle);
    const result = await clock.runUntil(handle.done);
    expect(result.status).toBe('succeeded');
    const opened = recorder.of('agent.circuit-opened');
    expect(opened.length).toBeGreaterThanOrEqual(3);
    for (const e of opened.slice(1)) expect(e.reason).toMatch(/the probe attempt failed with crash: segfault/);
    expect(opened.map((e) => e.failures)).toEqual(opened.map((_, i) => 3 + i));
    const flakyStarts = startsOn(recorder.events, 'flaky');
    for (let i = 0; i + 1 < opened.length; i++) {
      const probes = flakyStarts.filter((e) => e.seq > opened[i]!.seq && e.seq < opened[i + 1]!.seq);
      expect(probes).toHaveLength(1);
      expect(probes[0]!.time).toBeGreaterThanOrEqual(opened[i]!.time + 3000);
    }
    expect(recorder.of('agent.circuit-closed')).toEqual([]);
  });

  it('lets the probe through at once when every agent is open and nothing runs, so the run never stalls', async () => {
    const clock = new VirtualClock();
    // The only agent hits three rate limits in a row, then recovers.
    const limited: RunnerResult = { ok: false, failure: { kind: 'transient', message: 'rate limited' } };
    const runner = perAgent(clock, (_name, call) => (call <= 3 ? limited : { ok: true }), 100);
    const cooldownMs = 1e9;
    const handle = startRun(graph(tasks(3)), { ...base, runner, agents: [agent('solo')], clock, workers: 3, maxAttempts: 5, backoff: { baseMs: 10 }, circuitBreaker: { cooldownMs } });
    const recorder = new Recorder(handle);
    const result = await clock.runUntil(handle.done);
    expect(result.status).toBe('succeeded');
    expect(recorder.of('agent.circuit-opened').map((e) => e.agent)).toEqual(['solo']);
    expect(recorder.of('agent.circuit-closed').map((e) => e.agent)).toEqual(['solo']);
    // It never waited out the cooldown.
    expect(result.totals.durationMs).toBeLessThan(cooldownMs);
  });

  it('does not count cancellations or failures that say nothing of the agent health', async () => {
    const clock = new VirtualClock();
    const validation: RunnerResult = { ok: false, failure: { kind: 'validation', message: 'tests failed' } };
    const runner = perAgent(clock, (name) => (name === 'picky' ? validation : { ok: true }));
    const handle = startRun(graph(tasks(5)), { ...base, runner, agents: [agent('picky'), agent('steady')], router: new FakeRouter(['picky', 'steady']), clock, workers: 1 });
    const recorder = new Recorder(handle);
    await clock.runUntil(handle.done);
    expect(runner.calls.get('picky')).toBe(5);
    expect(recorder.of('agent.circuit-opened')).toEqual([]);
  });

  it('can be disabled, and rejects settings it cannot use', async () => {
    const clock = new VirtualClock();
    const runner = perAgent(clock, (name) => (name === 'flaky' ? crash : { ok: true }));
    const handle = startRun(graph(tasks(4)), { ...base, runner, agents: [agent('flaky'), agent('steady')], router: new FakeRouter(['flaky', 'steady']), clock, workers: 1, circuitBreaker: false });
    const recorder = new Recorder(handle);
    await clock.runUntil(handle.done);
    expect(recorder.of('agent.circuit-opened')).toEqual([]);
    expect(runner.calls.get('flaky')).toBe(12);
    const options = { ...base, runner, agents: [agent('a')] };
    expect(() => startRun(graph(tasks(1)), { ...options, circuitBreaker: { failureThreshold: 0 } })).toThrow(EngineOptionsError);
    expect(() => startRun(graph(tasks(1)), { ...options, circuitBreaker: { cooldownMs: -1 } })).toThrow(/circuitBreaker.cooldownMs/);
  });
});
