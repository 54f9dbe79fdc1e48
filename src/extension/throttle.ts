/**
 * Runs a refresh at most once per interval per key, and always once more after the last request, so a view
 * follows a steady stream of changes (unlike a debounce, which would wait for the stream to stop).
 */
export class KeyedThrottle {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly pending = new Map<string, () => void>();

  /** @param intervalMs least time between two runs of one key. */
  constructor(private readonly intervalMs: number) {}

  schedule(key: string, run: () => void): void {
    this.pending.set(key, run);
    if (this.timers.has(key)) return;
    this.fire(key);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.pending.clear();
  }

  private fire(key: string): void {
    const run = this.pending.get(key);
    this.pending.delete(key);
    if (!run) {
      this.timers.delete(key);
      return;
    }
    run();
    this.timers.set(
      key,
      setTimeout(() => this.fire(key), this.intervalMs),
    );
  }
}
