import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/orchestrator/model';
import { StoreError } from '../../src/orchestrator/store/errors';
import { listSegments } from '../../src/orchestrator/store/journal';
import { openStore } from '../../src/orchestrator/store/openStore';
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

  it('snapshots, compacts the journal, and falls back to the previous snapshot when the newest is corrupt', async () => {
    const s = await openStore({ dir, ...noAuto });
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
    // Segments only the deleted snapshot covered are gone; what the older kept one needs is still there.
    const segs = await listSegments(dir);
    expect(segs[0]!.firstN).toBeGreaterThan(1);
    expect(segs[0]!.firstN).toBeLessThanOrEqual(21);
    await fsp.rm(path.join(dir, 'store.lock'));
    const bytes = await fsp.readFile(snaps[0]!.path);
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff;
    await fsp.writeFile(snaps[0]!.path, bytes);
    const again = await openStore({ dir, ...noAuto });
    expect(again.events('r1').map((e) => e.seq)).toEqual(events(35).map((e) => e.seq));
    await again.close();
  });

  it('never starts empty over data it cannot read', async () => {
    const s = await openStore({ dir, ...noAuto });
    for (const e of events(10)) await s.publish(e);
    await s.snapshot();
    for (const e of events(5, 'r1', 11)) await s.publish(e);
    await s.snapshot();
    await s.close();
    for (const snap of await listSnapshots(dir)) await fsp.writeFile(snap.path, 'not a database');
    const err = await openStore({ dir, ...noAuto }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).reason).toBe('unreadable');
    expect((err as Error).message).toMatch(/snapshot-0+15\.db/);
    // The refusal changed nothing on disk.
    expect((await listSnapshots(dir)).length).toBe(2);
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
