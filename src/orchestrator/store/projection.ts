import type { Database, Statement } from 'sql.js';
import type { RunEvent } from '../model';

type Sql = string;

const SQL = {
  insertEvent: 'INSERT OR IGNORE INTO events (run_id, seq, type, time, actor, reason, task_id, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  runStarted:
    'INSERT OR IGNORE INTO runs (run_id, title, status, task_count, workers, started_at, last_seq) VALUES (?, ?, \'running\', ?, ?, ?, 0)',
  runFinished: 'UPDATE runs SET status = ?, finished_at = ?, totals = ?, reason = ? WHERE run_id = ?',
  runSeq: 'UPDATE runs SET last_seq = MAX(last_seq, ?) WHERE run_id = ?',
  taskEnsure: "INSERT OR IGNORE INTO tasks (run_id, task_id, status, updated_at) VALUES (?, ?, 'pending', ?)",
  taskStatus: 'UPDATE tasks SET status = ?, updated_at = ? WHERE run_id = ? AND task_id = ?',
  taskAgent: 'UPDATE tasks SET agent = ?, updated_at = ? WHERE run_id = ? AND task_id = ?',
  taskStarted:
    "UPDATE tasks SET status = 'running', agent = ?, attempts = MAX(attempts, ?), updated_at = ? WHERE run_id = ? AND task_id = ?",
  taskSucceeded:
    "UPDATE tasks SET status = 'succeeded', agent = ?, cost_usd = cost_usd + ?, duration_ms = duration_ms + ?, summary = ?, failure = NULL, updated_at = ? WHERE run_id = ? AND task_id = ?",
  taskFailed: 'UPDATE tasks SET status = ?, failure = ?, updated_at = ? WHERE run_id = ? AND task_id = ?',
  attemptStart:
    "INSERT OR REPLACE INTO attempts (run_id, task_id, attempt, agent, started_at, status) VALUES (?, ?, ?, ?, ?, 'running')",
  attemptEnd:
    'UPDATE attempts SET status = ?, ended_at = ?, duration_ms = ?, cost_usd = ?, failure = ? WHERE run_id = ? AND task_id = ? AND attempt = ?',
  agentSeen:
    'INSERT INTO agents (name, first_seen, last_seen) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET last_seen = MAX(last_seen, excluded.last_seen)',
  statEnsure: 'INSERT OR IGNORE INTO agent_stats (agent) VALUES (?)',
  statSuccess:
    'UPDATE agent_stats SET attempts = attempts + 1, successes = successes + 1, success_duration_ms = success_duration_ms + ? WHERE agent = ?',
  statFailure: 'UPDATE agent_stats SET attempts = attempts + 1, failures = failures + 1 WHERE agent = ?',
  metric: 'INSERT INTO metrics (run_id, name, value, time) VALUES (?, ?, ?, ?)',
} satisfies Record<string, Sql>;

type Key = keyof typeof SQL;
type Param = string | number | null;

/**
 * Turns events into rows. Statements are prepared once because sql.js parses SQL in WebAssembly, which costs
 * more than the insert itself on the hot path.
 */
export class Projector {
  private readonly statements = new Map<Key, Statement>();

  constructor(private readonly db: Database) {}

  /** Records one event; returns false when the event was already recorded (replay after a snapshot). */
  apply(e: RunEvent): boolean {
    const taskId = 'taskId' in e ? e.taskId : null;
    this.run('insertEvent', [e.runId, e.seq, e.type, e.time, actorOf(e), reasonOf(e), taskId, JSON.stringify(e)]);
    if (this.db.getRowsModified() === 0) return false;
    this.project(e);
    this.run('runSeq', [e.seq, e.runId]);
    return true;
  }

  free(): void {
    for (const s of this.statements.values()) s.free();
    this.statements.clear();
  }

  private run(key: Key, params: Param[]): void {
    let s = this.statements.get(key);
    if (!s) {
      s = this.db.prepare(SQL[key]);
      this.statements.set(key, s);
    }
    s.run(params);
  }

  private project(e: RunEvent): void {
    if ('agent' in e) this.run('agentSeen', [e.agent, e.time, e.time]);
    if ('taskId' in e && e.type !== 'task.ready') this.run('taskEnsure', [e.runId, e.taskId, e.time]);
    switch (e.type) {
      case 'run.started':
        return this.run('runStarted', [e.runId, e.title, e.taskCount, e.workers, e.time]);
      case 'run.finished':
        this.run('runFinished', [e.status, e.time, JSON.stringify(e.totals), e.reason ?? null, e.runId]);
        this.run('metric', [e.runId, 'run.costUsd', e.totals.costUsd, e.time]);
        return this.run('metric', [e.runId, 'run.durationMs', e.totals.durationMs, e.time]);
      case 'task.ready':
        this.run('taskEnsure', [e.runId, e.taskId, e.time]);
        return this.setStatus(e.runId, e.taskId, 'ready', e.time);
      case 'task.assigned':
        return this.run('taskAgent', [e.agent, e.time, e.runId, e.taskId]);
      case 'task.rerouted':
        return this.run('taskAgent', [e.to, e.time, e.runId, e.taskId]);
      case 'task.started':
        this.run('taskStarted', [e.agent, e.attempt, e.time, e.runId, e.taskId]);
        return this.run('attemptStart', [e.runId, e.taskId, e.attempt, e.agent, e.time]);
      case 'task.succeeded':
        this.run('taskSucceeded', [e.agent, e.costUsd, e.durationMs, e.summary ?? null, e.time, e.runId, e.taskId]);
        this.run('attemptEnd', ['succeeded', e.time, e.durationMs, e.costUsd, null, e.runId, e.taskId, e.attempt]);
        this.run('statEnsure', [e.agent]);
        return this.run('statSuccess', [e.durationMs, e.agent]);
      case 'task.failed': {
        const failure = JSON.stringify(e.failure);
        this.run('taskFailed', [e.final ? 'failed' : 'retrying', failure, e.time, e.runId, e.taskId]);
        this.run('attemptEnd', ['failed', e.time, null, null, failure, e.runId, e.taskId, e.attempt]);
        // A cancellation says nothing about the agent's skill, so it stays out of its statistics.
        if (e.failure.kind === 'cancelled') return;
        this.run('statEnsure', [e.agent]);
        return this.run('statFailure', [e.agent]);
      }
      case 'task.retrying':
        return this.setStatus(e.runId, e.taskId, 'retrying', e.time);
      case 'task.cancelled':
        return this.setStatus(e.runId, e.taskId, 'cancelled', e.time);
      case 'task.blocked':
        return this.setStatus(e.runId, e.taskId, 'blocked', e.time);
      default:
        return;
    }
  }

  private setStatus(runId: string, taskId: string, status: string, time: number): void {
    this.run('taskStatus', [status, time, runId, taskId]);
  }
}

/** Who did it: the agent when the event names one, otherwise the engine itself. */
function actorOf(e: RunEvent): string {
  if ('agent' in e) return e.agent;
  if (e.type === 'task.rerouted') return e.to;
  return 'engine';
}

function reasonOf(e: RunEvent): string | null {
  if (e.type === 'task.failed') return e.failure.message;
  if ('reason' in e && typeof e.reason === 'string') return e.reason;
  return null;
}
