/**
 * The engine with the command runner and real processes: a run that succeeds, one whose command fails,
 * and the seed's cancellation acceptance (every running task stops; its processes are gone by pid).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startRun } from '../../src/orchestrator/engine';
import { CommandRunner } from '../../src/orchestrator/runners';
import { agent, graph, Recorder, task } from '../fixtures/runners/engineKit';
import { alive } from '../fixtures/runners/processes';

const fixtures = path.resolve(__dirname, '../fixtures/runners');
const node = process.execPath;
const cwd = mkdtempSync(path.join(tmpdir(), 'prp-engine-cancel-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('engine with real processes', () => {
  it('runs a graph with a command agent and hands summaries to dependent tasks', async () => {
    const runner = new CommandRunner({ argv: [node, path.join(fixtures, 'echoAgent.mjs')] });
    const handle = startRun(graph([task('A'), task('B'), task('C')], [['A', 'C'], ['B', 'C']]), { runner, agents: [agent('dev')], cwd, workers: 2 });
    const recorder = new Recorder(handle);
    const result = await handle.done;
    expect(result.status).toBe('succeeded');
    expect(result.tasks.map((t) => t.summary)).toEqual(['A', 'B', 'C'].map((id) => `prompt-first-line # Task ${id}: Task ${id}\nSummary: did the thing.\nChanged src/thing.ts.`));
    const bytes = (id: string) => Number(recorder.of('task.progress').find((e) => e.taskId === id && e.message.startsWith('prompt-bytes'))!.message.split(' ')[1]);
    // C's prompt carries what A and B produced, so it is longer than theirs.
    expect(bytes('C')).toBeGreaterThan(bytes('A') + 100);
  });

  it('retries a failing command with backoff, then fails the task and blocks its dependents', async () => {
    const runner = new CommandRunner({ argv: [node, path.join(fixtures, 'echoAgent.mjs'), '3'] });
    const handle = startRun(graph([task('A'), task('B')], [['A', 'B']]), { runner, agents: [agent('dev')], cwd, maxAttempts: 2, backoff: { baseMs: 10 } });
    const result = await handle.done;
    expect(result.status).toBe('failed');
    expect(result.tasks.map((t) => [t.status, t.attempts, t.failure?.kind])).toEqual([
      ['failed', 2, 'crash'],
      ['blocked', 0, undefined],
    ]);
  });

  it('cancellation stops every running task: all their processes are gone when the run resolves', async () => {
    const runner = new CommandRunner({ argv: [node, path.join(fixtures, 'sleeper.mjs')], killGraceMs: 2000 });
    const tasks = Array.from({ length: 6 }, (_, i) => task(`T${i}`));
    const handle = startRun(graph(tasks), { runner, agents: [agent('a'), agent('b')], cwd, workers: 4 });
    const pids = new Map<string, number[]>();
    const allStarted = new Promise<void>((resolve) => {
      handle.onEvent((e) => {
        if (e.type !== 'task.progress' || !e.message.startsWith('pids ')) return;
        pids.set(e.taskId, e.message.split(' ').slice(1).map(Number));
        if (pids.size === 4) resolve();
      });
    });
    const recorder = new Recorder(handle);
    let everyPid: number[] = [];
    try {
      await allStarted;
      everyPid = [...pids.values()].flat();
      expect(everyPid).toHaveLength(8);
      expect(everyPid.every(alive)).toBe(true);
    } finally {
      // Cancel even when an expectation failed, so no sleeper outlives the test.
      handle.cancel('User pressed stop.');
    }
    const result = await handle.done;
    expect(result.status).toBe('cancelled');
    expect(result.tasks.map((t) => t.status)).toEqual(Array(6).fill('cancelled'));
    expect(recorder.of('task.cancelled').map((e) => e.reason)).toEqual(Array(6).fill('User pressed stop.'));
    expect(everyPid.filter(alive)).toEqual([]);
    expect(recorder.of('run.finished')[0]!.status).toBe('cancelled');
  });
});
