import type { Database } from 'sql.js';
import { StoreError } from './errors';

/** One schema step. Migrations are append-only: never edit a released one, add the next. */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'runs, tasks, attempts, events, agents, metrics, knowledge',
    sql: `
      CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE runs (
        run_id TEXT PRIMARY KEY, title TEXT NOT NULL, status TEXT NOT NULL, task_count INTEGER NOT NULL,
        workers INTEGER NOT NULL, started_at INTEGER NOT NULL, finished_at INTEGER, totals TEXT, reason TEXT,
        last_seq INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE tasks (
        run_id TEXT NOT NULL, task_id TEXT NOT NULL, status TEXT NOT NULL, agent TEXT,
        attempts INTEGER NOT NULL DEFAULT 0, cost_usd REAL NOT NULL DEFAULT 0, duration_ms REAL NOT NULL DEFAULT 0,
        summary TEXT, failure TEXT, updated_at INTEGER NOT NULL, PRIMARY KEY (run_id, task_id));
      CREATE TABLE attempts (
        run_id TEXT NOT NULL, task_id TEXT NOT NULL, attempt INTEGER NOT NULL, agent TEXT NOT NULL,
        started_at INTEGER NOT NULL, ended_at INTEGER, status TEXT NOT NULL, duration_ms REAL, cost_usd REAL,
        failure TEXT, PRIMARY KEY (run_id, task_id, attempt));
      CREATE TABLE events (
        run_id TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL, time INTEGER NOT NULL,
        actor TEXT NOT NULL, reason TEXT, task_id TEXT, payload TEXT NOT NULL, PRIMARY KEY (run_id, seq));
      CREATE INDEX events_task ON events (run_id, task_id);
      CREATE TABLE agents (name TEXT PRIMARY KEY, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL);
      CREATE TABLE agent_stats (
        agent TEXT PRIMARY KEY, attempts INTEGER NOT NULL DEFAULT 0, successes INTEGER NOT NULL DEFAULT 0,
        failures INTEGER NOT NULL DEFAULT 0, success_duration_ms REAL NOT NULL DEFAULT 0);
      CREATE TABLE metrics (run_id TEXT, name TEXT NOT NULL, value REAL NOT NULL, time INTEGER NOT NULL);
      CREATE INDEX metrics_run ON metrics (run_id, name);
      CREATE TABLE knowledge (
        id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT, task_id TEXT, kind TEXT NOT NULL,
        content TEXT NOT NULL, created_at INTEGER NOT NULL);
    `,
  },
  {
    version: 2,
    description: 'the audit trail lives in journal segments: per-run recorded seqs and the segments holding each run',
    // Events recorded before this version stay in `events`; their seqs seed run_seqs (gaps-and-islands).
    sql: `
      CREATE TABLE run_seqs (
        run_id TEXT NOT NULL, lo INTEGER NOT NULL, hi INTEGER NOT NULL, PRIMARY KEY (run_id, lo)) WITHOUT ROWID;
      INSERT INTO run_seqs (run_id, lo, hi)
        SELECT run_id, MIN(seq), MAX(seq)
        FROM (SELECT run_id, seq, seq - ROW_NUMBER() OVER (PARTITION BY run_id ORDER BY seq) AS grp FROM events)
        GROUP BY run_id, grp;
      CREATE TABLE run_segments (run_id TEXT NOT NULL, segment INTEGER NOT NULL, PRIMARY KEY (run_id, segment)) WITHOUT ROWID;
    `,
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** The schema version recorded in `db`, 0 for a database that has never been migrated. */
export function schemaVersion(db: Database): number {
  const exists = db.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
  if (exists.length === 0) return 0;
  const rows = db.exec('SELECT MAX(version) FROM schema_version');
  return Number(rows[0]?.values[0]?.[0] ?? 0);
}

/**
 * Brings `db` to the newest schema. Each pending migration runs in its own transaction together with its
 * `schema_version` row, so a crash leaves the database at a whole version, never between two.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS, now = Date.now()): number {
  db.run('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT, applied_at INTEGER)');
  const current = schemaVersion(db);
  const newest = migrations[migrations.length - 1]?.version ?? 0;
  if (current > newest) {
    throw new StoreError(
      'schema-too-new',
      `The database has schema version ${current} but this version of PRP Orchestrator knows only up to ${newest}. ` +
        'Update PRP Orchestrator, or point it at another database.',
    );
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.run('BEGIN');
    try {
      db.run(m.sql);
      db.run('INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)', [m.version, m.description, now]);
      db.run('COMMIT');
    } catch (err) {
      db.run('ROLLBACK');
      throw err;
    }
  }
  return schemaVersion(db);
}
