/**
 * The engine reads time and sets timers only through this port, so tests and benchmarks can run on a
 * virtual clock (see VirtualClock) and never sleep for real.
 */
export interface Clock {
  /** Milliseconds since the epoch (or since the virtual clock's start). */
  now(): number;
  /** Calls `fn` once after `ms` milliseconds; returns a handle for `clearTimeout`. */
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Real time and Node's timers. The timers stay ref'd on purpose: a retry waiting out its backoff is the only
 * thing keeping a headless run alive, and the engine clears every timer it set when the run finishes.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
