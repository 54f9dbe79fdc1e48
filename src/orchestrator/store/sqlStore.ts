import initSqlJs from 'sql.js';
import type { Database, SqlJsStatic, SqlValue } from 'sql.js';
import type { AgentStats, RunEvent, RunStatus, TaskStatus } from '../model';
import { StoreError } from './errors';
import { Projector } from './projection';
import { migrate } from './schema';
import type { RunDetail, RunRecord, Store, TaskRecord } from './types';

type Row = Record<string, SqlValue>;

let sqlJs: Promise<SqlJsStatic> | undefined;

/** Loads the sql.js WebAssembly module once per process. */
export async function loadSqlJs(): Promise<SqlJsStatic> {
  if (!sqlJs) {
    sqlJs = initSqlJs();
  }
  return sqlJs;
}

/** One durable journal entry as the database takes it: the event and the journal segment that holds it. */
export interface JournaledEvent {
  event: RunEvent;
  segment: number;
}

export interface SqlStoreOptions {
  /**
   * Whether each event's row (payload, actor, reason) goes into the `events` table. Default true. The durable
   * store passes false: its journal segments are the audit trail, so the database, and each snapshot of it,
   * holds only the projections and does not grow with every event.
   */
  keepEvents?: boolean;
}

/**
 * The Store over an in-memory sql.js database. It knows nothing about files: durability is openStore's job,
 * which wraps this with a journal and snapshots.
 */
export class SqlStore implements Store {
  private readonly projector: Projector;
  private closed = false;

  constructor(
    readonly db: Database,
    options: SqlStoreOptions = {},
  ) {
    // The database lives in memory and durability comes from the journal, so SQLite's own rollback journal
    // only needs to support ROLLBACK; kept in memory, a small transaction costs several times less.
    db.run('PRAGMA journal_mode = MEMORY');
    migrate(db);
    this.projector = new Projector(db, options.keepEvents ?? true);
  }

  /** A store over a fresh database, or over the bytes of an exported one. */
  static async create(bytes?: Uint8Array, options?: SqlStoreOptions): Promise<SqlStore> {
    const SQL = await loadSqlJs();
    return new SqlStore(bytes ? new SQL.Database(bytes) : new SQL.Database(), options);
  }

  appendEvents(events: readonly RunEvent[]): void {
    this.transaction(() => {
      for (const e of events) this.projector.apply(e);
    }, events.length);
  }

  /** Projects journal entries and notes which segment holds each run's events, in one transaction. */
  appendJournaled(entries: readonly JournaledEvent[]): void {
    this.transaction(() => {
      for (const { event, segment } of entries) {
        this.projector.apply(event);
        this.projector.noteSegment(event.runId, segment);
      }
    }, entries.length);
  }

  /** The journal segments (by first entry number) that hold events of the run, oldest first. */
  segmentsOf(runId: string): number[] {
    this.assertOpen();
    return this.query('SELECT segment FROM run_segments WHERE run_id = ? ORDER BY segment', [runId]).map((r) => Number(r.segment));
  }

  private transaction(body: () => void, count: number): void {
    this.assertOpen();
    if (count === 0) return;
    this.db.run('BEGIN');
    try {
      body();
      this.projector.persist();
      this.db.run('COMMIT');
    } catch (err) {
      this.db.run('ROLLBACK');
      this.projector.reload();
      throw err;
    }
  }

  getMeta(key: string): string | undefined {
    const v = this.query('SELECT value FROM store_meta WHERE key = ?', [key])[0]?.value;
    return v === undefined || v === null ? undefined : String(v);
  }

  setMeta(key: string, value: string): void {
    this.db.run('INSERT OR REPLACE INTO store_meta (key, value) VALUES (?, ?)', [key, value]);
  }

  listRuns(): RunRecord[] {
    this.assertOpen();
    return this.query('SELECT * FROM runs ORDER BY started_at DESC, rowid DESC').map(toRun);
  }

  getRun(runId: string): RunDetail | undefined {
    this.assertOpen();
    const row = this.query('SELECT * FROM runs WHERE run_id = ?', [runId])[0];
    if (!row) return undefined;
    const tasks = this.query('SELECT * FROM tasks WHERE run_id = ? ORDER BY rowid', [runId]).map(toTask);
    return { run: toRun(row), tasks };
  }

  /** The run's event rows; with `keepEvents` false only those recorded before schema version 2 (the journal has the rest). */
  events(runId: string, afterSeq = 0): RunEvent[] {
    this.assertOpen();
    return this.query('SELECT payload FROM events WHERE run_id = ? AND seq > ? ORDER BY seq', [runId, afterSeq]).map(
      (r) => JSON.parse(String(r.payload)) as RunEvent,
    );
  }

  agentStats(): AgentStats[] {
    this.assertOpen();
    return this.query('SELECT * FROM agent_stats ORDER BY agent').map((r) => ({
      agent: String(r.agent),
      attempts: Number(r.attempts),
      successes: Number(r.successes),
      meanDurationMs: Number(r.successes) > 0 ? Number(r.success_duration_ms) / Number(r.successes) : 0,
    }));
  }

  /** The whole database as SQLite file bytes. */
  export(): Uint8Array {
    this.assertOpen();
    return this.db.export();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.projector.free();
    this.db.close();
  }

  private query(sql: string, params: SqlValue[] = []): Row[] {
    const stmt = this.db.prepare(sql);
    try {
      stmt.bind(params);
      const rows: Row[] = [];
      while (stmt.step()) rows.push(stmt.getAsObject());
      return rows;
    } finally {
      stmt.free();
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError('closed', 'The store is closed; open it again to read or write.');
  }
}

function optional<T>(v: SqlValue | undefined, map: (v: SqlValue) => T): T | undefined {
  return v === null || v === undefined ? undefined : map(v);
}

function toRun(r: Row): RunRecord {
  return {
    runId: String(r.run_id),
    title: String(r.title),
    status: String(r.status) as RunStatus,
    taskCount: Number(r.task_count),
    workers: Number(r.workers),
    startedAt: Number(r.started_at),
    finishedAt: optional(r.finished_at, Number),
    totals: optional(r.totals, (v) => JSON.parse(String(v))),
    reason: optional(r.reason, String),
    lastSeq: Number(r.last_seq),
  };
}

function toTask(r: Row): TaskRecord {
  return {
    taskId: String(r.task_id),
    status: String(r.status) as TaskStatus,
    agent: optional(r.agent, String),
    attempts: Number(r.attempts),
    costUsd: Number(r.cost_usd),
    durationMs: Number(r.duration_ms),
    summary: optional(r.summary, String),
    failure: optional(r.failure, (v) => JSON.parse(String(v))),
    updatedAt: Number(r.updated_at),
  };
}
