import type { Clock } from './clock';
import { TimerHeap, type VirtualTimer } from './timerHeap';

export interface VirtualClockOptions {
  /** The virtual time at creation, in milliseconds. Default 0. */
  start?: number;
  /**
   * When true, the clock moves itself: whenever timers are pending and the program has nothing else to do
   * (the microtask queue is empty), it jumps to the next timer and fires it. Then `await handle.done` just
   * works. Default false: time moves only when `advance`, `runUntil` or `runUntilIdle` is called.
   */
  autoAdvance?: boolean;
}

/** Raised by `runUntil` when the awaited promise can never settle: it is pending and no timer is left. */
export class VirtualClockStallError extends Error {
  readonly reason = 'stalled';
  constructor() {
    super('VirtualClock.runUntil: the promise is still pending but no timer is left to fire, so it would wait forever. Something is waiting on real I/O or on a promise nobody resolves.');
    this.name = 'VirtualClockStallError';
  }
}

/** How many empty event-loop turns prove that nothing but timers can make progress. */
const IDLE_TURNS = 2;

/** Most virtual instants fired in one event-loop turn (see VirtualClock). */
const STEPS_PER_TURN = 64;

/**
 * A clock whose time moves only when told to, for deterministic tests and fast benchmarks.
 *
 * Timers live in a binary heap. The async drivers fire one virtual instant (every timer due at the earliest
 * time) per `setImmediate` callback. Node drains process.nextTick callbacks and microtasks between any two
 * immediates, so by the next instant every reaction the previous timers caused has run, and one that sets a
 * new, earlier timer is seen before time jumps past it.
 *
 * The drivers queue their immediates in batches of up to STEPS_PER_TURN, which Node runs in one event-loop
 * turn: a whole turn (poll for I/O included) per instant cost about 1.5 µs more on Node 20, most of a
 * 100k-timer simulation's time. While instants keep firing, I/O is thus polled every STEPS_PER_TURN
 * instants instead of every one; an instant with nothing to fire still waits whole turns, as before.
 */
export class VirtualClock implements Clock {
  private current: number;
  private seq = 0;
  private readonly timers = new TimerHeap();
  private readonly autoAdvance: boolean;
  private pumping = false;

  constructor(options: VirtualClockOptions = {}) {
    this.current = options.start ?? 0;
    this.autoAdvance = options.autoAdvance ?? false;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): VirtualTimer {
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    const timer: VirtualTimer = { time: this.current + delay, seq: this.seq++, fn };
    this.timers.push(timer);
    if (this.autoAdvance && !this.pumping) this.startPump();
    return timer;
  }

  clearTimeout(handle: unknown): void {
    if (handle !== null && typeof handle === 'object' && 'seq' in handle) this.timers.clear(handle as VirtualTimer);
  }

  /** How many timers are set and not yet fired or cleared. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /**
   * Moves time forward by `ms`, firing every timer due on the way, synchronously and in order. Promise
   * reactions those timers cause run only after this returns; use `advanceAsync` when they matter.
   */
  advance(ms: number): void {
    const target = this.current + Math.max(0, ms);
    for (let next = this.timers.peek(); next !== undefined && next.time <= target; next = this.timers.peek()) {
      this.fire(this.timers.pop()!);
    }
    this.current = target;
  }

  /** Like `advance`, but lets promise reactions run after each virtual instant. */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.current + Math.max(0, ms);
    await this.drive(() => {
      const next = this.timers.peek();
      return next === undefined || next.time > target;
    }, 'resolve');
    this.current = Math.max(this.current, target);
  }

  /** Fires the timers of the next virtual instant synchronously; false when no timer is pending. */
  runNext(): boolean {
    const first = this.timers.peek();
    if (first === undefined) return false;
    const instant = first.time;
    const seqLimit = this.seq;
    for (let next = this.timers.peek(); next !== undefined && next.time === instant && next.seq < seqLimit; next = this.timers.peek()) {
      this.fire(this.timers.pop()!);
    }
    return true;
  }

  /** Advances until no timer is left and nothing else is pending. */
  runUntilIdle(): Promise<void> {
    return this.drive(() => false, 'resolve');
  }

  /** Advances until `promise` settles and returns its outcome; rejects with VirtualClockStallError if it never can. */
  async runUntil<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    const onSettled = (): void => {
      settled = true;
    };
    promise.then(onSettled, onSettled);
    await this.drive(() => settled, 'reject');
    return promise;
  }

  private fire(timer: VirtualTimer): void {
    if (timer.time > this.current) this.current = timer.time;
    const fn = timer.fn!;
    timer.fn = null;
    fn();
  }

  /**
   * Virtual instants until `done()`, up to STEPS_PER_TURN per event-loop turn; after IDLE_TURNS + 1 whole
   * turns with nothing to fire, resolve or reject as `onStall` says.
   */
  private drive(done: () => boolean, onStall: 'resolve' | 'reject'): Promise<void> {
    return new Promise((resolve, reject) => {
      let idleTurns = 0;
      const step = (): boolean => {
        try {
          if (done()) resolve();
          else if (this.runNext()) {
            idleTurns = 0;
            return true;
          } else if (++idleTurns <= IDLE_TURNS) this.inTurns(step);
          else if (onStall === 'resolve') resolve();
          else reject(new VirtualClockStallError());
        } catch (error) {
          reject(error);
        }
        return false;
      };
      this.inTurns(step);
    });
  }

  /** The auto-advance loop: runs while timers are pending and stops itself when none are left. */
  private startPump(): void {
    this.pumping = true;
    this.inTurns(() => {
      if (this.runNext()) return true;
      this.pumping = false;
      return false;
    });
  }

  /**
   * Calls `step` once per setImmediate, STEPS_PER_TURN queued at a time (Node runs them all in the next
   * turn, with microtasks drained between each), for as long as it returns true. A step that returns false
   * ends the batch; the rest of its immediates do nothing. It may start a new batch itself, which then runs
   * a whole turn later.
   */
  private inTurns(step: () => boolean): void {
    let left = STEPS_PER_TURN;
    let stopped = false;
    const next = (): void => {
      if (stopped) return;
      left -= 1;
      if (!step()) stopped = true;
      else if (left === 0) this.inTurns(step);
    };
    for (let i = 0; i < STEPS_PER_TURN; i++) setImmediate(next);
  }
}
