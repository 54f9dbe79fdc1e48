/**
 * Which seqs of each run are recorded, as sorted, disjoint, non-adjacent ranges. The engine numbers a run's events
 * 1, 2, 3..., so a run is almost always one range and a lookup is O(1); events that arrive out of order cost a
 * binary search. This is what lets the store ignore an event recorded twice without keeping every event's row.
 */
export class SeqIndex {
  /** Per run, flat [lo0, hi0, lo1, hi1, ...]. */
  private readonly ranges = new Map<string, number[]>();
  private readonly dirty = new Set<string>();

  /** Records `seq`; false when it was already recorded. */
  add(runId: string, seq: number): boolean {
    const r = this.ranges.get(runId);
    if (!r) {
      this.ranges.set(runId, [seq, seq]);
      this.dirty.add(runId);
      return true;
    }
    // The common case: the next seq after the last range.
    const last = r.length - 1;
    if (r[last]! + 1 === seq) {
      r[last] = seq;
      this.dirty.add(runId);
      return true;
    }
    const i = firstRangeAbove(r, seq);
    if (i > 0 && r[2 * i - 1]! >= seq) return false;
    this.insert(r, i, seq);
    this.dirty.add(runId);
    return true;
  }

  has(runId: string, seq: number): boolean {
    const r = this.ranges.get(runId);
    if (!r) return false;
    const i = firstRangeAbove(r, seq);
    return i > 0 && r[2 * i - 1]! >= seq;
  }

  /** The runs changed since the last call, with their ranges as [lo, hi] pairs. */
  takeDirty(): Array<[string, Array<[number, number]>]> {
    const out: Array<[string, Array<[number, number]>]> = [];
    for (const runId of this.dirty) out.push([runId, this.pairs(runId)]);
    this.dirty.clear();
    return out;
  }

  /** Replaces everything with the given [runId, lo, hi] rows (loaded from the database). */
  load(rows: Iterable<[string, number, number]>): void {
    this.ranges.clear();
    this.dirty.clear();
    for (const [runId, lo, hi] of rows) {
      const r = this.ranges.get(runId) ?? [];
      r.push(lo, hi);
      this.ranges.set(runId, r);
    }
    for (const r of this.ranges.values()) sortPairs(r);
  }

  pairs(runId: string): Array<[number, number]> {
    const r = this.ranges.get(runId) ?? [];
    const out: Array<[number, number]> = [];
    for (let k = 0; k < r.length; k += 2) out.push([r[k]!, r[k + 1]!]);
    return out;
  }

  /** Inserts `seq`, known to be in no range, before range `i`, merging with its neighbours when adjacent. */
  private insert(r: number[], i: number, seq: number): void {
    const joinsPrev = i > 0 && r[2 * i - 1]! + 1 === seq;
    const joinsNext = 2 * i < r.length && r[2 * i]! - 1 === seq;
    if (joinsPrev && joinsNext) {
      r[2 * i - 1] = r[2 * i + 1]!;
      r.splice(2 * i, 2);
    } else if (joinsPrev) {
      r[2 * i - 1] = seq;
    } else if (joinsNext) {
      r[2 * i] = seq;
    } else {
      r.splice(2 * i, 0, seq, seq);
    }
  }
}

/** The index of the first range whose lo is greater than `seq` (the number of ranges when there is none). */
function firstRangeAbove(r: number[], seq: number): number {
  let lo = 0;
  let hi = r.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (r[2 * mid]! > seq) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function sortPairs(r: number[]): void {
  const pairs: Array<[number, number]> = [];
  for (let k = 0; k < r.length; k += 2) pairs.push([r[k]!, r[k + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  r.length = 0;
  for (const [lo, hi] of pairs) r.push(lo, hi);
}
