/** The agent manager: sessions within maxAgents, idle sessions ending, load for the router, dynamic spawning. */
import { describe, expect, it } from 'vitest';
import { specializedProfile, startRun, VirtualClock, type RouterPort } from '../../src/orchestrator/engine';
import { Router } from '../../src/orchestrator/routing';
import { SimulatedRunner } from '../../src/orchestrator/runners';
import { agent, FakeRouter, graph, Recorder, task } from '../fixtures/runners/engineKit';

const base = { cwd: '/work', runId: 'run-test' };

/** The most sessions alive at once, from agent.spawned / agent.ended. */
function maxAlive(recorder: Recorder): number {
  let alive = 0;
  let most = 0;
  for (const e of recorder.events) {
    if (e.type === 'agent.spawned') most = Math.max(most, ++alive);
    if (e.type === 'agent.ended') alive -= 1;
  }
  return most;
}

describe('agent manager', () => {
  it('keeps sessions within maxAgents and ends idle ones to make room', async () => {
    const clock = new VirtualClock();
    const names = ['a', 'b', 'c', 'd'];
    // Each task is routed to its own agent, so four agents want sessions but only two may live at once.
    const router = new FakeRouter(names, 0.9, Object.fromEntries(names.map((n, i) => [`T${i}`, [n]])));
    const tasks = names.map((_, i) => task(`T${i}`));
    const handle = startRun(graph(tasks), { ...base, runner: new SimulatedRunner({ clock }), agents: names.map((n) => agent(n)), router, workers: 4, maxAgents: 2, clock });
    const recorder = new Recorder(handle);
    const result = await clock.runUntil(handle.done);
    expect(result.status).toBe('succeeded');
    expect(maxAlive(recorder)).toBe(2);
    expect(recorder.of('agent.spawned').map((e) => e.agent).sort()).toEqual(names);
    expect(result.totals.durationMs).toBe(2000);
  });

  it('announces idle sessions, ends them, and ends every session when the run finishes', async () => {
    const clock = new VirtualClock();
    const tasks = [task('A', { estimateMs: 1000 }), task('B', { estimateMs: 3000 })];
    const router = new FakeRouter(['x', 'y'], 0.9, { A: ['x', 'y'], B: ['y', 'x'] });
    const handle = startRun(graph(tasks), { ...base, runner: new SimulatedRunner({ clock }), agents: [agent('x'), agent('y')], router, clock, idleTimeoutMs: 500 });
    const recorder = new Recorder(handle);
    await clock.runUntil(handle.done);
    // B is on the longer path, so it starts (and y spawns) first.
    const lifecycle = recorder.events.filter((e) => e.type.startsWith('agent.')).map((e) => `${e.time} ${e.type} ${'agent' in e ? e.agent : ''}`);
    expect(lifecycle).toEqual(['0 agent.spawned y', '0 agent.spawned x', '1000 agent.idle x', '1500 agent.ended x', '3000 agent.idle y', '3000 agent.ended y']);
  });

  it('reuses a busy agent session for its next task without a new spawn', async () => {
    const clock = new VirtualClock();
    const tasks = [task('A'), task('B'), task('C')];
    const handle = startRun(graph(tasks, [['A', 'B'], ['B', 'C']]), { ...base, runner: new SimulatedRunner({ clock }), agents: [agent('solo')], clock });
    const recorder = new Recorder(handle);
    await clock.runUntil(handle.done);
    expect(recorder.of('agent.spawned')).toHaveLength(1);
    expect(recorder.of('agent.ended')).toHaveLength(1);
  });

  it('balances load without a router: least busy agent first, ties in turn', async () => {
    const clock = new VirtualClock();
    const tasks = Array.from({ length: 6 }, (_, i) => task(`T${i}`));
    const handle = startRun(graph(tasks), { ...base, runner: new SimulatedRunner({ clock }), agents: [agent('a'), agent('b'), agent('c')], workers: 3, clock });
    const recorder = new Recorder(handle);
    const result = await clock.runUntil(handle.done);
    expect(result.tasks.map((t) => t.agent)).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
    expect(recorder.of('task.assigned')[0]!.fallbacks).toEqual(['b', 'c']);
    expect(recorder.of('agent.spawned').every((e) => !e.dynamic)).toBe(true);
  });

  it('lets the best agent use every worker by default', async () => {
    const clock = new VirtualClock();
    const router = new FakeRouter(['a', 'b']);
    const handle = startRun(graph([task('A'), task('B'), task('C')]), { ...base, runner: new SimulatedRunner({ clock }), agents: [agent('a'), agent('b')], router, workers: 4, clock });
    const result = await clock.runUntil(handle.done);
    expect(result.tasks.map((t) => t.agent)).toEqual(['a', 'a', 'a']);
    expect(router.calls.map((c) => c.load.get('a'))).toEqual([0, 0.25, 0.5]);
  });

  it('tells the router how busy each agent is', async () => {
    const clock = new VirtualClock();
    const router = new FakeRouter(['a', 'b']);
    const handle = startRun(graph([task('A'), task('B'), task('C')]), { ...base, runner: new SimulatedRunner({ clock }), agents: [agent('a'), agent('b')], router, workers: 4, maxConcurrencyPerAgent: 2, clock });
    await clock.runUntil(handle.done);
    // Limit 2 each: after A went to a, a is half busy when B and C are routed.
    expect(router.calls.map((c) => c.load.get('a'))).toEqual([0, 0.5, 1]);
  });
});

