/** Resuming a run in a new life (completed, ended and interrupted tasks, seq numbering) and retrying tasks. */
import { describe, expect, it } from 'vitest';
import { startRun, VirtualClock } from '../../src/orchestrator/engine';
import type { AgentRunner, RunRequest, RunnerResult } from '../../src/orchestrator/runners';
import { agent, FakeRouter, graph, Recorder, task } from '../fixtures/runners/engineKit';

const base = { cwd: '/work', runId: 'run-resume' };

/** A runner scripted per task and attempt (`script[taskId][attempt - 1]`), recording every request it gets. */
function scripted(clock: VirtualClock, script: Record<string, RunnerResult[]> = {}, ms = 100) {
  const requests: RunRequest[] = [];
  const runner: AgentRunner = {
    name: 'scripted',
    run(request) {
      requests.push({ ...request, prompt: request.prompt, resumeSessionId: request.resumeSessionId });
      const step = script[request.task.id]?.[request.attempt - 1] ?? { ok: true, summary: `${request.task.id} done` };
      return new Promise((resolve) => clock.setTimeout(() => resolve(step), ms));
    },
  };
  return { runner, requests };
}

const unrecoverable: RunnerResult = { ok: false, failure: { kind: 'unrecoverable', message: 'no such repo' } };

describe('engine resume', () => {
  it('counts completed tasks as succeeded without events, feeds their output to dependents, and numbers from firstSeq', async () => {
    const clock = new VirtualClock();
    const { runner, requests } = scripted(clock);
    const completed = new Map([['A', { agent: 'dev', summary: 'A made the schema', filesChanged: ['db.sql'], attempts: 2, costUsd: 0.5, durationMs: 300 }]]);
    const handle = startRun(graph([task('A'), task('B')], [['A', 'B']]), { ...base, runner, agents: [agent('dev')], clock, firstSeq: 41, completed });
    const recorder = new Recorder(handle);
    const result = await clock.runUntil(handle.done);
    expect(result.status).toBe('succeeded');
    expect(recorder.events.map((e) => e.seq)).toEqual(recorder.events.map((_, i) => 41 + i));
    expect(recorder.of('task.succeeded').map((e) => e.taskId)).toEqual(['B']);
    expect(requests.map((r) => r.task.id)).toEqual(['B']);
    expect(requests[0]!.prompt).toContain('A made the schema');
    expect(requests[0]!.prompt).toContain('db.sql');
    expect(result.tasks[0]).toMatchObject({ taskId: 'A', status: 'succeeded', agent: 'dev', attempts: 2, costUsd: 0.5, summary: 'A made the schema' });
    expect(result.totals).toMatchObject({ succeeded: 2, costUsd: 0.5 });
  });

  it('keeps a whole completed chain completed, whatever order the earlier successes come in', async () => {
    const clock = new VirtualClock();
    const { runner, requests } = scripted(clock);
    const completed = new Map([['B', { summary: 'b' }], ['A', { summary: 'a' }]]);
    const handle = startRun(graph([task('A'), task('B'), task('C')], [['A', 'B'], ['B', 'C']]), { ...base, runner, agents: [agent('dev')], clock, completed });
    const recorder = new Recorder(handle);
    const result = await clock.runUntil(handle.done);
    expect(requests.map((r) => r.task.id)).toEqual(['C']);
    expect(recorder.of('task.ready').map((e) => e.taskId)).toEqual(['C']);
    expect(result.tasks.map((t) => t.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  });

  it('lets a completed task win over a done marker, so no second success is announced', async () => {
    const clock = new VirtualClock();
    const { runner } = scripted(clock);
    const completed = new Map([['A', { summary: 'earlier' }]]);
    const handle = startRun(graph([task('A', { marker: 'done' }), task('B', { marker: 'done' })]), { ...base, runner, agents: [agent('dev')], clock, completed });
    const recorder = new Recorder(handle);
    await clock.runUntil(handle.done);
    expect(recorder.of('task.succeeded').map((e) => e.taskId)).toEqual(['B']);
  });

  it('keeps ended tasks ended and their dependents blocked, silently', async () => {
    const clock = new VirtualClock();
    const { runner, requests } = scripted(clock);
    const ended = new Map([['A', { status: 'failed' as const, failure: { kind: 'crash' as const, message: 'boom' }, attempts: 3 }]]);
    const handle = startRun(graph([task('A'), task('B'), task('C')], [['A', 'B']]), { ...base, runner, agents: [agent('dev')], clock, ended });
    const recorder = new Recorder(handle);
    const result = await clock.runUntil(handle.done);
    expect(result.status).toBe('failed');
    expect(result.tasks.map((t) => [t.taskId, t.status])).toEqual([['A', 'failed'], ['B', 'blocked'], ['C', 'succeeded']]);
    expect(recorder.of('task.blocked')).toHaveLength(0);
    expect(recorder.of('task.failed')).toHaveLength(0);
    expect(requests.map((r) => r.task.id)).toEqual(['C']);
  });

  it('continues attempt numbers and resumes the recorded session only on the same agent', async () => {
    const clock = new VirtualClock();
    const { runner, requests } = scripted(clock);
    const interrupted = new Map([
      ['A', { attempts: 2, sessionId: 'sess-a', agent: 'dev' }],
      ['B', { attempts: 1, sessionId: 'sess-b', agent: 'someone-else' }],
    ]);
    const handle = startRun(graph([task('A'), task('B')]), { ...base, runner, agents: [agent('dev')], clock, interrupted });
    const recorder = new Recorder(handle);
    await clock.runUntil(handle.done);
    const byTask = new Map(requests.map((r) => [r.task.id, r]));
    expect(byTask.get('A')).toMatchObject({ attempt: 3, resumeSessionId: 'sess-a' });
    expect(byTask.get('B')).toMatchObject({ attempt: 2, resumeSessionId: undefined });
    expect(recorder.of('task.started').map((e) => [e.taskId, e.attempt])).toEqual([['A', 3], ['B', 2]]);
  });

  it('carries a session id the runner reports into task.progress', async () => {
    const clock = new VirtualClock();
    const runner: AgentRunner = {
      name: 'sessions',
      run(_request, _signal, onProgress) {
        onProgress({ message: 'session started', sessionId: 'sess-1' });
        onProgress({ message: 'working' });
        return Promise.resolve({ ok: true });
      },
    };
    const handle = startRun(graph([task('A')]), { ...base, runner, agents: [agent('dev')], clock });
    const recorder = new Recorder(handle);
    await clock.runUntil(handle.done);
    expect(recorder.of('task.progress').map((e) => e.sessionId)).toEqual(['sess-1', undefined]);
  });

  it('rejects a firstSeq below 1', () => {
    const clock = new VirtualClock();
    const { runner } = scripted(clock);
    expect(() => startRun(graph([task('A')]), { ...base, runner, agents: [agent('dev')], clock, firstSeq: 0 })).toThrow(/firstSeq must be an integer of at least 1; received 0/);
  });
});

describe('engine retryTask', () => {
  it('runs a failed task again within the run, unblocks its dependents and resolves done only after them', async () => {
    const clock = new VirtualClock();
    const { runner } = scripted(clock, { A: [unrecoverable] }, 100);
    const tasks = [task('A'), task('B'), task('C'), task('D')];
    // D is slow, so the run is still going when A has failed and B and C are blocked.
    const slow: AgentRunner = { name: 'mixed', run: (request, signal, onProgress) => (request.task.id === 'D' ? new Promise((resolve) => clock.setTimeout(() => resolve({ ok: true }), 1000)) : runner.run(request, signal, onProgress)) };
    const handle = startRun(graph(tasks, [['A', 'B'], ['B', 'C']]), { ...base, runner: slow, agents: [agent('dev')], router: new FakeRouter(['dev']), clock });
    const recorder = new Recorder(handle);
    await clock.advanceAsync(500);
    expect(recorder.of('task.blocked').map((e) => e.taskId)).toEqual(['B', 'C']);
    expect(handle.retryTask('C')).toBe(true);
    const result = await clock.runUntil(handle.done);
    expect(result.status).toBe('succeeded');
    expect(recorder.of('task.retry-requested')).toMatchObject([{ taskId: 'C', retried: ['A'], unblocked: ['B', 'C'] }]);
    expect(recorder.of('task.started').filter((e) => e.taskId === 'A').map((e) => e.attempt)).toEqual([1, 2]);
    const order = recorder.events.map((e) => `${e.type}:${'taskId' in e ? e.taskId : ''}`);
    expect(order.indexOf('task.retry-requested:C')).toBeLessThan(order.indexOf('task.ready:A', order.indexOf('task.retry-requested:C')));
    expect(recorder.of('run.finished')).toHaveLength(1);
    expect(recorder.events.map((e) => e.seq)).toEqual(recorder.events.map((_, i) => i + 1));
  });

  it('applies a retry asked for by a listener of the failure, before the run could finish', async () => {
    const clock = new VirtualClock();
    const { runner } = scripted(clock, { A: [unrecoverable] });
    const handle = startRun(graph([task('A'), task('B')], [['A', 'B']]), { ...base, runner, agents: [agent('dev')], clock });
    const answers: boolean[] = [];
    handle.onEvent((e) => {
      if (e.type === 'task.blocked') answers.push(handle.retryTask('A'));
    });
    const recorder = new Recorder(handle);
    const result = await clock.runUntil(handle.done);
    expect(answers).toEqual([true]);
    expect(result.status).toBe('succeeded');
    expect(recorder.of('task.succeeded').map((e) => e.taskId)).toEqual(['A', 'B']);
  });

  it('revives an ended task from an earlier life when asked before the run begins', async () => {
    const clock = new VirtualClock();
    const { runner, requests } = scripted(clock);
    const ended = new Map([['A', { status: 'cancelled' as const, attempts: 1 }]]);
    const handle = startRun(graph([task('A'), task('B')], [['A', 'B']]), { ...base, runner, agents: [agent('dev')], clock, ended, firstSeq: 10 });
    expect(handle.retryTask('A')).toBe(true);
    const recorder = new Recorder(handle);
    const result = await clock.runUntil(handle.done);
    expect(result.status).toBe('succeeded');
    expect(requests.map((r) => [r.task.id, r.attempt])).toEqual([['A', 2], ['B', 1]]);
    expect(recorder.events[1]).toMatchObject({ type: 'task.retry-requested', seq: 11, retried: ['A'], unblocked: ['B'] });
  });

  it('answers false for tasks that cannot be retried and once the run is over', async () => {
    const clock = new VirtualClock();
    const { runner } = scripted(clock, { A: [unrecoverable] });
    const handle = startRun(graph([task('A'), task('B'), task('C')], [['A', 'B']]), { ...base, runner, agents: [agent('dev')], clock, workers: 1 });
    expect(handle.retryTask('nope')).toBe(false);
    await clock.advanceAsync(50);
    expect(handle.retryTask('A')).toBe(false); // Running.
    expect(handle.retryTask('C')).toBe(false); // Pending.
    const result = await clock.runUntil(handle.done);
    expect(result.status).toBe('failed');
    expect(handle.retryTask('A')).toBe(false); // Finished.
  });

  it('leaves a task blocked that another failed task still blocks', async () => {
    const clock = new VirtualClock();
    const { runner } = scripted(clock, { A: [unrecoverable], B: [unrecoverable] });
    const slow: AgentRunner = { name: 'mixed', run: (request, signal, onProgress) => (request.task.id === 'D' ? new Promise((resolve) => clock.setTimeout(() => resolve({ ok: true }), 1000)) : runner.run(request, signal, onProgress)) };
    const handle = startRun(graph([task('A'), task('B'), task('C'), task('D')], [['A', 'C'], ['B', 'C']]), { ...base, runner: slow, agents: [agent('dev')], clock });
    const recorder = new Recorder(handle);
    await clock.advanceAsync(500);
    expect(handle.retryTask('A')).toBe(true);
    const result = await clock.runUntil(handle.done);
    expect(recorder.of('task.retry-requested')).toMatchObject([{ taskId: 'A', retried: ['A'], unblocked: [] }]);
    expect(result.tasks.map((t) => [t.taskId, t.status])).toEqual([['A', 'succeeded'], ['B', 'failed'], ['C', 'blocked'], ['D', 'succeeded']]);
  });
});
