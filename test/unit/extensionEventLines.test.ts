import { describe, expect, it } from 'vitest';
import { eventLine } from '../../src/extension/eventLines';
import { eventFactory } from './extensionFixtures';

describe('output channel lines', () => {
  const e = eventFactory();

  it('writes a line for what a person should know, at a level that matches', () => {
    expect(eventLine(e({ type: 'run.started', title: 'Add auth', taskCount: 3, workers: 2 }))).toEqual({ level: 'info', text: '[run-1] started "Add auth": 3 tasks on 2 workers' });
    const failed = eventLine(e({ type: 'task.failed', taskId: 'T2', agent: 'tester', attempt: 2, failure: { kind: 'timeout', message: 'took too long' }, final: true }));
    expect(failed).toEqual({ level: 'error', text: '[run-1] T2 attempt 2 on tester failed (timeout): took too long — giving up' });
    expect(eventLine(e({ type: 'task.retrying', taskId: 'T2', agent: 'tester', attempt: 2, delayMs: 1500, reason: 'rate limit' }))?.level).toBe('warn');
    const finished = eventLine(e({ type: 'run.finished', status: 'failed', totals: { tasks: 3, succeeded: 2, failed: 1, cancelled: 0, blocked: 0, durationMs: 65_000, costUsd: 1.5 }, reason: 'budget reached' }));
    expect(finished).toEqual({ level: 'warn', text: '[run-1] failed: 2/3 succeeded, 1 failed, 0 blocked, 0 cancelled · $1.50 · 1m 05s · budget reached' });
  });

  it('leaves the chatter to the task logs', () => {
    expect(eventLine(e({ type: 'task.progress', taskId: 'T1', agent: 'a', message: 'editing' }))).toBeUndefined();
    expect(eventLine(e({ type: 'task.ready', taskId: 'T1' }))).toBeUndefined();
  });
});
