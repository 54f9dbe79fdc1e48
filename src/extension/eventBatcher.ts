/**
 * Collects items (run events) and hands them over in one batch per tick, so a burst of a hundred events a
 * second becomes about twenty view updates, not a hundred.
 */
export interface BatchTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const REAL_TIMERS: BatchTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Default coalescing window in ms: short enough to look live, long enough to merge a burst. */
export const DEFAULT_BATCH_MS = 50;

export class EventBatcher<T> {
  private pending: T[] = [];
  private timer: unknown;
  private disposed = false;

  /**
   * @param deliver receives each non-empty batch, in arrival order.
   * @param delayMs the longest an item waits before delivery. Default {@link DEFAULT_BATCH_MS}.
   */
  constructor(
    private readonly deliver: (items: T[]) => void,
    private readonly delayMs = DEFAULT_BATCH_MS,
    private readonly timers: BatchTimers = REAL_TIMERS,
  ) {}

  push(item: T): void {
    if (this.disposed) return;
    this.pending.push(item);
    if (this.timer === undefined) this.timer = this.timers.setTimeout(() => this.flush(), this.delayMs);
  }

  /** Delivers what is waiting now, e.g. when the run ends, so the last state is not a tick late. */
  flush(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.deliver(batch);
  }

  /** Drops what is waiting and stops accepting more. */
  dispose(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
    this.disposed = true;
  }
}
