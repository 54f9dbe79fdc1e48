import { priorityOrder } from './priorityOrder';

/**
 * The queue of ready tasks, by task index. Each task is in the queue at most once at a time, so both
 * implementations use fixed typed arrays sized to the graph and never allocate while the run goes on.
 */
export interface ReadyQueue {
  readonly size: number;
  push(task: number): void;
  /** The next task to start, or -1 when empty. */
  pop(): number;
  clear(): void;
}

/**
 * Critical-path-first: the ready task with the largest bottom level (the longest estimated path from its
 * start to the end of the graph) comes out first; ties go to the task that comes first in the graph, so
 * runs are deterministic.
 *
 * The keys never change, so every task's place in that order (its rank) is computed once, and the queue is
 * a set of ranks: a bitmap with one bit per rank and, above it, levels with one bit per non-empty word of
 * the level below. push sets at most one bit per level; pop follows the lowest set bit down from the
 * single top word. At 100k tasks that is four small words per operation, in 13 kB that stay in cache,
 * where a heap holding the tens of thousands of tasks that are ready at the start of a large run missed
 * the cache on most of its levels.
 */
export class PriorityReadyQueue implements ReadyQueue {
  /** Task index by rank. */
  private readonly order: Int32Array;
  /** Rank by task index. */
  private readonly rank: Int32Array;
  /** levels[0] has bit r set when rank r is queued; levels[l + 1] has bit w set when levels[l][w] is not 0. */
  private readonly levels: Uint32Array[] = [];
  private count = 0;

  /** `keys`: each task's bottom level, non-negative (not −0) or +Infinity. */
  constructor(keys: Float64Array) {
    this.order = priorityOrder(keys);
    this.rank = new Int32Array(keys.length);
    for (let r = 0; r < this.order.length; r++) this.rank[this.order[r]!] = r;
    let bits = Math.max(1, keys.length);
    do {
      bits = Math.ceil(bits / 32);
      this.levels.push(new Uint32Array(bits));
    } while (bits > 1);
  }

  get size(): number {
    return this.count;
  }

  push(task: number): void {
    let position = this.rank[task]!;
    for (const level of this.levels) {
      const word = position >>> 5;
      const before = level[word]!;
      level[word] = before | (1 << (position & 31));
      // The word was already non-empty, so every level above already has its bit.
      if (before !== 0) break;
      position = word;
    }
    this.count += 1;
  }

  pop(): number {
    if (this.count === 0) return -1;
    const levels = this.levels;
    let position = 0;
    for (let l = levels.length - 1; l >= 0; l--) position = (position << 5) | lowestBit(levels[l]![position]!);
    const rank = position;
    for (const level of levels) {
      const word = position >>> 5;
      const after = level[word]! & ~(1 << (position & 31));
      level[word] = after;
      // Bits remain in this word, so the levels above keep theirs.
      if (after !== 0) break;
      position = word;
    }
    this.count -= 1;
    return this.order[rank]!;
  }

  clear(): void {
    for (const level of this.levels) level.fill(0);
    this.count = 0;
  }
}

/** The index of the lowest set bit of a non-zero 32-bit word. */
function lowestBit(word: number): number {
  return 31 - Math.clz32(word & -word);
}

/** First ready, first started: the baseline order for benchmarks. A ring buffer over task indexes. */
export class FifoReadyQueue implements ReadyQueue {
  private readonly ring: Int32Array;
  private head = 0;
  private count = 0;

  constructor(capacity: number) {
    this.ring = new Int32Array(Math.max(1, capacity));
  }

  get size(): number {
    return this.count;
  }

  push(task: number): void {
    this.ring[(this.head + this.count) % this.ring.length] = task;
    this.count += 1;
  }

  pop(): number {
    if (this.count === 0) return -1;
    const task = this.ring[this.head]!;
    this.head = (this.head + 1) % this.ring.length;
    this.count -= 1;
    return task;
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }
}
