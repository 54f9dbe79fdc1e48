import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lowerBound, type BenchDag } from '../../bench/dags';
import { simulateMakespan } from '../../bench/makespan';
import type { RunEvent, Task } from '../../src/orchestrator/model';

/** A random DAG of at most 40 tasks, separate estimates and actual durations, and a worker count. */
const scheduleCase = fc.integer({ min: 1, max: 40 }).chain((n) =>
  fc.record({
    actual: fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: n, maxLength: n }),
    estimates: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: n, maxLength: n }),
    exact: fc.boolean(),
    edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 3 * n }),
    workers: fc.integer({ min: 1, max: 8 }),
  }),
);

type ScheduleCase = typeof scheduleCase extends fc.Arbitrary<infer T> ? T : never;

/** Edges always go from the lower index to the higher, so the graph is acyclic by construction. */
function toDag(c: ScheduleCase): BenchDag {
  const tasks: Task[] = c.actual.map((ms, i) => ({
    id: `t${i}`,
    title: `Task ${i}`,
    body: '',
    files: [],
    tags: [],
    complexity: 1,
    // With inexact estimates the priority order is arbitrary; Graham's bound must hold for any order.
    estimateMs: c.exact ? ms : c.estimates[i]!,
  }));
  const dependencies = c.edges.filter(([a, b]) => a !== b).map(([a, b]) => ({ from: `t${Math.min(a, b)}`, to: `t${Math.max(a, b)}`, reason: 'explicit' as const }));
  return { name: 'property', shape: 'windowed', noisy: !c.exact, graph: { title: 'property', tasks, dependencies }, actualMs: new Map(tasks.map((t, i) => [t.id, c.actual[i]!])) };
}

/** Replays the event stream and throws on the first start that breaks the W limit or a dependency. */
function checkSchedule(dag: BenchDag, workers: number, events: readonly RunEvent[]): void {
  const predecessors = new Map(dag.graph.tasks.map((t) => [t.id, [] as string[]]));
  for (const d of dag.graph.dependencies) predecessors.get(d.to)!.push(d.from);
  const finishedAt = new Map<string, number>();
  const started = new Set<string>();
  let running = 0;
  for (const event of events) {
    if (event.type === 'task.started') {
      expect(started.has(event.taskId), `${event.taskId} started twice`).toBe(false);
      started.add(event.taskId);
      running += 1;
      expect(running, `more than ${workers} tasks running at ${event.time}`).toBeLessThanOrEqual(workers);
      for (const p of predecessors.get(event.taskId)!) {
        expect(finishedAt.has(p), `${event.taskId} started before its prerequisite ${p} finished`).toBe(true);
        expect(finishedAt.get(p)!).toBeLessThanOrEqual(event.time);
      }
    } else if (event.type === 'task.succeeded') {
      running -= 1;
      finishedAt.set(event.taskId, event.time);
      expect(event.durationMs).toBe(dag.actualMs.get(event.taskId));
    }
  }
  expect(finishedAt.size).toBe(dag.graph.tasks.length);
}

describe('engine schedules (simulated runner, virtual clock)', () => {
  for (const priority of ['critical-path', 'fifo'] as const) {
    it(`stays within Graham's (2 − 1/W) × lower bound and never below the bound (${priority})`, async () => {
      await fc.assert(
        fc.asyncProperty(scheduleCase, async (c) => {
          const dag = toDag(c);
          const bound = lowerBound(dag, c.workers);
          const makespan = await simulateMakespan(dag.graph, { actualMs: dag.actualMs, workers: c.workers, priority });
          expect(makespan).toBeGreaterThanOrEqual(bound - 1e-9);
          expect(makespan).toBeLessThanOrEqual((2 - 1 / c.workers) * bound + 1e-9);
        }),
        { numRuns: 150 },
      );
    });

    it(`never runs more than W tasks at once and respects every dependency (${priority})`, async () => {
      await fc.assert(
        fc.asyncProperty(scheduleCase, async (c) => {
          const dag = toDag(c);
          const events: RunEvent[] = [];
          await simulateMakespan(dag.graph, { actualMs: dag.actualMs, workers: c.workers, priority, onEvent: (e) => events.push(e) });
          checkSchedule(dag, c.workers, events);
        }),
        { numRuns: 100 },
      );
    });
  }

  it('runs on a single slot as one after another: the makespan is the total work', async () => {
    await fc.assert(
      fc.asyncProperty(scheduleCase, async (c) => {
        const dag = toDag(c);
        const work = c.actual.reduce((a, b) => a + b, 0);
        expect(await simulateMakespan(dag.graph, { actualMs: dag.actualMs, workers: 1, priority: 'critical-path' })).toBe(work);
      }),
      { numRuns: 50 },
    );
  });
});
