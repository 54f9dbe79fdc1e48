import { promises as fsp } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { AgentStats, RunEvent } from '../model';
import { inSeqOrder, readRunEvents } from './auditTrail';
import { StoreError } from './errors';
import type { JournalEntry, JournalPosition } from './journal';
import { Journal, formatPosition } from './journal';
import type { WriterLock } from './lock';
import { acquireLock } from './lock';
import type { Recovered } from './recovery';
import { recover } from './recovery';
import type { SnapshotFile } from './snapshot';
import { pruneSnapshots, writeSnapshot } from './snapshot';
import type { JournaledEvent, SqlStore } from './sqlStore';
import type { RunDetail, RunRecord, Store } from './types';

export interface OpenStoreOptions {
  /** The store folder (journal segments, snapshots, lock file); created when missing. */
  dir: string;
  /** Open without taking the writer lock: reads work, publishing throws. Default false. */
  readOnly?: boolean;
  /**
   * Least time between two automatic snapshots, in ms. Default 1000. 0 disables automatic snapshots. When a
   * snapshot held the thread for more than 2% of this, the next waits longer, so snapshots of a large database
   * never take more than about 2% of the thread.
   */
  snapshotIntervalMs?: number;
  /** How many snapshots to keep, so a damaged newest one can fall back. Default 2, minimum 2. */
  keepSnapshots?: number;
  /**
   * A journal segment is sealed, and the next write starts a new one, once it holds this many bytes. Default
   * 4 MiB. Sealed segments are never deleted: they are the audit trail, and reading one run's events reads
   * the segments that hold them.
   */
  segmentBytes?: number;
  /**
   * How long, in ms, durable events may wait before they are projected into the database, so one transaction
   * takes many of them. Reads and snapshots never see the wait: they project what is pending first. Default 5.
   */
  projectionDelayMs?: number;
}

const DEFAULT_SEGMENT_BYTES = 4 * 1024 * 1024;
/** An automatic snapshot comes no sooner than this many times the time the last one held the thread. */
const SNAPSHOT_SPACING = 50;

/** Opens (or creates) the durable store in `dir`, recovering from its snapshots and journal. */
export async function openStore(options: OpenStoreOptions): Promise<DurableStore> {
  const readOnly = options.readOnly ?? false;
  await fsp.mkdir(options.dir, { recursive: true });
  const lock = readOnly ? undefined : acquireLock(options.dir);
  try {
    return new DurableStore(options, await recover(options.dir, !readOnly), lock);
  } catch (err) {
    lock?.release();
    throw err;
  }
}

/**
 * The Store with durability. `publish` resolves once the event is in the journal on disk; only then is it
 * projected into the database, in batches off the publish path, and every read first applies what is pending,
 * so a read sees every published event. The database holds the projections, the journal segments hold the
 * audit trail, and the database is snapshotted in the background at most once per interval.
 */
export class DurableStore implements Store {
  private readonly journal: Journal;
  private readonly intervalMs: number;
  private readonly keep: number;
  private appliedN: number;
  private snapshotN: number;
  /** Durable entries not yet in the database, and the `n` of the last one. */
  private pending: JournaledEvent[] = [];
  private pendingN = 0;
  /** How far the journal is known durable; reads of the audit trail stop there. */
  private tail: JournalPosition | undefined;
  private projectSoon: ReturnType<typeof setTimeout> | undefined;
  private readonly projectionDelayMs: number;
  private lastSnapshotAt = 0;
  /** How long the last snapshot held the thread in one stretch (metadata and export), in ms. */
  private lastBlockedMs = 0;
  private snapshots = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private snapshotting: Promise<SnapshotFile | undefined> | undefined;
  private failure: unknown;
  private projectionError: unknown;
  private closed = false;
  private readonly sql: SqlStore;

  constructor(
    private readonly options: OpenStoreOptions,
    recovered: Recovered,
    private readonly lock: WriterLock | undefined,
  ) {
    this.sql = recovered.sql;
    this.appliedN = recovered.appliedN;
    this.snapshotN = recovered.appliedN;
    this.tail = recovered.tail;
    this.intervalMs = options.snapshotIntervalMs ?? 1000;
    this.keep = Math.max(2, options.keepSnapshots ?? 2);
    this.projectionDelayMs = options.projectionDelayMs ?? 5;
    const segmentBytes = options.segmentBytes ?? DEFAULT_SEGMENT_BYTES;
    this.journal = new Journal(options.dir, recovered.appliedN + 1, segmentBytes, (entries, at) => this.onDurable(entries, at));
  }

