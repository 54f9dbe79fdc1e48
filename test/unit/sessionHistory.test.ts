/** Past durations refine estimates: shrinkage towards 1, per agent and per tag, bounded. */
import { describe, expect, it } from 'vitest';
import { estimateFactor, MAX_FACTOR, PRIOR_SAMPLES, refineEstimates, summarizeDurations } from '../../src/orchestrator/index';
import type { DurationSample } from '../../src/orchestrator/index';
import { readTrail } from '../../src/orchestrator/index';
import type { RunEvent } from '../../src/orchestrator/index';
import { task } from '../fixtures/runners/engineKit';

function samples(n: number, ratio: number, fields: Partial<DurationSample> = {}): DurationSample[] {
  return Array.from({ length: n }, () => ({ agent: 'dev', tags: [], plannedMs: 60_000, actualMs: 60_000 * ratio, ...fields }));
}

describe('estimate refinement', () => {
  it('leaves estimates alone without history', () => {
    const tasks = [task('A', { estimateMs: 120_000 })];
    expect(refineEstimates(tasks, [], () => 'dev')).toBe(tasks);
    expect(estimateFactor(summarizeDurations([]), 'dev', ['docs'])).toBe(1);
  });

  it('trusts a few samples only a little and many samples nearly fully', () => {
    const one = estimateFactor(summarizeDurations(samples(1, 0.5)), 'dev', []);
    const overall = Math.log(0.5) / (1 + PRIOR_SAMPLES);
    expect(one).toBeCloseTo(Math.exp((Math.log(0.5) + PRIOR_SAMPLES * overall) / (1 + PRIOR_SAMPLES)), 10);
    // Closer to 1 than to what the one sample says.
    expect(one).toBeGreaterThan(0.75);
    expect(estimateFactor(summarizeDurations(samples(400, 0.5)), 'dev', [])).toBeCloseTo(0.5, 1);
  });

  it('scales by the assigned agent and by the task tags, and keeps within the bounds', () => {
    const history = [...samples(40, 3, { agent: 'slow', tags: ['database'] }), ...samples(40, 0.5, { agent: 'fast', tags: ['docs'] })];
    const stats = summarizeDurations(history);
    expect(estimateFactor(stats, 'slow', [])).toBeGreaterThan(2);
    expect(estimateFactor(stats, 'fast', [])).toBeLessThan(0.7);
    expect(estimateFactor(stats, 'nobody', ['database'])).toBeGreaterThan(2);
    expect(estimateFactor(summarizeDurations(samples(500, 1e-6)), 'dev', [])).toBeCloseTo(1 / MAX_FACTOR, 10);
    const [refined] = refineEstimates([task('A', { estimateMs: 100_000, tags: ['docs'] })], history, () => 'fast');
    expect(refined!.estimateMs).toBeLessThan(70_000);
  });

  it('skips samples without a positive duration', () => {
    expect(summarizeDurations([...samples(3, 0), { agent: 'x', tags: [], plannedMs: 0, actualMs: 5 }]).all.n).toBe(0);
  });
});

describe('readTrail', () => {
  const base = { runId: 'r', time: 0 };
  const events: RunEvent[] = [
    { ...base, seq: 1, type: 'run.started', title: 't', taskCount: 3, workers: 2, recipe: { prpPath: '/p.md', workspaceDir: '/w', runner: 'claude' } },
    { ...base, seq: 2, type: 'task.started', taskId: 'A', agent: 'dev', attempt: 1 },
    { ...base, seq: 3, type: 'task.progress', taskId: 'A', agent: 'dev', message: 'session s-a', sessionId: 's-a' },
    { ...base, seq: 4, type: 'task.succeeded', taskId: 'A', agent: 'dev', attempt: 1, durationMs: 5, costUsd: 0.1, summary: 'did A' },
    { ...base, seq: 5, type: 'task.started', taskId: 'B', agent: 'dev', attempt: 1 },
    { ...base, seq: 6, type: 'task.progress', taskId: 'B', agent: 'dev', message: 'session s-b1', sessionId: 's-b1' },
    { ...base, seq: 7, type: 'task.failed', taskId: 'B', agent: 'dev', attempt: 1, failure: { kind: 'crash', message: 'x' }, final: false },
    { ...base, seq: 8, type: 'task.started', taskId: 'B', agent: 'ops', attempt: 2 },
    { ...base, seq: 9, type: 'task.progress', taskId: 'B', agent: 'ops', message: 'session s-b2', sessionId: 's-b2' },
    { ...base, seq: 10, type: 'task.started', taskId: 'C', agent: 'dev', attempt: 1 },
    { ...base, seq: 11, type: 'task.progress', taskId: 'C', agent: 'dev', message: 'session s-c', sessionId: 's-c' },
    { ...base, seq: 12, type: 'task.failed', taskId: 'C', agent: 'dev', attempt: 1, failure: { kind: 'crash', message: 'x' }, final: true },
  ];

  it('keeps successes, continues attempts and resumes only a session whose attempt was cut off', () => {
    const trail = readTrail(events);
    expect(trail.lastSeq).toBe(12);
    expect(trail.recipe?.prpPath).toBe('/p.md');
    expect(trail.finished).toBeUndefined();
    expect([...trail.completed.keys()]).toEqual(['A']);
    expect(trail.completed.get('A')).toMatchObject({ summary: 'did A', costUsd: 0.1, attempts: 1 });
    expect(trail.interrupted.get('B')).toEqual({ attempts: 2, sessionId: 's-b2', agent: 'ops' });
    expect(trail.interrupted.get('C')).toEqual({ attempts: 1 });
  });

  it('says how the last life ended', () => {
    const finished: RunEvent = { ...base, seq: 13, type: 'run.finished', status: 'failed', totals: { tasks: 3, succeeded: 1, failed: 1, cancelled: 0, blocked: 0, durationMs: 1, costUsd: 0 } };
    expect(readTrail([...events, finished]).finished).toBe('failed');
    const again: RunEvent = { ...base, seq: 14, type: 'run.started', title: 't', taskCount: 3, workers: 2 };
    expect(readTrail([...events, finished, again]).finished).toBeUndefined();
  });
});
