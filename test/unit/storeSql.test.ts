import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/orchestrator/model';
import { SqlStore } from '../../src/orchestrator/store/sqlStore';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from '../../src/orchestrator/store/schema';
import type { Migration } from '../../src/orchestrator/store/schema';
import { StoreError } from '../../src/orchestrator/store/errors';

/** A small run: T1 succeeds first try, T2 fails once then succeeds on a fallback agent, T3 fails for good. */
function sampleRun(runId = 'r1', t0 = 1000): RunEvent[] {
  let seq = 0;
  const base = () => ({ runId, seq: ++seq, time: t0 + seq });
  const failure = { kind: 'transient' as const, message: 'rate limited' };
  return [
    { ...base(), type: 'run.started', title: 'Demo', taskCount: 3, workers: 2 },
    { ...base(), type: 'task.ready', taskId: 'T1' },
    { ...base(), type: 'task.ready', taskId: 'T2' },
    { ...base(), type: 'task.assigned', taskId: 'T1', agent: 'coder', reason: 'best match', fallbacks: [] },
    { ...base(), type: 'task.started', taskId: 'T1', agent: 'coder', attempt: 1 },
    { ...base(), type: 'task.started', taskId: 'T2', agent: 'tester', attempt: 1 },
    { ...base(), type: 'task.succeeded', taskId: 'T1', agent: 'coder', attempt: 1, durationMs: 400, costUsd: 0.5 },
    { ...base(), type: 'task.failed', taskId: 'T2', agent: 'tester', attempt: 1, failure, final: false },
    { ...base(), type: 'task.rerouted', taskId: 'T2', from: 'tester', to: 'coder', reason: 'fallback' },
    { ...base(), type: 'task.started', taskId: 'T2', agent: 'coder', attempt: 2 },
    { ...base(), type: 'task.succeeded', taskId: 'T2', agent: 'coder', attempt: 2, durationMs: 200, costUsd: 0.25, summary: 'ok' },
    { ...base(), type: 'task.ready', taskId: 'T3' },
    { ...base(), type: 'task.started', taskId: 'T3', agent: 'tester', attempt: 1 },
    { ...base(), type: 'task.failed', taskId: 'T3', agent: 'tester', attempt: 1, failure: { kind: 'crash', message: 'boom' }, final: true },
    {
      ...base(),
      type: 'run.finished',
      status: 'failed',
      totals: { tasks: 3, succeeded: 2, failed: 1, cancelled: 0, blocked: 0, durationMs: 900, costUsd: 0.75 },
    },
  ];
}

describe('schema migrations', () => {
  it('migrates an empty database to the newest version and is a no-op on re-open', async () => {
    const store = await SqlStore.create();
    expect(schemaVersion(store.db)).toBe(LATEST_VERSION);
    store.appendEvents(sampleRun());
    const reopened = await SqlStore.create(store.export());
    expect(schemaVersion(reopened.db)).toBe(LATEST_VERSION);
    expect(reopened.listRuns()).toHaveLength(1);
    const versions = reopened.db.exec('SELECT version FROM schema_version')[0]!.values.map((r) => r[0]);
    expect(versions).toEqual(MIGRATIONS.map((m) => m.version));
    store.close();
    reopened.close();
  });

  it('applies a later migration to an existing database and rolls back a failing one whole', async () => {
    const store = await SqlStore.create();
    const next: Migration = { version: LATEST_VERSION + 1, description: 'x', sql: 'ALTER TABLE runs ADD COLUMN note TEXT' };
    expect(migrate(store.db, [...MIGRATIONS, next])).toBe(LATEST_VERSION + 1);
    const bad: Migration = { version: LATEST_VERSION + 2, description: 'bad', sql: 'CREATE TABLE t (a); SELECT * FROM nope' };
    expect(() => migrate(store.db, [...MIGRATIONS, next, bad])).toThrow();
    expect(schemaVersion(store.db)).toBe(LATEST_VERSION + 1);
    expect(store.db.exec("SELECT name FROM sqlite_master WHERE name = 't'")).toHaveLength(0);
    store.close();
  });

  it('refuses a database from a newer version', async () => {
    const store = await SqlStore.create();
    store.db.run('INSERT INTO schema_version (version) VALUES (?)', [LATEST_VERSION + 5]);
    const err = (() => {
      try {
        migrate(store.db);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).reason).toBe('schema-too-new');
    store.close();
  });
});

describe('projections', () => {
  it('derives each task status, attempts, cost and the run totals from events', async () => {
    const store = await SqlStore.create();
    store.appendEvents(sampleRun());
    const detail = store.getRun('r1')!;
    expect(detail.run).toMatchObject({ status: 'failed', title: 'Demo', taskCount: 3, lastSeq: 15 });
    expect(detail.run.totals?.costUsd).toBe(0.75);
    expect(detail.tasks.map((t) => [t.taskId, t.status, t.agent, t.attempts])).toEqual([
      ['T1', 'succeeded', 'coder', 1],
      ['T2', 'succeeded', 'coder', 2],
      ['T3', 'failed', 'tester', 1],
    ]);
    expect(detail.tasks[2]!.failure).toEqual({ kind: 'crash', message: 'boom' });
    expect(detail.tasks[1]!.costUsd).toBe(0.25);
    store.close();
  });

  it('shows a non-final failure as retrying, and ignores an event recorded twice', async () => {
    const store = await SqlStore.create();
    const events = sampleRun().slice(0, 8);
    store.appendEvents(events);
    store.appendEvents(events);
    expect(store.getRun('r1')!.tasks.find((t) => t.taskId === 'T2')!.status).toBe('retrying');
    expect(store.events('r1')).toHaveLength(8);
    expect(store.agentStats().find((s) => s.agent === 'tester')).toMatchObject({ attempts: 1, successes: 0 });
    store.close();
  });

  it('keeps the audit trail in seq order, with actor and reason, and pages after a seq', async () => {
    const store = await SqlStore.create();
    const events = sampleRun();
    store.appendEvents([...events].reverse());
    expect(store.events('r1').map((e) => e.seq)).toEqual(events.map((e) => e.seq));
    expect(store.events('r1', 13).map((e) => e.type)).toEqual(['task.failed', 'run.finished']);
    const row = store.db.exec("SELECT actor, reason FROM events WHERE run_id = 'r1' AND seq = 14")[0]!.values[0];
    expect(row).toEqual(['tester', 'boom']);
    store.close();
  });

  it('computes per-agent statistics for the router', async () => {
    const store = await SqlStore.create();
    store.appendEvents(sampleRun('a'));
    store.appendEvents(sampleRun('b', 5000));
    expect(store.agentStats()).toEqual([
      { agent: 'coder', attempts: 4, successes: 4, meanDurationMs: 300 },
      { agent: 'tester', attempts: 4, successes: 0, meanDurationMs: 0 },
    ]);
    expect(store.listRuns().map((r) => r.runId)).toEqual(['b', 'a']);
    expect(store.getRun('nope')).toBeUndefined();
    store.close();
  });
});
