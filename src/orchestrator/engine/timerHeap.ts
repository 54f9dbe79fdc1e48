/** One timer of the virtual clock; also the handle `setTimeout` returns. */
export interface VirtualTimer {
  readonly time: number;
  /** Creation order: timers due at the same time fire in the order they were set, as Node's do. */
  readonly seq: number;
  /** Null once the timer fired or was cleared, which also releases the closure. */
  fn: (() => void) | null;
}

/**
 * A binary min-heap of timers ordered by (time, seq). Cleared timers stay in the heap until they reach the
 * top (lazy deletion keeps `clear` O(1)); when they outnumber the live ones the heap is rebuilt, so a run
 * that sets and clears a timeout per task does not grow the heap without bound.
 */
export class TimerHeap {
  private items: VirtualTimer[] = [];
  private liveCount = 0;

  get size(): number {
    return this.liveCount;
  }

  push(timer: VirtualTimer): void {
    this.items.push(timer);
    this.liveCount += 1;
    this.siftUp(this.items.length - 1);
  }

  /** Marks a timer dead; it is dropped when it surfaces. */
  clear(timer: VirtualTimer): void {
    if (timer.fn === null) return;
    timer.fn = null;
    this.liveCount -= 1;
    if (this.items.length > 64 && this.items.length > 4 * this.liveCount) this.compact();
  }

  /** The earliest live timer, without removing it. */
  peek(): VirtualTimer | undefined {
    this.dropDead();
    return this.items[0];
  }

  /** Removes and returns the earliest live timer; the caller runs it. */
  pop(): VirtualTimer | undefined {
    this.dropDead();
    const top = this.items[0];
    if (top === undefined) return undefined;
    this.removeTop();
    this.liveCount -= 1;
    return top;
  }

  private dropDead(): void {
    while (this.items.length > 0 && this.items[0]!.fn === null) this.removeTop();
  }

  private removeTop(): void {
    const last = this.items.pop()!;
    if (this.items.length === 0) return;
    this.items[0] = last;
    this.siftDown(0);
  }

  private compact(): void {
    this.items = this.items.filter((t) => t.fn !== null);
    for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private siftUp(index: number): void {
    const items = this.items;
    const item = items[index]!;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, items[parent]!)) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = item;
  }

  private siftDown(index: number): void {
    const items = this.items;
    const n = items.length;
    const item = items[index]!;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && before(items[right]!, items[left]!) ? right : left;
      if (!before(items[child]!, item)) break;
      items[i] = items[child]!;
      i = child;
    }
    items[i] = item;
  }
}

function before(a: VirtualTimer, b: VirtualTimer): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