  get readOnly(): boolean {
    return this.lock === undefined;
  }

  /** Durable write rounds so far; concurrent publishes share one. */
  get fsyncCount(): number {
    return this.journal.fsyncs;
  }

  /** Snapshots written by this store so far. */
  get snapshotCount(): number {
    return this.snapshots;
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
    this.project();
    if (this.failure) throw this.failure;
  }

  listRuns(): RunRecord[] {
    this.project();
    return this.sql.listRuns();
  }

  getRun(runId: string): RunDetail | undefined {
    this.project();
    return this.sql.getRun(runId);
  }

  /** The run's audit trail in seq order: rows from before schema version 2, then the journal segments. */
  events(runId: string, afterSeq = 0): RunEvent[] {
    this.project();
    const older = this.sql.events(runId, afterSeq);
    const logged = readRunEvents(this.options.dir, this.sql.segmentsOf(runId), runId, afterSeq, this.tail);
    return older.length === 0 ? logged : inSeqOrder([...older, ...logged]);
  }

  agentStats(): AgentStats[] {
    this.project();
    return this.sql.agentStats();
  }

  /** Writes a snapshot now, unless nothing changed since the last one. */
  async snapshot(): Promise<SnapshotFile | undefined> {
    while (this.snapshotting) await this.snapshotting;
    if (this.readOnly) return undefined;
    if (this.projectionError) throw this.projectionError;
    this.project();
    if (this.appliedN === this.snapshotN) return undefined;
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
      if (this.projectSoon) clearTimeout(this.projectSoon);
      this.sql.close();
      this.lock?.release();
    }
  }

  /**
   * Exports the database and writes it atomically. Only the export holds this thread in one stretch; it stays
   * small because the database holds projections, not the audit trail.
   */
  private async writeSnapshotNow(): Promise<SnapshotFile> {
    const started = performance.now();
    const n = this.appliedN;
    this.sql.setMeta('journal_n', String(n));
    // Where entry n ends in the journal, so recovery reads only what follows it.
    if (this.tail) this.sql.setMeta('journal_tail', formatPosition(this.tail));
    this.lastSnapshotAt = Date.now();
    // Only the export holds the thread in one stretch: writeSnapshot hashes a slice at a time.
    const writing = writeSnapshot(this.options.dir, n, this.sql.export());
    this.lastBlockedMs = performance.now() - started;
    const file = await writing;
    this.snapshotN = n;
    this.snapshots++;
    await pruneSnapshots(this.options.dir, this.keep);
    return file;
  }

  /** A batch is on disk: remember it and project it soon, in one transaction with whatever follows it. */
  private onDurable(entries: JournalEntry[], at: JournalPosition): void {
    for (const e of entries) this.pending.push({ event: e.event, segment: at.segment });
    this.pendingN = entries[entries.length - 1]!.n;
    this.tail = at;
    // Never a microtask: the publishers this batch resolves queue their next events first, so the next write is
    // under way while the database catches up, and a few ms later one transaction takes all that came.
    this.projectSoon ??= setTimeout(() => {
      this.projectSoon = undefined;
      try {
        this.project();
      } catch {
        // Recorded by project(); the next publish or flush reports it.
      }
    }, this.projectionDelayMs);
    this.projectSoon.unref?.();
  }

  /**
   * Applies the pending durable entries to the database. Should that ever fail, the database misses entries
   * the journal has, so no snapshot may claim them: snapshots stop and the error surfaces on the next write.
   */
  private project(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      this.sql.appendJournaled(batch);
    } catch (err) {
      this.projectionError ??= err;
      this.failure ??= err;
      throw err;
    }
    this.appliedN = this.pendingN;
    this.scheduleSnapshot();
  }

  /**
   * Takes an automatic snapshot once the interval since the last one has passed (longer after a snapshot that
   * held the thread long, see SNAPSHOT_SPACING). The timer stays set until
   * that snapshot is written, so the events projected meanwhile do not schedule a second one; what they
   * changed schedules the next, a whole interval after this one began.
   */
  private scheduleSnapshot(): void {
    if (this.timer || this.intervalMs <= 0 || this.closed) return;
    const gap = Math.max(this.intervalMs, SNAPSHOT_SPACING * this.lastBlockedMs);
    const wait = Math.max(0, this.lastSnapshotAt + gap - Date.now());
    this.timer = setTimeout(() => {
      this.snapshot()
        .catch((err: unknown) => {
          this.failure ??= err;
        })
        .finally(() => {
          this.timer = undefined;
          if (this.appliedN !== this.snapshotN || this.pending.length > 0) this.scheduleSnapshot();
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
