/** The engine's building blocks: ready queues, graph index, retry policy, readiness functions. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TaskStatus } from '../../src/orchestrator/model';
import { adjacency, bottomLevels } from '../../src/orchestrator/plan/graphUtils';
import { backoffDelay, blockedTaskIds, decideAfterFailure, readyTaskIds } from '../../src/orchestrator/engine';
import { bottomLevelsOf, indexGraph } from '../../src/orchestrator/engine/graphIndex';
import { IdIndex } from '../../src/orchestrator/engine/idIndex';
import { priorityOrder } from '../../src/orchestrator/engine/priorityOrder';
import { FifoReadyQueue, PriorityReadyQueue } from '../../src/orchestrator/engine/readyQueue';
import { graph, task } from '../fixtures/runners/engineKit';

const randomGraph = fc
  .integer({ min: 0, max: 40 })
  .chain((n) =>
    fc.tuple(
      fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: n, maxLength: n }),
      fc.array(fc.tuple(fc.integer({ min: -1, max: n }), fc.integer({ min: -1, max: n })), { maxLength: 4 * n }),
    ),
  )
  .map(([estimates, pairs]) => {
    const tasks = estimates.map((ms, i) => task(`T${i}`, { estimateMs: ms }));
    // Forward edges only (acyclic); -1 and n name unknown tasks, which both indexes must ignore.
    const edges = pairs.filter(([a, b]) => a < b || a === -1 || b === estimates.length).map(([a, b]): [string, string] => [`T${a}`, `T${b}`]);
    return graph(tasks, edges);
  });

describe('ready queues', () => {
  it('pops by largest key first, ties in index order, like a stable sort', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), fc.array(fc.boolean(), { maxLength: 400 }), (keys, ops) => {
        const queue = new PriorityReadyQueue(Float64Array.from(keys));
        const model: number[] = [];
        let next = 0;
        for (const push of ops) {
          if (push && next < keys.length) {
            queue.push(next);
            model.push(next++);
          } else {
            model.sort((a, b) => keys[b]! - keys[a]! || a - b);
            expect(queue.pop()).toBe(model.length > 0 ? model.shift() : -1);
          }
          expect(queue.size).toBe(model.length);
        }
      }),
    );
  });

  it('orders by largest key first, ties in index order, for any non-negative keys', () => {
    const key = fc.oneof(fc.constantFrom(0, 1, 1.5, Infinity, 2 ** 40, Number.MAX_VALUE, Number.MIN_VALUE), fc.double({ min: 0, noNaN: true }).map((x) => x + 0));
    fc.assert(
      fc.property(fc.array(key, { maxLength: 300 }), (keys) => {
        const expected = keys.map((_, i) => i).sort((a, b) => (keys[b]! > keys[a]! ? 1 : keys[b]! < keys[a]! ? -1 : a - b));
        expect([...priorityOrder(Float64Array.from(keys))]).toEqual(expected);
      }),
    );
  });

  it('FIFO pops in push order across wrap-around', () => {
    const queue = new FifoReadyQueue(3);
    queue.push(0);
    queue.push(1);
    expect(queue.pop()).toBe(0);
    queue.push(2);
    queue.push(0);
    expect([queue.pop(), queue.pop(), queue.pop(), queue.pop()]).toEqual([1, 2, 0, -1]);
    queue.push(1);
    queue.clear();
    expect(queue.size).toBe(0);
  });
});

describe('graph index', () => {
  it('has the same successors, predecessors and bottom levels as graphUtils', () => {
    fc.assert(
      fc.property(randomGraph, (g) => {
        const index = indexGraph(g);
        const adj = adjacency(g);
        const list = (start: Int32Array, items: Int32Array, i: number) => [...items.subarray(start[i]!, start[i + 1]!)].sort((a, b) => a - b);
        g.tasks.forEach((_, i) => {
          expect(list(index.succStart, index.succ, i)).toEqual([...adj.successors[i]!].sort((a, b) => a - b));
          expect(list(index.predStart, index.pred, i)).toEqual([...adj.predecessors[i]!].sort((a, b) => a - b));
        });
        const levels = bottomLevels(g);
        expect([...bottomLevelsOf(g, index)]).toEqual(g.tasks.map((t) => levels.get(t.id)));
      }),
    );
  });
});

describe('task id index', () => {
  it('finds every id, reports unknown ones and the first holder of a repeated id', () => {
    const ids = ['a', 'b', 'T1.2', '', 'a', 'ü-ñ', 'b'];
    const index = new IdIndex(ids);
    expect(ids.map((_, i) => index.add(i))).toEqual([-1, -1, -1, -1, 0, -1, 1]);
    expect(['a', 'b', 'T1.2', '', 'ü-ñ', 'c', 'T1.20'].map((id) => index.get(id))).toEqual([0, 1, 2, 3, 5, -1, -1]);
    const many = Array.from({ length: 5000 }, (_, i) => `task-${i}`);
    const big = new IdIndex(many);
    many.forEach((_, i) => big.add(i));
    expect(many.every((id, i) => big.get(`${id}`) === i)).toBe(true);
    expect(big.get('task-5000')).toBe(-1);
  });
});

describe('retry policy', () => {
  it.each([
    ['unrecoverable', 1, true, 'give-up'],
    ['transient', 1, true, 'retry'],
    ['timeout', 2, false, 'retry'],
    ['stalled', 3, true, 'fallback'],
    ['crash', 3, false, 'give-up'],
    ['turn-limit', 1, true, 'fallback'],
    ['validation', 1, false, 'give-up'],
    ['budget', 1, true, 'fallback'],
  ] as const)('%s after %i attempt(s), fallback %s: %s', (kind, attempts, hasFallback, decision) => {
    expect(decideAfterFailure(kind, attempts, 3, hasFallback)).toBe(decision);
  });

  it('doubles the delay up to the cap and takes off a random share of up to `jitter`', () => {
    const backoff = { baseMs: 1000, maxMs: 5000, jitter: 0.5 };
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, backoff, () => 0))).toEqual([1000, 2000, 4000, 5000]);
    expect(backoffDelay(2, backoff, () => 0.999999)).toBe(1000);
    expect(backoffDelay(1, { ...backoff, jitter: 0 }, Math.random)).toBe(1000);
  });
});

describe('readiness as a pure function of statuses', () => {
  const g = graph([task('A'), task('B'), task('C'), task('D')], [['A', 'B'], ['A', 'C'], ['B', 'D'], ['C', 'D']]);
  const statuses = (entries: Array<[string, TaskStatus]>) => new Map(entries);

  it('lists pending tasks whose dependencies all succeeded', () => {
    expect(readyTaskIds(g, statuses([]))).toEqual(['A']);
    expect(readyTaskIds(g, statuses([['A', 'succeeded']]))).toEqual(['B', 'C']);
    expect(readyTaskIds(g, statuses([['A', 'succeeded'], ['B', 'succeeded'], ['C', 'running']]))).toEqual([]);
    expect(readyTaskIds(g, statuses([['A', 'succeeded'], ['B', 'succeeded'], ['C', 'succeeded']]))).toEqual(['D']);
  });

  it('lists every task downstream of a failure as blocked', () => {
    expect(blockedTaskIds(g, statuses([['A', 'succeeded'], ['B', 'failed']]))).toEqual(['D']);
    expect(blockedTaskIds(g, statuses([['A', 'cancelled']]))).toEqual(['B', 'C', 'D']);
    expect(blockedTaskIds(g, statuses([['A', 'succeeded']]))).toEqual([]);
  });
});
