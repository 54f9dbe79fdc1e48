import { describe, expect, it } from 'vitest';
import type { Dependency, Task } from '../../src/orchestrator/model';
import {
  adjacency,
  bottomLevels,
  criticalPath,
  CycleError,
  findCycle,
  topologicalOrder,
} from '../../src/orchestrator/plan/graphUtils';

function task(id: string, estimateMs: number): Task {
  return { id, title: `Title ${id}`, body: '', files: [], tags: [], complexity: 1, estimateMs };
}

/** A graph from `a>b` edge strings; estimates default to 1. */
function graph(ids: string[], edges: string[], estimates: Record<string, number> = {}) {
  const tasks = ids.map((id) => task(id, estimates[id] ?? 1));
  const dependencies: Dependency[] = edges.map((e) => {
    const [from, to] = e.split('>') as [string, string];
    return { from, to, reason: 'explicit' };
  });
  return { tasks, dependencies };
}

/** Asserts that `path` is a closed walk along edges of `edges`. */
function expectCycleAlong(path: string[], edges: string[]): void {
  expect(path.length).toBeGreaterThan(2);
  expect(path[0]).toBe(path[path.length - 1]);
  for (let i = 1; i < path.length; i++) expect(edges).toContain(`${path[i - 1]}>${path[i]}`);
}

function chain(n: number, closed = false) {
  const ids = Array.from({ length: n }, (_, i) => `t${i}`);
  const dependencies: Dependency[] = [];
  for (let i = 1; i < n; i++) dependencies.push({ from: ids[i - 1]!, to: ids[i]!, reason: 'explicit' });
  if (closed) dependencies.push({ from: ids[n - 1]!, to: ids[0]!, reason: 'explicit' });
  return { tasks: ids.map((id) => task(id, 2)), dependencies };
}

describe('adjacency', () => {
  it('ignores unknown ids, self-loops and duplicate edges', () => {
    const adj = adjacency(graph(['a', 'b'], ['a>b', 'a>b', 'a>a', 'a>zz', 'zz>b']));
    expect(adj.successors).toEqual([[1], []]);
    expect(adj.predecessors).toEqual([[], [0]]);
  });
});

describe('findCycle', () => {
  it('returns undefined for a DAG', () => {
    expect(findCycle(graph(['a', 'b', 'c', 'd'], ['a>b', 'a>c', 'b>d', 'c>d']))).toBeUndefined();
  });

  it('returns the path of a cycle, first id repeated at the end', () => {
    const edges = ['a>b', 'b>c', 'c>a', 'c>d'];
    const path = findCycle(graph(['a', 'b', 'c', 'd'], edges))!;
    expectCycleAlong(path, edges);
    expect(new Set(path)).toEqual(new Set(['a', 'b', 'c']));
  });

  it('finds a cycle that does not go through the first task', () => {
    const edges = ['a>b', 'b>c', 'c>d', 'd>b'];
    const path = findCycle(graph(['a', 'b', 'c', 'd'], edges))!;
    expectCycleAlong(path, edges);
    expect(path).not.toContain('a');
  });

  it('finds a two-task cycle', () => {
    expect(findCycle(graph(['x', 'y'], ['x>y', 'y>x']))).toEqual(['x', 'y', 'x']);
  });
});

describe('topologicalOrder', () => {
  it('puts every task after its prerequisites', () => {
    const edges = ['d>b', 'b>a', 'c>a', 'e>d'];
    const order = topologicalOrder(graph(['a', 'b', 'c', 'd', 'e'], edges));
    expect([...order].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    for (const e of edges) {
      const [from, to] = e.split('>') as [string, string];
      expect(order.indexOf(from)).toBeLessThan(order.indexOf(to));
    }
  });

  it('keeps document order when nothing constrains it', () => {
    expect(topologicalOrder(graph(['c', 'a', 'b'], []))).toEqual(['c', 'a', 'b']);
  });

  it('throws a CycleError naming the path with titles', () => {
    const g = graph(['a', 'b', 'c'], ['a>b', 'b>c', 'c>b']);
    expect(() => topologicalOrder(g)).toThrow(CycleError);
    try {
      topologicalOrder(g);
    } catch (e) {
      const error = e as CycleError;
      expect(error.reason).toBe('cycle');
      expectCycleAlong(error.path, ['a>b', 'b>c', 'c>b']);
      expect(error.message).toContain('b "Title b"');
      expect(error.message).toContain('c "Title c"');
    }
  });
});

describe('bottomLevels and criticalPath', () => {
  // a → b → d and a → c → d, where c is the slow branch.
  const diamond = graph(['a', 'b', 'c', 'd'], ['a>b', 'a>c', 'b>d', 'c>d'], { a: 1, b: 2, c: 10, d: 3 });

  it('gives each task the longest estimated time from its start to the end', () => {
    expect(Object.fromEntries(bottomLevels(diamond))).toEqual({ a: 14, b: 5, c: 13, d: 3 });
  });

  it('treats negative estimates as zero', () => {
    const levels = bottomLevels(graph(['a', 'b'], ['a>b'], { a: -5, b: 4 }));
    expect(levels.get('a')).toBe(4);
  });

  it('follows the heaviest chain', () => {
    expect(criticalPath(diamond)).toEqual(['a', 'c', 'd']);
  });

  it('starts at the heaviest source among independent chains', () => {
    const g = graph(['a', 'b', 'x', 'y'], ['a>b', 'x>y'], { a: 1, b: 1, x: 5, y: 1 });
    expect(criticalPath(g)).toEqual(['x', 'y']);
  });

  it('handles empty and single-task graphs', () => {
    expect(criticalPath(graph([], []))).toEqual([]);
    expect(criticalPath(graph(['solo'], []))).toEqual(['solo']);
  });

  it('throws a CycleError on a cycle', () => {
    expect(() => bottomLevels(graph(['a', 'b'], ['a>b', 'b>a']))).toThrow(CycleError);
  });
});

describe('deep graphs', () => {
  const n = 100_000;

  it('handle a 100k-task chain without overflowing the stack', () => {
    const g = chain(n);
    expect(findCycle(g)).toBeUndefined();
    const order = topologicalOrder(g);
    expect(order).toHaveLength(n);
    expect(order[0]).toBe('t0');
    expect(order[n - 1]).toBe(`t${n - 1}`);
    expect(bottomLevels(g).get('t0')).toBe(2 * n);
    const path = criticalPath(g);
    expect(path).toHaveLength(n);
    expect(path[n - 1]).toBe(`t${n - 1}`);
  });

  it('find the path of a 100k-task cycle', () => {
    const path = findCycle(chain(n, true))!;
    expect(path).toHaveLength(n + 1);
    expect(path[0]).toBe(path[n]);
  });
});
