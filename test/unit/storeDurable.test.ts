import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunEvent } from '../../src/orchestrator/model';
import { StoreError } from '../../src/orchestrator/store/errors';
import { listSegments } from '../../src/orchestrator/store/journal';
import type { DurableStore } from '../../src/orchestrator/store/openStore';
import { openStore } from '../../src/orchestrator/store/openStore';
import { recover } from '../../src/orchestrator/store/recovery';
import { listSnapshots } from '../../src/orchestrator/store/snapshot';

let dir: string;

beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'prp-store-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

/** `count` task.progress events of one run, after its run.started. */
function events(count: number, runId = 'r1', from = 1): RunEvent[] {
  const out: RunEvent[] = [];
  for (let seq = from; seq < from + count; seq++) {
    out.push(
      seq === 1
        ? { runId, seq, time: seq, type: 'run.started', title: 't', taskCount: 1, workers: 1 }
        : { runId, seq, time: seq, type: 'task.progress', taskId: 'T1', agent: 'a', message: `m${seq}` },
    );
  }
  return out;
}

const noAuto = { snapshotIntervalMs: 0 };

/** Snapshots write real files: waits for the one under way, whatever a fake clock says. */
async function settleSnapshots(store: DurableStore): Promise<void> {
  const inFlight = () => (store as unknown as { snapshotting?: Promise<unknown> }).snapshotting;
  while (inFlight()) await inFlight()!.catch(() => undefined);
}

