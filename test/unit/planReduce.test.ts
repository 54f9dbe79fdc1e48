import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { impliedEdges } from '../../src/orchestrator/plan/reduce';

/** True when `to` can be reached from `from` by a path of two edges or more. */
function longPath(edges: ReadonlyArray<readonly [number, number]>, from: number, to: number): boolean {
  const next = (u: number) => edges.filter(([a]) => a === u).map(([, b]) => b);
  const seen = new Set<number>();
  const stack = next(from).filter((v) => v !== to);
  while (stack.length > 0) {
    const u = stack.pop()!;
    if (u === to) return true;
    if (seen.has(u)) continue;
    seen.add(u);
    stack.push(...next(u));
  }
  return false;
}

describe('impliedEdges', () => {
  it('marks exactly the removable edges that a longer path implies', () => {
    // Random DAGs over tasks 0..n-1 in a shuffled rank order; edges point forward in that order.
    const dag = fc.integer({ min: 1, max: 12 }).chain((n) =>
      fc.tuple(
        fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
        fc.uniqueArray(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 30, selector: ([a, b]) => `${a},${b}` }),
      ).chain(([order, pairs]) => {
        const rank = new Map(order.map((t, k) => [t, k]));
        const edges = pairs.filter(([a, b]) => rank.get(a)! < rank.get(b)!) as Array<[number, number]>;
        return fc.tuple(fc.constant(n), fc.constant(order), fc.constant(edges), fc.array(fc.boolean(), { minLength: edges.length, maxLength: edges.length }));
      }),
    );
    fc.assert(
      fc.property(dag, ([n, order, edges, removable]) => {
        const implied = impliedEdges(n, order, edges, removable);
        expect(implied).toEqual(edges.map(([a, b], k) => removable[k]! && longPath(edges, a, b)));
      }),
      { numRuns: 500 },
    );
  });
});
