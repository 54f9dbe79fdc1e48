import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/orchestrator/model';
import { StoreError } from '../../src/orchestrator/store/errors';
import { listSegments, segmentPath } from '../../src/orchestrator/store/journal';
import { openStore } from '../../src/orchestrator/store/openStore';
import { listSnapshots, readSnapshot, writeSnapshot } from '../../src/orchestrator/store/snapshot';
import { SqlStore } from '../../src/orchestrator/store/sqlStore';

let dir: string;

beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'prp-store-seg-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

const noAuto = { snapshotIntervalMs: 0 };

function progress(runId: string, seq: number): RunEvent {
  if (seq === 1) return { runId, seq, time: seq, type: 'run.started', title: runId, taskCount: 2, workers: 1 };
  return { runId, seq, time: seq, type: 'task.progress', taskId: 'T1', agent: 'a', message: `line ${seq} ${'x'.repeat(seq % 40)}` };
}

/** Events of runs r1 and r2 interleaved, seq 1..count each. */
function interleaved(count: number, from = 1): RunEvent[] {
  const out: RunEvent[] = [];
  for (let seq = from; seq < from + count; seq++) out.push(progress('r1', seq), progress('r2', seq));
  return out;
}

const seqs = (events: RunEvent[]) => events.map((e) => e.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);

/** Leaves the store as a crash would: no close, no final snapshot, and the lock released for the next opener. */
async function crash(): Promise<void> {
  await fsp.rm(path.join(dir, 'store.lock'), { force: true });
}