describe('durable store', () => {
  it('creates an empty store, then re-opens it with everything published', async () => {
    const s = await openStore({ dir, ...noAuto });
    expect(s.listRuns()).toEqual([]);
    for (const e of events(5)) await s.publish(e);
    await s.close();
    const again = await openStore({ dir, ...noAuto });
    expect(again.events('r1').map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    await again.close();
  });

  it('group-commits concurrent publishes into fewer fsyncs, and all of them are durable', async () => {
    const s = await openStore({ dir, ...noAuto });
    await Promise.all(events(200).map((e) => s.publish(e)));
    expect(s.fsyncCount).toBeLessThan(20);
    expect(s.events('r1')).toHaveLength(200);
    // Re-read from the journal alone: no snapshot was taken, so this proves the lines are on disk.
    expect(await listSnapshots(dir)).toEqual([]);
    const copy = `${dir}-copy`;
    await fsp.cp(dir, copy, { recursive: true });
    await fsp.rm(path.join(copy, 'store.lock'));
    const reader = await openStore({ dir: copy, ...noAuto });
    expect(reader.events('r1')).toHaveLength(200);
    await reader.close();
    await fsp.rm(copy, { recursive: true });
    await s.close();
  });

  it('drops a torn last journal line and truncates it away', async () => {
    const s = await openStore({ dir, ...noAuto });
    for (const e of events(3)) await s.publish(e);
    await s.flush();
    const [seg] = await listSegments(dir);
    await fsp.appendFile(seg!.path, '{"n":4,"event":{"runId":"r1","se');
    // Simulate the crash: the lock belongs to this live process, so release it by closing without a snapshot.
    await fsp.rm(path.join(dir, 'store.lock'));
    const again = await openStore({ dir, ...noAuto });
    expect(again.events('r1').map((e) => e.seq)).toEqual([1, 2, 3]);
    expect((await fsp.readFile(seg!.path, 'utf8')).endsWith('\n')).toBe(true);
    await again.publish(events(1, 'r1', 4)[0]!);
    await again.close();
    const third = await openStore({ dir, ...noAuto });
    expect(third.events('r1').map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    await third.close();
  });

  it('refuses a journal damaged in the middle', async () => {
    const s = await openStore({ dir, ...noAuto });
    for (const e of events(3)) await s.publish(e);
    await s.flush();
    const [seg] = await listSegments(dir);
    const lines = (await fsp.readFile(seg!.path, 'utf8')).split('\n');
    lines[1] = 'garbage';
    await fsp.writeFile(seg!.path, lines.join('\n'));
    await fsp.rm(path.join(dir, 'store.lock'));
    await expect(openStore({ dir, ...noAuto })).rejects.toMatchObject({ reason: 'journal-corrupt' });
  });

  it('snapshots, keeps every journal segment, and falls back to the previous snapshot when the newest is corrupt', async () => {
    const s = await openStore({ dir, ...noAuto, segmentBytes: 600 });
    for (const e of events(10)) await s.publish(e);
    await s.snapshot();
    for (const e of events(10, 'r1', 11)) await s.publish(e);
    await s.snapshot();
    for (const e of events(10, 'r1', 21)) await s.publish(e);
    await s.snapshot();
    for (const e of events(5, 'r1', 31)) await s.publish(e);
    await s.flush();
    const snaps = await listSnapshots(dir);
    expect(snaps.map((x) => x.n)).toEqual([30, 20]);
    // The journal segments are the audit trail: sealed ones stay, from the very first entry on.
    const segs = await listSegments(dir);
    expect(segs.length).toBeGreaterThan(2);
    expect(segs[0]!.firstN).toBe(1);
    await fsp.rm(path.join(dir, 'store.lock'));
    const bytes = await fsp.readFile(snaps[0]!.path);
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff;
    await fsp.writeFile(snaps[0]!.path, bytes);
    const recovered = await recover(dir, false);
    expect(recovered.snapshot?.n).toBe(20);
    expect(recovered.skipped).toEqual([snaps[0]!.path]);
    expect(recovered.appliedN).toBe(35);
    recovered.sql.close();
    const again = await openStore({ dir, ...noAuto });
    expect(again.events('r1').map((e) => e.seq)).toEqual(events(35).map((e) => e.seq));
    expect(again.getRun('r1')?.run.lastSeq).toBe(35);
    await again.close();
  });

  it('never starts empty over data it cannot read', async () => {
    const s = await openStore({ dir, ...noAuto, segmentBytes: 600 });
    for (const e of events(10)) await s.publish(e);
    await s.snapshot();
    for (const e of events(5, 'r1', 11)) await s.publish(e);
    await s.snapshot();
    await s.close();
    for (const snap of await listSnapshots(dir)) await fsp.writeFile(snap.path, 'not a database');
    // With every snapshot unreadable only a journal that starts at entry 1 can rebuild the database.
    const [first, ...rest] = await listSegments(dir);
    expect(rest.length).toBeGreaterThan(0);
    await fsp.rm(first!.path);
    const err = await openStore({ dir, ...noAuto }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).reason).toBe('unreadable');
    expect((err as Error).message).toMatch(/snapshot-0+15\.db/);
    // The refusal changed nothing on disk.
    expect((await listSnapshots(dir)).length).toBe(2);
    expect((await listSegments(dir)).map((x) => x.path)).toEqual(rest.map((x) => x.path));
  });

  it('rebuilds from the journal alone when every snapshot is bad but the journal is whole', async () => {
    const s = await openStore({ dir, ...noAuto });
    for (const e of events(4)) await s.publish(e);
    await s.close();
    for (const snap of await listSnapshots(dir)) await fsp.writeFile(snap.path, 'x');
    const again = await openStore({ dir, ...noAuto });
    expect(again.events('r1')).toHaveLength(4);
    await again.close();
  });

  it('takes automatic snapshots off the publish path', async () => {
    const s = await openStore({ dir, snapshotIntervalMs: 1 });
    for (const e of events(20)) await s.publish(e);
    await new Promise((r) => setTimeout(r, 50));
    await s.snapshot();
    expect((await listSnapshots(dir))[0]?.n).toBe(20);
    await s.close();
  });

  it('takes at most one automatic snapshot per interval, even when events are pending as it falls due', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const s = await openStore({ dir, snapshotIntervalMs: 1000, projectionDelayMs: 100 });
      const settle = () => settleSnapshots(s);
      const log = events(61);
      await s.publish(log[0]!);
      // Projected at 100 ms, which makes the first snapshot due at once.
      await vi.advanceTimersByTimeAsync(100);
      await vi.advanceTimersByTimeAsync(1);
      await settle();
      expect(s.snapshotCount).toBe(1);
      // A batch is always pending: each event is projected 100 ms after it, one comes every 95 ms, and one
      // more while any snapshot is being written.
      for (let k = 1; k < 61; k += 2) {
        await s.publish(log[k]!);
        await vi.advanceTimersByTimeAsync(95);
        await s.publish(log[k + 1]!);
        await settle();
      }
      // 2850 ms later: due again about 1000 and 2000 ms after the first, once each.
      expect(s.snapshotCount).toBe(3);
      await s.close();
      expect((await listSnapshots(dir))[0]?.n).toBe(61);
    } finally {
      vi.useRealTimers();
    }
  });

  it('spaces automatic snapshots out when one held the thread long', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    // Every reading of the monotonic clock is 100 ms after the last: each snapshot seems to block for 100 ms.
    let now = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => (now += 100));
    try {
      const s = await openStore({ dir, snapshotIntervalMs: 1000, projectionDelayMs: 10 });
      const log = events(12);
      await s.publish(log[0]!);
      await vi.advanceTimersByTimeAsync(10);
      await vi.advanceTimersByTimeAsync(1);
      await settleSnapshots(s);
      expect(s.snapshotCount).toBe(1);
      // 50 x 100 ms: the next is due 5 s after the first, not 1 s.
      for (const e of log.slice(1, 10)) {
        await s.publish(e);
        await vi.advanceTimersByTimeAsync(500);
        await settleSnapshots(s);
      }
      expect(s.snapshotCount).toBe(1);
      await s.publish(log[10]!);
      await vi.advanceTimersByTimeAsync(600);
      await settleSnapshots(s);
      expect(s.snapshotCount).toBe(2);
      await s.close();
    } finally {
      clock.mockRestore();
      vi.useRealTimers();
    }
  });

  it('opens read-only beside a writer and refuses to publish', async () => {
    const s = await openStore({ dir, ...noAuto });
    for (const e of events(3)) await s.publish(e);
    await expect(openStore({ dir, ...noAuto })).rejects.toMatchObject({ reason: 'locked', pid: process.pid });
    const r = await openStore({ dir, readOnly: true });
    expect(r.events('r1')).toHaveLength(3);
    expect(() => r.publish(events(1, 'r1', 4)[0]!)).toThrow(/read-only/);
    await r.close();
    await s.close();
  });
});
