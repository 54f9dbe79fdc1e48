import { describe, expect, it } from 'vitest';
import { depthLayers, layeredDag, logNormalMs, lowerBound, makespanSuite, mulberry32, windowedDag, type BenchDag } from '../../bench/dags';
import { quantile } from '../../bench/makespan';
import type { Task } from '../../src/orchestrator/model';
import { adjacency, topologicalOrder } from '../../src/orchestrator/plan/graphUtils';

function task(id: string, estimateMs: number): Task {
  return { id, title: id, body: '', files: [], tags: [], complexity: 1, estimateMs };
}

function handMade(durations: Record<string, number>, edges: Array<[string, string]>): BenchDag {
  const tasks = Object.entries(durations).map(([id, ms]) => task(id, ms));
  const dependencies = edges.map(([from, to]) => ({ from, to, reason: 'explicit' as const }));
  return { name: 'hand', shape: 'layered', noisy: false, graph: { title: 'hand', tasks, dependencies }, actualMs: new Map(Object.entries(durations)) };
}

describe('seeded random numbers', () => {
  it('repeats the same sequence for the same seed and differs between seeds', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const c = mulberry32(8);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
    for (const x of first) expect(x >= 0 && x < 1).toBe(true);
  });

  it('draws log-normal durations around the requested median', () => {
    const random = mulberry32(3);
    const draws = Array.from({ length: 4001 }, () => logNormalMs(random, 60_000, 0.8));
    const median = quantile(draws, 0.5);
    expect(median).toBeGreaterThan(54_000);
    expect(median).toBeLessThan(66_000);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(1);
  });
});

describe('layeredDag', () => {
  it('has the requested size and depth, acyclic, every edge from an earlier layer', () => {
    const dag = layeredDag({ tasks: 200, layers: 9, seed: 5 });
    expect(dag.graph.tasks).toHaveLength(200);
    expect(() => topologicalOrder(dag.graph)).not.toThrow();
    const layers = depthLayers(dag.graph);
    expect(layers).toHaveLength(9);
    const depth = new Map(layers.flatMap((layer, d) => layer.map((t) => [t.id, d] as const)));
    for (const dep of dag.graph.dependencies) expect(depth.get(dep.from)!).toBeLessThan(depth.get(dep.to)!);
  });

  it('is a pure function of its options', () => {
    expect(layeredDag({ tasks: 50, seed: 9 })).toEqual(layeredDag({ tasks: 50, seed: 9 }));
    expect(layeredDag({ tasks: 50, seed: 9 }).graph).not.toEqual(layeredDag({ tasks: 50, seed: 10 }).graph);
  });
});

describe('windowedDag', () => {
  it('links each task only to tasks within the window before it, at most maxDeps of them', () => {
    const dag = windowedDag({ tasks: 300, window: 12, maxDeps: 2, seed: 4 });
    const adj = adjacency(dag.graph);
    expect(adj.ids).toHaveLength(300);
    adj.predecessors.forEach((preds, i) => {
      expect(preds.length).toBeLessThanOrEqual(2);
      for (const p of preds) expect(i - p >= 1 && i - p <= 12).toBe(true);
    });
    expect(dag.graph.dependencies.length).toBeGreaterThan(100);
  });
});

describe('noisy estimates', () => {
  it('keep the graph and estimates of the exact variant and change only the actual durations', () => {
    const exact = windowedDag({ tasks: 100, seed: 2 });
    const noisy = windowedDag({ tasks: 100, seed: 2, noiseSigma: 0.5 });
    expect(noisy.graph.tasks).toEqual(exact.graph.tasks);
    expect(noisy.graph.dependencies).toEqual(exact.graph.dependencies);
    for (const t of exact.graph.tasks) expect(exact.actualMs.get(t.id)).toBe(t.estimateMs);
    const changed = noisy.graph.tasks.filter((t) => noisy.actualMs.get(t.id) !== t.estimateMs);
    expect(changed.length).toBeGreaterThan(90);
  });
});

describe('lowerBound', () => {
  // A chain a→b→c of 1+2+3 = 6 and an independent task d of 10: the longest chain is d (10), total work 16.
  const dag = handMade({ a: 1, b: 2, c: 3, d: 10 }, [['a', 'b'], ['b', 'c']]);

  it('is total work ÷ W when the slots are the bottleneck', () => {
    expect(lowerBound(dag, 1)).toBe(16);
  });

  it('is the longest chain by actual duration when that is longer', () => {
    expect(lowerBound(dag, 2)).toBe(10);
    const chainBound = handMade({ a: 5, b: 5, c: 5, d: 1 }, [['a', 'b'], ['b', 'c']]);
    expect(lowerBound(chainBound, 2)).toBe(15);
  });

  it('uses actual durations, not estimates', () => {
    const noisy: BenchDag = { ...dag, actualMs: new Map([['a', 10], ['b', 20], ['c', 30], ['d', 10]]) };
    expect(lowerBound(noisy, 4)).toBe(60);
  });
});

describe('makespanSuite', () => {
  it('spans both shapes, 30 to 1000 tasks, exact and noisy, at least 40 DAGs with unique names', () => {
    const suite = makespanSuite();
    expect(suite.length).toBeGreaterThanOrEqual(40);
    expect(new Set(suite.map((d) => d.name)).size).toBe(suite.length);
    expect(new Set(suite.map((d) => d.shape))).toEqual(new Set(['layered', 'windowed']));
    const sizes = suite.map((d) => d.graph.tasks.length);
    expect(Math.min(...sizes)).toBe(30);
    expect(Math.max(...sizes)).toBe(1000);
    expect(suite.filter((d) => d.noisy)).toHaveLength(suite.length / 2);
  });
});

describe('quantile', () => {
  it('takes the nearest rank', () => {
    expect(quantile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(quantile([7], 0.9)).toBe(7);
  });
});
