/** The virtual clock: timer order, clearing, sync and async advancing, auto-advance and stall detection. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { systemClock, VirtualClock, VirtualClockStallError } from '../../src/orchestrator/engine';

describe('VirtualClock', () => {
  it('fires timers in time order, same-time timers in the order they were set', () => {
    const clock = new VirtualClock({ start: 100 });
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 10);
    clock.setTimeout(() => fired.push(`c@${clock.now()}`), 20);
    clock.setTimeout(() => fired.push(`z@${clock.now()}`), -5);
    clock.advance(15);
    expect(fired).toEqual(['z@100', 'a@110']);
    expect(clock.now()).toBe(115);
    clock.advance(100);
    expect(fired).toEqual(['z@100', 'a@110', 'b@120', 'c@120']);
    expect(clock.now()).toBe(215);
    expect(clock.pendingTimers).toBe(0);
  });

  it('fires any set of timers in (time, creation) order, skipping cleared ones', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(1000), fc.boolean()), { maxLength: 300 }), (specs) => {
        const clock = new VirtualClock();
        const fired: number[] = [];
        const handles = specs.map(([ms], i) => clock.setTimeout(() => fired.push(i), ms));
        specs.forEach(([, clear], i) => clear && clock.clearTimeout(handles[i]));
        clock.advance(1000);
        const expected = specs
          .map(([ms, clear], i) => ({ ms, clear, i }))
          .filter((s) => !s.clear)
          .sort((a, b) => a.ms - b.ms || a.i - b.i)
          .map((s) => s.i);
        expect(fired).toEqual(expected);
      }),
    );
  });

  it('lets promise reactions run between virtual instants with advanceAsync', async () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    const sleep = (ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms));
    const worker = (async () => {
      await sleep(10);
      log.push(`woke@${clock.now()}`);
      await sleep(10);
      log.push(`woke@${clock.now()}`);
    })();
    await clock.advanceAsync(15);
    expect(log).toEqual(['woke@10']);
    expect(clock.now()).toBe(15);
    await clock.advanceAsync(100);
    await worker;
    expect(log).toEqual(['woke@10', 'woke@20']);
    expect(clock.now()).toBe(115);
  });

  it('runUntil resolves with the outcome of the promise, at the virtual time it settled', async () => {
    const clock = new VirtualClock();
    const value = new Promise<string>((resolve) => clock.setTimeout(() => resolve('ok'), 5000));
    clock.setTimeout(() => {}, 9000);
    await expect(clock.runUntil(value)).resolves.toBe('ok');
    expect(clock.now()).toBe(5000);
    const failing = new Promise((_, reject) => clock.setTimeout(() => reject(new Error('no')), 10));
    await expect(clock.runUntil(failing)).rejects.toThrow('no');
  });

  it('lets reactions of any depth, process.nextTick included, set the next timer before time moves on', async () => {
    const clock = new VirtualClock();
    // Background timers keep later instants queued, so a step that ran too early would jump to one of them.
    for (let i = 1; i <= 300; i++) clock.setTimeout(() => {}, 10 * i);
    const woke: number[] = [];
    const chain = (async () => {
      // 200 hops span several batches of instants fired in one event-loop turn.
      for (let i = 0; i < 200; i++) {
        await new Promise<void>((resolve) => clock.setTimeout(resolve, 1));
        await null;
        await new Promise<void>((resolve) => process.nextTick(resolve));
        woke.push(clock.now());
      }
    })();
    await clock.runUntil(chain);
    expect(woke).toEqual(woke.map((_, i) => i + 1));
  });

  it('runUntil rejects instead of hanging when nothing can settle the promise', async () => {
    const clock = new VirtualClock();
    await expect(clock.runUntil(new Promise(() => {}))).rejects.toBeInstanceOf(VirtualClockStallError);
  });

  it('runUntilIdle fires chains of timers until none is left', async () => {
    const clock = new VirtualClock();
    let count = 0;
    const tick = () => {
      if (++count < 50) clock.setTimeout(tick, 100);
    };
    clock.setTimeout(tick, 100);
    await clock.runUntilIdle();
    expect(count).toBe(50);
    expect(clock.now()).toBe(5000);
  });

  it('moves itself in auto-advance mode, so awaiting a timer just works', async () => {
    const clock = new VirtualClock({ autoAdvance: true });
    const at = await new Promise<number>((resolve) => clock.setTimeout(() => resolve(clock.now()), 3_600_000));
    expect(at).toBe(3_600_000);
    const again = await new Promise<number>((resolve) => clock.setTimeout(() => resolve(clock.now()), 1));
    expect(again).toBe(3_600_001);
  });

  it('keeps the heap small when many timers are set and cleared', () => {
    const clock = new VirtualClock();
    for (let i = 0; i < 10_000; i++) clock.clearTimeout(clock.setTimeout(() => {}, 1_000_000));
    const kept = clock.setTimeout(() => {}, 5);
    expect(clock.pendingTimers).toBe(1);
    clock.clearTimeout(kept);
    clock.clearTimeout(kept);
    clock.clearTimeout('not a timer');
    expect(clock.pendingTimers).toBe(0);
    expect(clock.runNext()).toBe(false);
  });
});

describe('systemClock', () => {
  it('reads real time and clears what it sets', () => {
    const before = Date.now();
    expect(systemClock.now()).toBeGreaterThanOrEqual(before);
    let fired = false;
    systemClock.clearTimeout(systemClock.setTimeout(() => (fired = true), 0));
    expect(fired).toBe(false);
  });
});