describe('dynamic spawning', () => {
  const pythonTask = task('P', { title: 'Add the FastAPI endpoint', tags: ['python', 'fastapi', 'backend'], files: ['api/main.py'] });

  it('spawns a specialized agent when no agent fits, uses it, and ends it when idle', async () => {
    const clock = new VirtualClock();
    const router = new FakeRouter(['docs-writer'], 0.05);
    const handle = startRun(graph([pythonTask]), { ...base, runner: new SimulatedRunner({ clock }), agents: [agent('docs-writer')], router, clock, spawnThreshold: 0.2 });
    const recorder = new Recorder(handle);
    const result = await clock.runUntil(handle.done);
    expect(result.tasks[0]).toMatchObject({ status: 'succeeded', agent: 'spawned-python-backend' });
    expect(recorder.of('agent.spawned')).toMatchObject([{ agent: 'spawned-python-backend', dynamic: true }]);
    expect(recorder.of('agent.ended').map((e) => e.agent)).toEqual(['spawned-python-backend']);
    const assigned = recorder.of('task.assigned')[0]!;
    expect(assigned.reason).toMatch(/best specialization 0\.05 is below 0\.2/);
    expect(assigned.fallbacks).toEqual(['docs-writer']);
    expect(result.spawnedAgents).toHaveLength(1);
    expect(result.spawnedAgents[0]).toMatchObject({ name: 'spawned-python-backend', source: 'spawned' });
    expect(router.added.map((a) => a.name)).toEqual(['spawned-python-backend']);
  });

  it('spawns once per kind of task and never without a router or with threshold 0', async () => {
    const twin = { ...pythonTask, id: 'Q' };
    const run = async (options: { router?: FakeRouter; spawnThreshold?: number }) => {
      const clock = new VirtualClock();
      const handle = startRun(graph([pythonTask, twin]), { ...base, runner: new SimulatedRunner({ clock }), agents: [agent('docs-writer')], clock, ...options });
      return clock.runUntil(handle.done);
    };
    const spawned = await run({ router: new FakeRouter(['docs-writer'], 0) });
    expect(spawned.spawnedAgents.map((a) => a.name)).toEqual(['spawned-python-backend']);
    expect(spawned.tasks.map((t) => t.agent)).toEqual(['spawned-python-backend', 'spawned-python-backend']);
    expect((await run({})).spawnedAgents).toEqual([]);
    expect((await run({ router: new FakeRouter(['docs-writer'], 0), spawnThreshold: 0 })).spawnedAgents).toEqual([]);
  });

  it('names and prompts a spawned profile from the languages, frameworks and role of the task', () => {
    const profile = specializedProfile(pythonTask)!;
    expect(profile.name).toBe('spawned-python-backend');
    expect(profile.description).toContain('Python (fastapi) backend');
    expect(profile.prompt).toContain('idiomatic Python');
    expect(profile.prompt).toContain('fastapi');
    expect(specializedProfile(task('R', { tags: ['react', 'frontend'] }))!.name).toBe('spawned-react-frontend');
    expect(specializedProfile(task('S', { tags: ['terraform'] }))!.name).toBe('spawned-terraform');
    expect(specializedProfile(task('U', { tags: [] }))).toBeUndefined();
  });
});

describe('with the routing module', () => {
  it("runs with the real Router, which fits the engine's router port, and spawns where it finds no fit", async () => {
    const clock = new VirtualClock();
    const agents = [
      agent('python-backend', { description: 'Python backend developer: FastAPI endpoints, SQLAlchemy models, pytest tests.' }),
      agent('react-frontend', { description: 'React and TypeScript frontend developer: components, hooks, CSS.' }),
    ];
    const router: RouterPort = new Router(agents);
    const tasks = [
      task('api', { title: 'Add the FastAPI endpoint for orders', files: ['api/orders.py'], tags: ['python', 'fastapi', 'backend'] }),
      task('ui', { title: 'Add the React order list component', files: ['web/OrderList.tsx'], tags: ['typescript', 'react', 'frontend'] }),
      task('k8s', { title: 'Write the Helm chart and Kubernetes deployment manifests', files: ['deploy/chart/values.yaml'], tags: ['kubernetes', 'helm', 'devops'] }),
    ];
    const handle = startRun(graph(tasks), { ...base, runner: new SimulatedRunner({ clock }), agents, router, clock });
    const recorder = new Recorder(handle);
    const result = await clock.runUntil(handle.done);
    expect(result.status).toBe('succeeded');
    for (const e of recorder.of('task.assigned')) {
      expect(e.reason.length).toBeGreaterThan(0);
      expect(new Set([e.agent, ...e.fallbacks]).size).toBe(1 + e.fallbacks.length);
    }
    // Neither agent knows deployment work, so the engine spawns a specialist for that task only.
    expect(result.tasks.map((t) => t.agent)).toEqual(['python-backend', 'react-frontend', 'spawned-kubernetes-devops']);
    expect(result.spawnedAgents.map((a) => a.name)).toEqual(['spawned-kubernetes-devops']);
  });
});
