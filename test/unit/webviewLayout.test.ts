import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layoutGraph } from '../../webview-ui/src/graph/layout';
import type { GraphLayout, LayoutEdge } from '../../webview-ui/src/graph/layout';
import { sampleGraph } from '../../webview-ui/src/dev/sampleRun';

const W = 220;
const H = 76;

/** Random DAGs: edges only from a lower to a higher index, so no cycles. */
const dags = fc
  .integer({ min: 1, max: 60 })
  .chain((n) =>
    fc.record({
      ids: fc.constant(Array.from({ length: n }, (_, i) => `N${i}`)),
      pairs: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: n * 3 }),
    }),
  )
  .map(({ ids, pairs }) => ({
    ids,
    edges: pairs.filter(([a, b]) => a !== b).map(([a, b]): LayoutEdge => ({ from: ids[Math.min(a, b)]!, to: ids[Math.max(a, b)]! })),
  }));

function overlaps(layout: GraphLayout, ids: readonly string[]): [string, string] | undefined {
  const boxes = ids.map((id) => ({ id, ...layout.positions[id]! }));
  boxes.sort((a, b) => a.x - b.x || a.y - b.y);
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length && boxes[j]!.x < boxes[i]!.x + W; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (Math.abs(a.y - b.y) < H) return [a.id, b.id];
    }
  }
  return undefined;
}

describe('layoutGraph', () => {
  it('puts every edge from a lower rank to a higher one, left to right', () => {
    fc.assert(
      fc.property(dags, ({ ids, edges }) => {
        const layout = layoutGraph(ids, edges);
        for (const e of edges) {
          expect(layout.ranks[e.to]!).toBeGreaterThan(layout.ranks[e.from]!);
          expect(layout.positions[e.to]!.x).toBeGreaterThan(layout.positions[e.from]!.x);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('gives longest-path ranks: a node sits one rank after its deepest predecessor', () => {
    const layout = layoutGraph(['a', 'b', 'c', 'd'], [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
      { from: 'a', to: 'c' },
      { from: 'a', to: 'd' },
    ]);
    expect(layout.ranks).toEqual({ a: 0, b: 1, c: 2, d: 1 });
    expect(layout.layers.map((l) => [...l].sort())).toEqual([['a'], ['b', 'd'], ['c']]);
  });

  it('never overlaps two nodes', () => {
    fc.assert(
      fc.property(dags, fc.constantFrom<'LR' | 'TB'>('LR', 'TB'), ({ ids, edges }, direction) => {
        const layout = layoutGraph(ids, edges, { direction, nodeWidth: W, nodeHeight: H });
        expect(overlaps(layout, ids)).toBeUndefined();
        for (const id of ids) {
          expect(layout.positions[id]!.x).toBeGreaterThanOrEqual(0);
          expect(layout.positions[id]!.y).toBeGreaterThanOrEqual(0);
          expect(layout.positions[id]!.x + (direction === 'LR' ? W : 0)).toBeLessThanOrEqual(layout.width + W);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic: the same graph gives the same layout', () => {
    const graph = sampleGraph(300);
    const ids = graph.tasks.map((t) => t.id);
    expect(layoutGraph(ids, graph.dependencies)).toEqual(layoutGraph([...ids], graph.dependencies.map((d) => ({ ...d }))));
  });

  it('reduces crossings: a crossed pair of chains comes out straight', () => {
    // Input order a1 a2 / b1 b2 with a1->b2 and a2->b1 crosses; the sweep swaps one layer.
    const layout = layoutGraph(['a1', 'a2', 'b1', 'b2'], [
      { from: 'a1', to: 'b2' },
      { from: 'a2', to: 'b1' },
    ]);
    const [top, bottom] = layout.layers;
    expect(top!.indexOf('a1') < top!.indexOf('a2')).toBe(bottom!.indexOf('b2') < bottom!.indexOf('b1'));
  });

  it('survives a cycle, unknown endpoints, self-loops and repeated edges', () => {
    const layout = layoutGraph(['x', 'y', 'z'], [
      { from: 'x', to: 'y' },
      { from: 'y', to: 'z' },
      { from: 'z', to: 'x' },
      { from: 'x', to: 'x' },
      { from: 'x', to: 'ghost' },
      { from: 'x', to: 'y' },
    ]);
    expect(Object.keys(layout.positions).sort()).toEqual(['x', 'y', 'z']);
    expect(overlaps(layout, ['x', 'y', 'z'])).toBeUndefined();
    expect(layoutGraph([], []).layers).toEqual([]);
  });
});
