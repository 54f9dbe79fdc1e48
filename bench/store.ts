/**
 * Store benchmarks: the cost of publishing one durable event (journal + group commit) at a small and a large
 * database, against the naive design that exports the whole database per event, and the time of one snapshot
 * at 100k events.
 */
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RunEvent } from '../src/orchestrator/model';
import type { DurableStore } from '../src/orchestrator/store/openStore';
import { openStore } from '../src/orchestrator/store/openStore';
import { writeSnapshot } from '../src/orchestrator/store/snapshot';
import type { BenchModule, BenchRow } from './table';
import { renderTable } from './table';

function event(runId: string, seq: number): RunEvent {
  if (seq === 1) return { runId, seq, time: seq, type: 'run.started', title: 'bench', taskCount: 1, workers: 1 };
  return { runId, seq, time: seq, type: 'task.progress', taskId: `T${seq % 50}`, agent: 'coder', message: `step ${seq} of the work` };
}

function stats(samples: number[]): { mean: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return { mean, p95: sorted[Math.floor(sorted.length * 0.95)]! };
}

async function fill(store: DurableStore, count: number): Promise<void> {
  const chunk = 5000;
  for (let from = 1; from <= count; from += chunk) {
    const batch: RunEvent[] = [];
    for (let s = from; s < Math.min(count + 1, from + chunk); s++) batch.push(event('fill', s));
    store.appendEvents(batch);
    await store.flush();
  }
  await store.snapshot();
}

/** Awaits each publish in turn, as an engine that shows every event before the next would. */
async function publishLatency(store: DurableStore, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let seq = 1; seq <= count; seq++) {
    const t = performance.now();
    await store.publish(event('hot', seq));
    samples.push(performance.now() - t);
  }
  return samples;
}

/** The naive design: every event goes into the database, which is then exported and written whole. */
async function naiveLatency(store: DurableStore, dir: string, count: number): Promise<number[]> {
  const sql = (store as unknown as { sql: { appendEvents(e: RunEvent[]): void; export(): Uint8Array } }).sql;
  const samples: number[] = [];
  for (let seq = 1; seq <= count; seq++) {
    const t = performance.now();
    sql.appendEvents([event('naive', seq)]);
    await writeSnapshot(dir, 999_999_999_999, sql.export());
    samples.push(performance.now() - t);
  }
  return samples;
}

async function sizeCase(size: number, label: string): Promise<{ rows: BenchRow[]; store: DurableStore; dir: string }> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'prp-bench-store-'));
  const store = await openStore({ dir });
  await fill(store, size);
  const hot = stats(await publishLatency(store, 2000));
  const naiveDir = path.join(dir, 'naive');
  await fsp.mkdir(naiveDir);
  const naive = stats(await naiveLatency(store, naiveDir, 30));
  const bytes = (store as unknown as { sql: { export(): Uint8Array } }).sql.export().length;
  const mb = (bytes / 1e6).toFixed(1);
  const base = { benchmark: 'store', unit: 'ms' };
  const rows: BenchRow[] = [
    { ...base, case: `publish mean, ${label} (${size} events, ${mb} MB)`, value: hot.mean, baseline: { name: 'export/event', value: naive.mean }, target: '< 0.3 ms', pass: hot.mean < 0.3 },
    { ...base, case: `publish p95, ${label}`, value: hot.p95, baseline: { name: 'export/event', value: naive.p95 }, target: '< 1 ms', pass: hot.p95 < 1 },
  ];
  return { rows, store, dir };
}

/** Many publishes in flight at once: cost per event when group commit shares each fsync. */
async function burstRow(store: DurableStore): Promise<BenchRow> {
  const count = 5000;
  const before = store.fsyncCount;
  const t = performance.now();
  const pending: Promise<void>[] = [];
  for (let seq = 1; seq <= count; seq++) pending.push(store.publish(event('burst', seq)));
  await Promise.all(pending);
  const perEvent = (performance.now() - t) / count;
  const fsyncs = store.fsyncCount - before;
  return { benchmark: 'store', case: `publish burst of ${count}, per event (${fsyncs} fsyncs)`, value: perEvent, unit: 'ms', target: '< 0.3 ms', pass: perEvent < 0.3 };
}

async function snapshotRows(store: DurableStore): Promise<BenchRow[]> {
  const sql = (store as unknown as { sql: { export(): Uint8Array } }).sql;
  const exports: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    sql.export();
    exports.push(performance.now() - t);
  }
  const full: number[] = [];
  for (let i = 0; i < 3; i++) {
    store.publish(event('snap', i + 1)).catch(() => undefined);
    await store.flush();
    const t = performance.now();
    await store.snapshot();
    full.push(performance.now() - t);
  }
  const base = { benchmark: 'store', unit: 'ms', target: '< 30 ms' };
  const e = stats(exports).mean;
  const f = stats(full).mean;
  return [
    { ...base, case: 'snapshot at 100k events: sql.js export (blocks)', value: e, pass: e < 30 },
    { ...base, case: 'snapshot at 100k events: export+write+fsync+rename', value: f, pass: f < 30 },
  ];
}

export const run: BenchModule = async () => {
  const small = await sizeCase(1000, 'small');
  const rows = [...small.rows, await burstRow(small.store)];
  await small.store.close();
  await fsp.rm(small.dir, { recursive: true, force: true });
  const large = await sizeCase(100_000, 'large');
  rows.push(...large.rows, await burstRow(large.store), ...(await snapshotRows(large.store)));
  await large.store.close();
  await fsp.rm(large.dir, { recursive: true, force: true });
  return rows;
};

if (process.argv[1]?.endsWith('store.ts')) {
  run().then((rows) => console.log(renderTable(rows)));
}
