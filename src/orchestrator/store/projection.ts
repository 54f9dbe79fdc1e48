import type { Database, Statement } from 'sql.js';
import type { RunEvent } from '../model';
import { SeqIndex } from './seqIndex';

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
  seqsClear: 'DELETE FROM run_seqs WHERE run_id = ?',
  seqsRange: 'INSERT INTO run_seqs (run_id, lo, hi) VALUES (?, ?, ?)',
  segmentNote: 'INSERT OR IGNORE INTO run_segments (run_id, segment) VALUES (?, ?)',
} satisfies Record<string, Sql>;

type Key = keyof typeof SQL;
type Param = string | number | null;

/**
 * Turns events into rows. Statements are prepared once because sql.js parses SQL in WebAssembly, which costs
 * more than the insert itself on the hot path. Whether an event was already recorded is decided by the seq index
 * (kept in `run_seqs`), so the event rows themselves are optional: the durable store keeps them in its journal.
 */
export class Projector {
  private readonly statements = new Map<Key, Statement>();
  private readonly seqs = new SeqIndex();
  /** The newest journal segment noted per run, so a batch does not note it again. */
  private readonly noted = new Map<string, number>();
  /**
   * What the current transaction touched that needs one row write, not one per event: each run's highest seq,
   * each agent's first and last time, the tasks already ensured. Written (or forgotten) when it ends.
   */
  private readonly runSeqs = new Map<string, number>();
  private readonly agentTimes = new Map<string, [number, number]>();
  private readonly ensured = new Set<string>();

  constructor(
    private readonly db: Database,
    private readonly keepEvents: boolean,
  ) {
    this.reload();
  }

  /** Records one event; returns false when the event was already recorded (same runId and seq). */
  apply(e: RunEvent): boolean {
    if (!this.seqs.add(e.runId, e.seq)) return false;
    if (this.keepEvents) {
      const taskId = 'taskId' in e ? e.taskId : null;
      this.run('insertEvent', [e.runId, e.seq, e.type, e.time, actorOf(e), reasonOf(e), taskId, JSON.stringify(e)]);
    }
    this.project(e);
    this.runSeqs.set(e.runId, Math.max(this.runSeqs.get(e.runId) ?? 0, e.seq));
    return true;
  }

  /** Records that journal segment `segment` holds events of the run. */
  noteSegment(runId: string, segment: number): void {
    if (this.noted.get(runId) === segment) return;
    this.run('segmentNote', [runId, segment]);
    this.noted.set(runId, segment);
  }

  /**
   * Writes what the transaction touched once per row: the agents seen, each run's last seq and the recorded-seq
   * ranges of the runs changed. Runs inside the caller's transaction, just before it commits.
   */
  persist(): void {
    for (const [agent, [first, last]] of this.agentTimes) this.run('agentSeen', [agent, first, last]);
    for (const [runId, seq] of this.runSeqs) this.run('runSeq', [seq, runId]);
    for (const [runId, pairs] of this.seqs.takeDirty()) {
      this.run('seqsClear', [runId]);
      for (const [lo, hi] of pairs) this.run('seqsRange', [runId, lo, hi]);
    }
    this.forgetTransaction();
  }

  /** Re-reads the in-memory state from the database, e.g. after a rolled-back transaction. */
  reload(): void {
    const rows = this.db.exec('SELECT run_id, lo, hi FROM run_seqs')[0]?.values ?? [];
    this.seqs.load(rows.map((r) => [String(r[0]), Number(r[1]), Number(r[2])] as [string, number, number]));
    this.noted.clear();
    this.forgetTransaction();
  }

  private forgetTransaction(): void {
    this.runSeqs.clear();
    this.agentTimes.clear();
    this.ensured.clear();
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

  private seeAgent(agent: string, time: number): void {
    const seen = this.agentTimes.get(agent);
    if (!seen) this.agentTimes.set(agent, [time, time]);
    else seen[1] = Math.max(seen[1], time);
  }

  /** The task's row exists from its first event on, in the order the run first mentioned its tasks. */
  private ensureTask(runId: string, taskId: string, time: number): void {
    const key = `${runId}\u0000${taskId}`;
    if (this.ensured.has(key)) return;
    this.run('taskEnsure', [runId, taskId, time]);
    this.ensured.add(key);
  }

  private project(e: RunEvent): void {
    if ('agent' in e) this.seeAgent(e.agent, e.time);
    if ('taskId' in e && e.type !== 'task.ready') this.ensureTask(e.runId, e.taskId, e.time);
    switch (e.type) {
      case 'run.started':
        return this.run('runStarted', [e.runId, e.title, e.taskCount, e.workers, e.time]);
      case 'run.finished':
        this.run('runFinished', [e.status, e.time, JSON.stringify(e.totals), e.reason ?? null, e.runId]);
        this.run('metric', [e.runId, 'run.costUsd', e.totals.costUsd, e.time]);
        return this.run('metric', [e.runId, 'run.durationMs', e.totals.durationMs, e.time]);
      case 'task.ready':
        this.ensureTask(e.runId, e.taskId, e.time);
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
