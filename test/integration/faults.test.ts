/**
 * Fault recovery of whole runs (issue 3), outcomes only: 5% transient faults on a 50-task DAG, and an
 * agent that crashes on every attempt. Timings are in bench/faults.ts.
 */
import { describe, expect, it } from 'vitest';
import { startRun, VirtualClock } from '../../src/orchestrator/engine';
import type { RunEvent, TaskGraph } from '../../src/orchestrator/model';
import { SimulatedRunner } from '../../src/orchestrator/runners';
import { windowedDag } from '../../bench/dags';
import { agent } from '../fixtures/runners/engineKit';

const agents = [agent('alpha'), agent('beta'), agent('gamma')];

function dag(seed: number): TaskGraph {
  return windowedDag({ tasks: 50, window: 8, maxDeps: 3, seed, medianMs: 120_000, sigma: 0.6 }).graph;
}

async function runDag(graph: TaskGraph, runner: SimulatedRunner, clock: VirtualClock, seed: number) {
  const handle = startRun(graph, { runner, agents, workers: 4, clock, cwd: '/work', runId: `faults-${seed}`, random: () => 0.5 });
  const events: RunEvent[] = [];
  handle.onEvent((e) => events.push(e));
  const result = await clock.runUntil(handle.done);
  return { result, events };
}

describe('fault recovery', () => {
  it('a 50-task run with 5% transient faults per attempt succeeds on at least 95% of tasks, seed after seed', async () => {
    let faults = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const clock = new VirtualClock();
      const runner = new SimulatedRunner({ clock, seed, transientFaultRate: 0.05, progress: false });
      const { result, events } = await runDag(dag(seed), runner, clock, seed);
      expect(result.totals.tasks).toBe(50);
      expect(result.totals.succeeded / result.totals.tasks).toBeGreaterThanOrEqual(0.95);
      // Every task that hit a fault and was retried ended succeeded.
      for (const e of events) {
        if (e.type !== 'task.failed' || e.failure.kind !== 'transient') continue;
        faults += 1;
        if (!e.final) expect(result.tasks.find((t) => t.taskId === e.taskId)!.status).toBe('succeeded');
      }
    }
    // Faults did happen, so the runs prove the recovery and not luck.
    expect(faults).toBeGreaterThan(0);
  });

  it("re-routes every task of an always-crashing agent, which completes, and opens the agent's circuit", async () => {
    const clock = new VirtualClock();
    const runner = new SimulatedRunner({ clock, seed: 7, skills: { alpha: { successRate: 0, failureKind: 'crash' } }, progress: false });
    const { result, events } = await runDag(dag(7), runner, clock, 7);
    expect(result.status).toBe('succeeded');
    const firstAgent = new Map<string, string>();
    for (const e of events) if (e.type === 'task.assigned' && !firstAgent.has(e.taskId)) firstAgent.set(e.taskId, e.agent);
    const alphaTasks = [...firstAgent].filter(([, a]) => a === 'alpha').map(([id]) => id);
    expect(alphaTasks.length).toBeGreaterThan(0);
    const rerouted = new Set(events.flatMap((e) => (e.type === 'task.rerouted' && e.from === 'alpha' ? [e.taskId] : [])));
    for (const id of alphaTasks) {
      expect(rerouted.has(id)).toBe(true);
      expect(result.tasks.find((t) => t.taskId === id)).toMatchObject({ status: 'succeeded' });
      expect(result.tasks.find((t) => t.taskId === id)!.agent).not.toBe('alpha');
    }
    const opened = events.filter((e) => e.type === 'agent.circuit-opened');
    expect(opened.length).toBeGreaterThan(0);
    expect(new Set(opened.map((e) => (e.type === 'agent.circuit-opened' ? e.agent : '')))).toEqual(new Set(['alpha']));
    expect(events.some((e) => e.type === 'agent.circuit-closed')).toBe(false);
    // No task ever succeeded on alpha.
    expect(events.some((e) => e.type === 'task.succeeded' && e.agent === 'alpha')).toBe(false);
  });
});
