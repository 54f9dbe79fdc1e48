import { promises as fsp } from 'node:fs';
import type { AgentStats, RunEvent } from '../model';
import { StoreError } from './errors';
import type { JournalEntry } from './journal';
import { Journal } from './journal';
import type { WriterLock } from './lock';
import { acquireLock } from './lock';
import { compactJournal, recover } from './recovery';
import type { SnapshotFile } from './snapshot';
import { pruneSnapshots, writeSnapshot } from './snapshot';
import type { SqlStore } from './sqlStore';
import type { RunDetail, RunRecord, Store } from './types';

export interface OpenStoreOptions {
  /** The store folder (journal segments, snapshots, lock file); created when missing. */
  dir: string;
  /** Open without taking the writer lock: reads work, publishing throws. Default false. */
  readOnly?: boolean;
  /** Least time between two automatic snapshots, in ms. Default 1000. 0 disables automatic snapshots. */
  snapshotIntervalMs?: number;
  /** How many snapshots to keep, so a damaged newest one can fall back. Default 2, minimum 2. */
  keepSnapshots?: number;
}

/** Opens (or creates) the durable store in `dir`, recovering from its snapshots and journal. */
export async function openStore(options: OpenStoreOptions): Promise<DurableStore> {
  const readOnly = options.readOnly ?? false;
  await fsp.mkdir(options.dir, { recursive: true });
  const lock = readOnly ? undefined : acquireLock(options.dir);
  try {
    const recovered = await recover(options.dir, !readOnly);
    return new DurableStore(options, recovered.sql, recovered.appliedN, lock);
  } catch (err) {
    lock?.release();
    throw err;
  }
}

/**
 * The Store with durability: `publish` resolves only once the event is in the fsynced journal, and the database
 * is snapshotted in the background at most once per interval, after which covered journal segments go.
 */
export class DurableStore implements Store {
  private readonly journal: Journal;
  private readonly intervalMs: number;
  private readonly keep: number;
  private appliedN: number;
  private snapshotN: number;
  private lastSnapshotAt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private snapshotting: Promise<SnapshotFile | undefined> | undefined;
  private failure: unknown;
  private closed = false;

  constructor(
    private readonly options: OpenStoreOptions,
    private readonly sql: SqlStore,
    appliedN: number,
    private readonly lock: WriterLock | undefined,
  ) {
    this.appliedN = appliedN;
    this.snapshotN = appliedN;
    this.intervalMs = options.snapshotIntervalMs ?? 1000;
    this.keep = Math.max(2, options.keepSnapshots ?? 2);
    this.journal = new Journal(options.dir, appliedN + 1, (entries) => this.applyDurable(entries));
  }

  get readOnly(): boolean {
    return this.lock === undefined;
  }

  /** Write+fsync rounds so far; concurrent publishes share one. */
  get fsyncCount(): number {
    return this.journal.fsyncs;
  }

  /** Journals the event; resolves once it is on disk, after which it may be shown to anyone. */
  publish(event: RunEvent): Promise<void> {
    this.assertWritable();
    return this.journal.append(event);
  }

  /** The Store port's synchronous form: journals without waiting; a write error surfaces on the next call. */
  appendEvents(events: readonly RunEvent[]): void {
    this.assertWritable();
    for (const e of events) {
      this.journal.append(e).catch((err: unknown) => {
        this.failure ??= err;
      });
    }
  }

  /** Waits until every event published so far is durable and in the database. */
  async flush(): Promise<void> {
    await this.journal.drain();
  }

  listRuns(): RunRecord[] {
    return this.sql.listRuns();
  }

  getRun(runId: string): RunDetail | undefined {
    return this.sql.getRun(runId);
  }

  events(runId: string, afterSeq?: number): RunEvent[] {
    return this.sql.events(runId, afterSeq);
  }

  agentStats(): AgentStats[] {
    return this.sql.agentStats();
  }

  /** Writes a snapshot now (unless nothing changed since the last one) and compacts the journal. */
  async snapshot(): Promise<SnapshotFile | undefined> {
    while (this.snapshotting) await this.snapshotting;
    if (this.readOnly || this.appliedN === this.snapshotN) return undefined;
    this.snapshotting = this.writeSnapshotNow().finally(() => (this.snapshotting = undefined));
    return this.snapshotting;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    try {
      if (!this.readOnly) {
        await this.journal.close();
        await this.snapshot();
      }
    } finally {
      this.sql.close();
      this.lock?.release();
    }
  }

  private async writeSnapshotNow(): Promise<SnapshotFile> {
    const n = this.appliedN;
    this.sql.setMeta('journal_n', String(n));
    const bytes = this.sql.export();
    // Export and rotation happen in one tick, so later entries land in a segment the snapshot does not cover.
    this.journal.rotate();
    this.lastSnapshotAt = Date.now();
    const file = await writeSnapshot(this.options.dir, n, bytes);
    this.snapshotN = n;
    const kept = await pruneSnapshots(this.options.dir, this.keep);
    await compactJournal(this.options.dir, kept[kept.length - 1]?.n ?? 0);
    return file;
  }

  private applyDurable(entries: JournalEntry[]): void {
    this.sql.appendEvents(entries.map((e) => e.event));
    this.appliedN = entries[entries.length - 1]!.n;
    this.scheduleSnapshot();
  }

  private scheduleSnapshot(): void {
    if (this.timer || this.intervalMs <= 0 || this.closed) return;
    const wait = Math.max(0, this.lastSnapshotAt + this.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.snapshot().catch((err: unknown) => {
        this.failure ??= err;
      });
    }, wait);
    this.timer.unref?.();
  }

  private assertWritable(): void {
    if (this.failure) throw this.failure;
    if (this.closed) throw new StoreError('closed', 'The store is closed; open it again to write.');
    if (this.readOnly) {
      throw new StoreError('read-only', `The store in ${this.options.dir} is open read-only; another process holds the writer lock.`);
    }
  }
}