describe('journal segments as the audit trail', () => {
  it('keeps every event across sealed segments, per run, in seq order, before and after re-opening', async () => {
    const s = await openStore({ dir, ...noAuto, segmentBytes: 1000 });
    await Promise.all(interleaved(60).map((e) => s.publish(e)));
    for (const e of interleaved(40, 61)) await s.publish(e);
    expect((await listSegments(dir)).length).toBeGreaterThan(5);
    expect(seqs(s.events('r1'))).toEqual(range(1, 100));
    expect(seqs(s.events('r2', 95))).toEqual(range(96, 100));
    expect(s.events('r2')[41]).toEqual(progress('r2', 42));
    expect(s.events('nope')).toEqual([]);
    await s.close();
    const again = await openStore({ dir, readOnly: true });
    expect(seqs(again.events('r1'))).toEqual(range(1, 100));
    expect(again.getRun('r2')?.run.lastSeq).toBe(100);
    await again.close();
  });

  it('shows a published event to every read at once, before its batch reaches the database', async () => {
    const s = await openStore({ dir, ...noAuto });
    await s.publish(progress('r1', 1));
    expect(s.listRuns().map((r) => r.runId)).toEqual(['r1']);
    await s.publish(progress('r1', 2));
    expect(seqs(s.events('r1'))).toEqual([1, 2]);
    expect(s.getRun('r1')?.run.lastSeq).toBe(2);
    await s.close();
  });

  it('recovers from a snapshot plus the journal after it, across sealed segments, after a crash', async () => {
    const s = await openStore({ dir, ...noAuto, segmentBytes: 800 });
    for (const e of interleaved(30)) await s.publish(e);
    await s.snapshot();
    for (const e of interleaved(30, 31)) await s.publish(e);
    await s.flush();
    await crash();
    const again = await openStore({ dir, ...noAuto, segmentBytes: 800 });
    expect(seqs(again.events('r1'))).toEqual(range(1, 60));
    expect(seqs(again.events('r2'))).toEqual(range(1, 60));
    expect(again.getRun('r1')?.tasks.map((t) => t.taskId)).toEqual(['T1']);
    // The next entry continues the numbering, so nothing published before the crash is shadowed.
    await again.publish(progress('r1', 61));
    await again.close();
    const third = await openStore({ dir, readOnly: true });
    expect(seqs(third.events('r1'))).toEqual(range(1, 61));
    await third.close();
  });

  it('keeps the audit trail out of snapshots, so they do not grow with every event', async () => {
    const s = await openStore({ dir, ...noAuto });
    for (const e of interleaved(50)) await s.publish(e);
    const small = (await s.snapshot())!;
    await Promise.all(interleaved(2000, 51).map((e) => s.publish(e)));
    const large = (await s.snapshot())!;
    const sizeOf = async (file: string) => (await fsp.stat(file)).size;
    expect(await sizeOf(large.path)).toBeLessThanOrEqual((await sizeOf(small.path)) + 4096);
    const db = await SqlStore.create((await readSnapshot(large.path))!);
    expect(db.db.exec('SELECT COUNT(*) FROM events')[0]!.values[0]![0]).toBe(0);
    db.close();
    expect(s.events('r1')).toHaveLength(2050);
    await s.close();
  });

  it('drops a torn last line after a snapshot that ends inside the same segment', async () => {
    const s = await openStore({ dir, ...noAuto });
    for (const e of interleaved(5)) await s.publish(e);
    await s.snapshot();
    for (const e of interleaved(3, 6)) await s.publish(e);
    await s.flush();
    const segs = await listSegments(dir);
    await fsp.appendFile(segs[segs.length - 1]!.path, '{"n":17,"r":"r1","event":{"runId":"r1","se');
    await crash();
    const reader = await openStore({ dir, readOnly: true });
    expect(seqs(reader.events('r1'))).toEqual(range(1, 8));
    await reader.close();
    const again = await openStore({ dir, ...noAuto });
    expect(seqs(again.events('r2'))).toEqual(range(1, 8));
    await again.publish(progress('r1', 9));
    expect(seqs(again.events('r1'))).toEqual(range(1, 9));
    await again.close();
  });

  it('says so, rather than returning part of a run, when a segment holding it is missing', async () => {
    const s = await openStore({ dir, ...noAuto, segmentBytes: 500 });
    for (const e of interleaved(20)) await s.publish(e);
    await s.close();
    const [first] = await listSegments(dir);
    await fsp.rm(first!.path);
    const again = await openStore({ dir, readOnly: true });
    const err = (() => {
      try {
        again.events('r1');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).reason).toBe('journal-corrupt');
    expect((err as Error).message).toContain(path.basename(first!.path));
    await again.close();
  });

  it('ignores an event published twice, also after a snapshot and a re-open', async () => {
    const done: RunEvent = { runId: 'r1', seq: 2, time: 2, type: 'task.succeeded', taskId: 'T1', agent: 'a', attempt: 1, durationMs: 10, costUsd: 1 };
    const s = await openStore({ dir, ...noAuto });
    await s.publish(progress('r1', 1));
    await s.publish(done);
    await s.publish(done);
    expect(s.agentStats()).toEqual([{ agent: 'a', attempts: 1, successes: 1, meanDurationMs: 10 }]);
    expect(seqs(s.events('r1'))).toEqual([1, 2]);
    await s.close();
    const again = await openStore({ dir, ...noAuto });
    await again.publish(done);
    await again.publish({ ...progress('r1', 3) });
    expect(again.agentStats()[0]!.successes).toBe(1);
    expect(seqs(again.events('r1'))).toEqual([1, 2, 3]);
    expect(again.getRun('r1')?.tasks[0]?.costUsd).toBe(1);
    await again.close();
  });

  it('shows a reader what was durable when it opened, never a line still being written', async () => {
    const s = await openStore({ dir, ...noAuto });
    for (const e of interleaved(10)) await s.publish(e);
    const reader = await openStore({ dir, readOnly: true });
    for (const e of interleaved(10, 11)) await s.publish(e);
    expect(seqs(reader.events('r1'))).toEqual(range(1, 10));
    expect(reader.getRun('r1')?.run.lastSeq).toBe(10);
    await reader.close();
    const later = await openStore({ dir, readOnly: true });
    expect(seqs(later.events('r1'))).toEqual(range(1, 20));
    await later.close();
    await s.close();
  });

  it('reads a store written before the audit trail moved to the journal (schema 1)', async () => {
    // A schema-1 database: event rows in the table, no run_seqs or run_segments, and an old-style journal.
    const old = await SqlStore.create();
    old.appendEvents(range(1, 5).map((seq) => progress('r1', seq)));
    old.db.run('DROP TABLE run_seqs; DROP TABLE run_segments; DELETE FROM schema_version WHERE version > 1');
    old.setMeta('journal_n', '5');
    await writeSnapshot(dir, 5, old.export());
    old.close();
    const lines = range(4, 7).map((seq) => `${JSON.stringify({ n: seq, event: progress('r1', seq) })}\n`);
    await fsp.writeFile(segmentPath(dir, 4), lines.join(''));
    const s = await openStore({ dir, ...noAuto });
    expect(seqs(s.events('r1'))).toEqual(range(1, 7));
    expect(seqs(s.events('r1', 5))).toEqual([6, 7]);
    // Seqs recorded in the old table are still known, so a repeat is ignored.
    await s.publish(progress('r1', 3));
    await s.publish(progress('r1', 8));
    expect(seqs(s.events('r1'))).toEqual(range(1, 8));
    expect(s.getRun('r1')?.run.lastSeq).toBe(8);
    await s.close();
    expect((await listSnapshots(dir))[0]?.n).toBe(9);
  });
});
