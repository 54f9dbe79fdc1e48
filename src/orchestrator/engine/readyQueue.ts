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
 * Critical-path-first: a binary max-heap on each task's bottom level (the longest estimated path from its
 * start to the end of the graph). Ties go to the task that comes first in the graph, so runs are
 * deterministic. push and pop are O(log n); nothing scans the queue.
 */
export class PriorityReadyQueue implements ReadyQueue {
  private readonly heap: Int32Array;
  private count = 0;

  constructor(private readonly keys: Float64Array) {
    this.heap = new Int32Array(Math.max(1, keys.length));
  }

  get size(): number {
    return this.count;
  }

  push(task: number): void {
    let i = this.count++;
    const heap = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(task, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = task;
  }

  pop(): number {
    if (this.count === 0) return -1;
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap[--this.count]!;
    const n = this.count;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && this.before(heap[right]!, heap[left]!) ? right : left;
      if (!this.before(heap[child]!, last)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }

  clear(): void {
    this.count = 0;
  }

  private before(a: number, b: number): boolean {
    const ka = this.keys[a]!;
    const kb = this.keys[b]!;
    return ka > kb || (ka === kb && a < b);
  }
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
