import { describe, expect, it } from 'vitest';
import { SeqIndex } from '../../src/orchestrator/store/seqIndex';

/** A small deterministic generator, so a failure can be replayed. */
function lcg(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

describe('seq index', () => {
  it('keeps one range for a run numbered in order', () => {
    const idx = new SeqIndex();
    for (let seq = 1; seq <= 1000; seq++) expect(idx.add('r', seq)).toBe(true);
    expect(idx.add('r', 500)).toBe(false);
    expect(idx.pairs('r')).toEqual([[1, 1000]]);
  });

  it('agrees with a plain set for any order of adds, and merges ranges that meet', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rnd = lcg(seed);
      const idx = new SeqIndex();
      const ref = new Set<number>();
      for (let k = 0; k < 600; k++) {
        const seq = 1 + Math.floor(rnd() * 200);
        expect(idx.add('r', seq)).toBe(!ref.has(seq));
        ref.add(seq);
      }
      for (let seq = 0; seq <= 201; seq++) expect(idx.has('r', seq)).toBe(ref.has(seq));
      const pairs = idx.pairs('r');
      // Sorted, disjoint and never adjacent: each gap between two ranges is a missing seq.
      for (let i = 1; i < pairs.length; i++) expect(pairs[i]![0]).toBeGreaterThan(pairs[i - 1]![1] + 1);
      expect(pairs.reduce((n, [lo, hi]) => n + hi - lo + 1, 0)).toBe(ref.size);
    }
  });

  it('reports the runs changed since the last call and loads back what it reported', () => {
    const idx = new SeqIndex();
    idx.add('a', 1);
    idx.add('a', 3);
    idx.add('b', 7);
    const dirty = idx.takeDirty();
    expect(dirty).toEqual([
      ['a', [[1, 1], [3, 3]]],
      ['b', [[7, 7]]],
    ]);
    expect(idx.takeDirty()).toEqual([]);
    idx.add('a', 2);
    expect(idx.takeDirty()).toEqual([['a', [[1, 3]]]]);
    const copy = new SeqIndex();
    copy.load([['a', 3, 3], ['a', 1, 1], ['b', 7, 7]]);
    expect(copy.has('a', 1) && copy.has('a', 3) && !copy.has('a', 2)).toBe(true);
    expect(copy.add('a', 2)).toBe(true);
    expect(copy.pairs('a')).toEqual([[1, 3]]);
  });
});
