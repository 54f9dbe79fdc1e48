/**
 * Runs a callback once per key after the calls for that key have been quiet for `delayMs`: typing in one PRP
 * re-parses it once the person pauses, without delaying work on another file. Free of `vscode`; the timer
 * functions are injectable so tests can drive time.
 */

export interface TimerFunctions {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: TimerFunctions = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class KeyedDebouncer {
  private readonly pending = new Map<string, unknown>();

  /**
   * @param delayMs quiet time before the callback runs.
   * @param timers timer functions; default: the global ones.
   */
  constructor(
    private readonly delayMs: number,
    private readonly timers: TimerFunctions = realTimers,
  ) {}

  /** Schedules `run` for `key`, replacing what was scheduled for it before. */
  schedule(key: string, run: () => void): void {
    this.cancel(key);
    const handle = this.timers.setTimeout(() => {
      this.pending.delete(key);
      run();
    }, this.delayMs);
    this.pending.set(key, handle);
  }

  /** Drops what was scheduled for `key`, if anything. */
  cancel(key: string): void {
    const handle = this.pending.get(key);
    if (handle === undefined) return;
    this.timers.clearTimeout(handle);
    this.pending.delete(key);
  }

  isPending(key: string): boolean {
    return this.pending.has(key);
  }

  dispose(): void {
    for (const handle of this.pending.values()) this.timers.clearTimeout(handle);
    this.pending.clear();
  }
}
