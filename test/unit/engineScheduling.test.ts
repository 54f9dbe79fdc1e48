/** Scheduling order, slots, readiness, events, prompts and option validation. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RunEvent, TaskStatus } from '../../src/orchestrator/model';
import { CycleError } from '../../src/orchestrator/plan/graphUtils';
import { EngineOptionsError, readyTaskIds, startRun, VirtualClock, type PromptContext } from '../../src/orchestrator/engine';
import { SimulatedRunner, type AgentRunner } from '../../src/orchestrator/runners';
import { agent, graph, Recorder, task } from '../fixtures/runners/engineKit';

const base = { cwd: '/work', runId: 'run-test' };

function simulated(clock: VirtualClock, extra: Partial<ConstructorParameters<typeof SimulatedRunner>[0]> = {}) {
  return new SimulatedRunner({ clock, ...extra });
}

describe('engine scheduling', () => {
  it('starts the task on the critical path first, and in graph order with priority fifo', async () => {
    // X → Y → Z is the long chain; P and Q are short and come first in the graph.
    const tasks = [task('P', { estimateMs: 500 }), task('Q', { estimateMs: 400 }), task('X', { estimateMs: 1000 }), task('Y', { estimateMs: 1000 }), task('Z', { estimateMs: 1000 })];
    const edges: Array<[string, string]> = [['X', 'Y'], ['Y', 'Z']];
    const order = async (priority: 'critical-path' | 'fifo') => {
      const clock = new VirtualClock();
      const handle = startRun(graph(tasks, edges), { ...base, runner: simulated(clock), agents: [agent('dev')], workers: 1, clock, priority });
      const recorder = new Recorder(handle);
      const result = await clock.runUntil(handle.done);
      return { starts: recorder.startOrder(), makespan: result.totals.durationMs };
    };
    expect((await order('critical-path')).starts).toEqual(['X', 'Y', 'Z', 'P', 'Q']);
    expect((await order('fifo')).starts).toEqual(['P', 'Q', 'X', 'Y', 'Z']);
  });

  it('shortens the makespan by starting the critical path first with two workers', async () => {
    const tasks = [task('P', { estimateMs: 1000 }), task('Q', { estimateMs: 1000 }), task('X', { estimateMs: 1000 }), task('Y', { estimateMs: 1000 })];
    const makespan = async (priority: 'critical-path' | 'fifo') => {
      const clock = new VirtualClock();
      const handle = startRun(graph(tasks, [['X', 'Y']]), { ...base, runner: simulated(clock), agents: [agent('dev')], workers: 2, clock, priority });
      return (await clock.runUntil(handle.done)).totals.durationMs;
    };
    expect(await makespan('critical-path')).toBe(2000);
    expect(await makespan('fifo')).toBe(3000);
  });

  it('never runs more than W tasks and starts a task only after all its dependencies succeeded', () => {
    const dag = fc
      .integer({ min: 1, max: 25 })
      .chain((n) => fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 3 * n }), fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: n, maxLength: n }), fc.integer({ min: 1, max: 6 })));
    return fc.assert(
      fc.asyncProperty(dag, async ([n, pairs, durations, workers]) => {
        const tasks = durations.map((ms, i) => task(`T${i}`, { estimateMs: ms }));
        const edges = pairs.filter(([a, b]) => a < b).map(([a, b]): [string, string] => [`T${a}`, `T${b}`]);
        const g = graph(tasks, edges);
        const clock = new VirtualClock();
        const handle = startRun(g, { ...base, runner: simulated(clock), agents: [agent('a'), agent('b')], workers, clock });
        const statuses = new Map<string, TaskStatus>();
        // Listeners are observers whose exceptions the engine swallows, so violations are collected.
        const violations: string[] = [];
        let running = 0;
        handle.onEvent((e) => {
          if (e.type === 'task.ready' && !readyTaskIds(g, statuses).includes(e.taskId)) violations.push(`${e.taskId} ready too early`);
          if (e.type === 'task.started') {
            if (!g.dependencies.filter((d) => d.to === e.taskId).every((d) => statuses.get(d.from) === 'succeeded')) violations.push(`${e.taskId} started too early`);
            running += 1;
            if (running > workers) violations.push(`${running} running with ${workers} workers`);
          }
          if (e.type === 'task.succeeded') {
            running -= 1;
            statuses.set(e.taskId, 'succeeded');
          }
        });
        const result = await clock.runUntil(handle.done);
        expect(violations).toEqual([]);
        expect(result.status).toBe('succeeded');
        expect(result.tasks.map((t) => t.taskId)).toEqual(tasks.map((t) => t.id));
        expect(tasks).toHaveLength(n);
      }),
      { numRuns: 60 },
    );
  });

  it('counts tasks marked done as succeeded without running them', async () => {
    const clock = new VirtualClock();
    const tasks = [task('A', { marker: 'done' }), task('B')];
    const handle = startRun(graph(tasks, [['A', 'B']]), { ...base, runner: simulated(clock), agents: [agent('dev')], clock });
    const recorder = new Recorder(handle);
    const result = await clock.runUntil(handle.done);
    expect(result.status).toBe('succeeded');
    expect(result.tasks.map((t) => [t.taskId, t.attempts])).toEqual([['A', 0], ['B', 1]]);
    expect(recorder.startOrder()).toEqual(['B']);
    expect(recorder.of('task.succeeded')[0]).toMatchObject({ taskId: 'A', attempt: 0 });
  });

  it('finishes an empty graph at once', async () => {
    const clock = new VirtualClock();
    const handle = startRun(graph([]), { ...base, runner: simulated(clock), agents: [agent('dev')], clock });
    const result = await clock.runUntil(handle.done);
    expect(result).toMatchObject({ status: 'succeeded', tasks: [], totals: { tasks: 0 } });
  });
});

describe('engine events', () => {
  it('stamps every event with the run id, a growing seq and the clock time, from run.started to run.finished', async () => {
    const clock = new VirtualClock({ start: 1_700_000_000_000 });
    const tasks = [task('A'), task('B', { estimateMs: 3000 }), task('C')];
    const handle = startRun(graph(tasks, [['A', 'C']]), { ...base, runner: simulated(clock), agents: [agent('dev')], clock });
    const events: RunEvent[] = [];
    handle.onEvent((e) => events.push(e));
    await clock.runUntil(handle.done);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.every((e) => e.runId === 'run-test')).toBe(true);
    expect(events.map((e) => e.time)).toEqual([...events.map((e) => e.time)].sort((a, b) => a - b));
    expect(events[0]).toMatchObject({ type: 'run.started', taskCount: 3, workers: 4, time: 1_700_000_000_000 });
    expect(events.at(-1)).toMatchObject({ type: 'run.finished', status: 'succeeded', totals: { succeeded: 3, durationMs: 3000 } });
    const assigned = events.find((e) => e.type === 'task.assigned');
    expect(assigned).toMatchObject({ agent: 'dev', fallbacks: [] });
    expect(assigned && 'reason' in assigned && assigned.reason.length).toBeGreaterThan(10);
  });

  it('keeps running when a listener throws, and reports the error', async () => {
    const clock = new VirtualClock();
    const reported: unknown[] = [];
    const handle = startRun(graph([task('A'), task('B')]), { ...base, runner: simulated(clock), agents: [agent('dev')], clock, onListenerError: (error) => reported.push(error) });
    handle.onEvent(() => {
      throw new Error('bad listener');
    });
    const seen: string[] = [];
    const stop = handle.onEvent((e) => seen.push(e.type));
    const result = await clock.runUntil(handle.done);
    expect(result.status).toBe('succeeded');
    expect(reported.length).toBe(seen.length);
    expect(seen.at(-1)).toBe('run.finished');
    stop();
  });

  it('stops delivering to a listener once it unsubscribes', async () => {
    const clock = new VirtualClock();
    const handle = startRun(graph([task('A'), task('B')]), { ...base, runner: simulated(clock), agents: [agent('dev')], clock });
    const seen: string[] = [];
    const stop = handle.onEvent((e) => {
      seen.push(e.type);
      if (e.type === 'task.started') stop();
    });
    await clock.runUntil(handle.done);
    expect(seen).toEqual(['run.started', 'task.ready', 'task.ready', 'task.assigned', 'agent.spawned', 'task.started']);
  });
});

describe('engine prompts', () => {
  it('builds the default prompt from the task, its files and what its dependencies produced', async () => {
    const clock = new VirtualClock();
    const prompts = new Map<string, string>();
    const inner = simulated(clock);
    const runner: AgentRunner = { name: 'spy', run: (request, signal, onProgress) => (prompts.set(request.task.id, request.prompt), inner.run(request, signal, onProgress)) };
    const tasks = [task('A', { title: 'Create the model', files: ['src/model.ts'] }), task('B', { title: 'Use the model', body: 'Wire it into the API.', files: ['src/api.ts'] })];
    const handle = startRun(graph(tasks, [['A', 'B']]), { ...base, runner, agents: [agent('dev')], clock });
    await clock.runUntil(handle.done);
    const prompt = prompts.get('B')!;
    expect(prompt).toContain('# Task B: Use the model');
    expect(prompt).toContain('Wire it into the API.');
    expect(prompt).toContain('- src/api.ts');
    expect(prompt).toContain('### A: Create the model');
    expect(prompt).toContain('dev finished "Create the model" (simulated).');
    expect(prompt).toContain('Files changed: src/model.ts');
    expect(prompt).toMatch(/short summary/);
    expect(prompts.get('A')).not.toContain('What earlier tasks produced');
  });

  it('uses a custom prompt builder with the attempt, agent and previous failure', async () => {
    const clock = new VirtualClock();
    const contexts: PromptContext[] = [];
    const inner = simulated(clock, { transientFaultRate: 1 });
    const runner: AgentRunner = { name: 'reader', run: (request, signal, onProgress) => (request.prompt.length, inner.run(request, signal, onProgress)) };
    const handle = startRun(graph([task('A')]), {
      ...base,
      runner,
      agents: [agent('dev')],
      clock,
      maxAttempts: 2,
      buildPrompt: (t, context) => {
        contexts.push({ ...context, dependencies: context.dependencies });
        return `do ${t.id}`;
      },
    });
    await clock.runUntil(handle.done);
    expect(contexts.map((c) => [c.attempt, c.agent.name, c.previousFailure?.kind])).toEqual([
      [1, 'dev', undefined],
      [2, 'dev', 'transient'],
    ]);
  });

  it('builds the prompt only for runners that read it, and turns a throwing builder into a crash', async () => {
    const clock = new VirtualClock();
    let built = 0;
    const lazy = startRun(graph([task('A')]), { ...base, runner: simulated(clock), agents: [agent('dev')], clock, buildPrompt: () => String(++built) });
    expect((await clock.runUntil(lazy.done)).status).toBe('succeeded');
    expect(built).toBe(0);
    const inner = simulated(clock);
    const reader: AgentRunner = { name: 'reader', run: (request, signal, onProgress) => (JSON.stringify(request).includes('"prompt":"1"') ? inner.run(request, signal, onProgress) : Promise.resolve({ ok: false })) };
    const eager = startRun(graph([task('A')]), { ...base, runner: reader, agents: [agent('dev')], clock, buildPrompt: () => String(++built) });
    expect((await clock.runUntil(eager.done)).status).toBe('succeeded');
    const broken = startRun(graph([task('A')]), {
      ...base,
      runner: reader,
      agents: [agent('dev')],
      clock,
      maxAttempts: 1,
      buildPrompt: () => {
        throw new Error('template missing');
      },
    });
    const result = await clock.runUntil(broken.done);
    expect(result.tasks[0]!.failure).toEqual({ kind: 'crash', message: 'The runner threw: template missing' });
  });
});

describe('engine options', () => {
  const valid = () => ({ ...base, runner: simulated(new VirtualClock()), agents: [agent('dev')] });

  it.each([
    [{ workers: 0 }, 'workers must be an integer from 1 to 50; received 0.'],
    [{ workers: 51 }, 'workers must be an integer from 1 to 50; received 51.'],
    [{ workers: 2.5 }, 'workers must be an integer from 1 to 50; received 2.5.'],
    [{ workers: '4' }, 'workers must be an integer from 1 to 50; received "4".'],
    [{ maxAttempts: 0 }, 'maxAttempts must be an integer from 1 to 100; received 0.'],
    [{ maxAgents: -1 }, 'maxAgents must be an integer of at least 1; received -1.'],
    [{ taskTimeoutMs: -5 }, 'taskTimeoutMs must be a finite number of milliseconds, 0 or more; received -5.'],
    [{ backoff: { jitter: 2 } }, 'backoff.jitter must be a number from 0 to 1; received 2.'],
    [{ priority: 'random' }, 'priority must be "critical-path" or "fifo"; received "random".'],
    [{ agents: [] }, 'agents must list at least one agent profile; received an empty list.'],
  ])('rejects %j with a message saying what was expected and received', (override, message) => {
    const options = { ...valid(), ...override } as Parameters<typeof startRun>[1];
    expect(() => startRun(graph([task('A')]), options)).toThrow(new EngineOptionsError('invalid-option', message));
  });

  it('rejects a graph with a cycle, naming it, and duplicate task ids', () => {
    expect(() => startRun(graph([task('A'), task('B')], [['A', 'B'], ['B', 'A']]), valid())).toThrow(CycleError);
    expect(() => startRun(graph([task('A'), task('B')], [['A', 'B'], ['B', 'A']]), { ...valid(), priority: 'fifo' })).toThrow(/A "Task A" → B "Task B" → A|B "Task B" → A "Task A" → B/);
    expect(() => startRun(graph([task('A'), task('A')]), valid())).toThrow(/"A" is used by more than one task/);
  });

  it('rejects a missing runner or cwd', () => {
    expect(() => startRun(graph([]), { ...valid(), runner: undefined as unknown as AgentRunner })).toThrow(/runner must be an AgentRunner/);
    expect(() => startRun(graph([]), { ...valid(), cwd: '' })).toThrow(/cwd must be the directory/);
  });
});
