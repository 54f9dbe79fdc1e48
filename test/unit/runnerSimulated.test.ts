/** The simulated runner: deterministic outcomes and durations, skills, faults, abort and progress. */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/orchestrator/engine';
import type { Task } from '../../src/orchestrator/model';
import { hashRandom, SimulatedRunner, type RunnerResult, type SimulatedRunnerOptions } from '../../src/orchestrator/runners';
import { agent, task } from '../fixtures/runners/engineKit';

function request(t: Task, agentName = 'dev', attempt = 1) {
  return { runId: 'r', task: t, agent: agent(agentName), attempt, prompt: 'p', cwd: '/w' };
}

/** Runs one attempt to its end on a fresh clock; returns the result and the virtual time it took. */
async function attempt(options: Omit<SimulatedRunnerOptions, 'clock'>, t: Task, agentName = 'dev', attemptNo = 1) {
  const clock = new VirtualClock();
  const runner = new SimulatedRunner({ clock, ...options });
  const progress: string[] = [];
  const result = await clock.runUntil(runner.run(request(t, agentName, attemptNo), new AbortController().signal, (p) => progress.push(p.message)));
  return { result, ms: clock.now(), progress };
}

describe('SimulatedRunner', () => {
  it('takes the estimate divided by the agent speed and succeeds by default', async () => {
    const { result, ms, progress } = await attempt({ skills: { fast: { speed: 4 } } }, task('A', { estimateMs: 2000, files: ['a.ts'] }), 'fast');
    expect(ms).toBe(500);
    expect(result).toMatchObject({ ok: true, filesChanged: ['a.ts'], summary: 'fast finished "Task A" (simulated).' });
    expect(result.costUsd).toBeCloseTo(0.005);
    expect(progress).toEqual(['fast started attempt 1']);
  });

  it('decides each outcome from the seed, task, agent and attempt only', async () => {
    const options = { seed: 42, skills: { dev: { successRate: 0.5 } }, variation: 0.3 };
    const tasks = Array.from({ length: 40 }, (_, i) => task(`T${i}`));
    const run = async () => Promise.all(tasks.map(async (t) => (({ result, ms }) => `${result.ok}:${ms}`)(await attempt(options, t))));
    const first = await run();
    const reversed = await Promise.all([...tasks].reverse().map(async (t) => (({ result, ms }) => `${result.ok}:${ms}`)(await attempt(options, t))));
    expect(reversed.reverse()).toEqual(first);
    const successes = first.filter((s) => s.startsWith('true')).length;
    expect(successes).toBeGreaterThan(8);
    expect(successes).toBeLessThan(32);
    const other = await Promise.all(tasks.map(async (t) => (({ result }) => result.ok)(await attempt({ ...options, seed: 7 }, t))));
    expect(other.map(String)).not.toEqual(first.map((s) => s.split(':')[0]));
  });

  it('fails with the skill failure kind, and with transient faults a fifth of the way in', async () => {
    const failing = await attempt({ skills: { dev: { successRate: 0, failureKind: 'turn-limit' } } }, task('A'));
    expect(failing.result.failure?.kind).toBe('turn-limit');
    expect(failing.ms).toBe(1000);
    const faulty = await attempt({ transientFaultRate: 1 }, task('A'));
    expect(faulty.result.failure?.kind).toBe('transient');
    expect(faulty.ms).toBe(200);
  });

  it('uses a custom duration and cost', async () => {
    const { result, ms } = await attempt({ durationMs: (t, a, n) => (t.id === 'A' && a.name === 'dev' ? 123 * n : 0), costUsd: () => 0.25, progress: false }, task('A'), 'dev', 2);
    expect(ms).toBe(246);
    expect(result.costUsd).toBe(0.25);
  });

  it('resolves at once as cancelled on abort and clears its timer', async () => {
    const clock = new VirtualClock();
    const runner = new SimulatedRunner({ clock });
    const controller = new AbortController();
    const pending = runner.run(request(task('A', { estimateMs: 60_000 })), controller.signal, () => {});
    controller.abort();
    const result: RunnerResult = await pending;
    expect(result.failure?.kind).toBe('cancelled');
    expect(clock.pendingTimers).toBe(0);
    expect((await runner.run(request(task('C')), controller.signal, () => {})).failure?.kind).toBe('cancelled');
  });

  it('aborts every attempt sharing a signal, and keeps one inert listener per signal across attempts', async () => {
    const clock = new VirtualClock();
    const runner = new SimulatedRunner({ clock });
    const reused = new AbortController();
    for (const id of ['A', 'B', 'C']) {
      const result = await clock.runUntil(runner.run(request(task(id)), reused.signal, () => {}));
      expect(result.ok).toBe(true);
    }
    expect(getEventListeners(reused.signal, 'abort')).toHaveLength(1);
    const shared = new AbortController();
    const both = [runner.run(request(task('D')), shared.signal, () => {}), runner.run(request(task('E')), shared.signal, () => {})];
    shared.abort();
    expect((await Promise.all(both)).map((r) => r.failure?.kind)).toEqual(['cancelled', 'cancelled']);
    // Aborting a signal whose attempts are done changes nothing for them.
    reused.abort();
    expect(clock.pendingTimers).toBe(0);
  });

  it('draws uniform-looking numbers from the hash', () => {
    const draws = Array.from({ length: 10_000 }, (_, i) => hashRandom(1, `key-${i}`));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(mean).toBeGreaterThan(0.47);
    expect(mean).toBeLessThan(0.53);
    expect(hashRandom(1, 'x')).toBe(hashRandom(1, 'x'));
    expect(hashRandom(1, 'x')).not.toBe(hashRandom(2, 'x'));
  });
});
