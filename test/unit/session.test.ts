/** The session API over a real store in a temporary folder, with scripted runners. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  interruptedRuns,
  openStore,
  preparePlan,
  readRecipe,
  resumeOrchestration,
  SessionError,
  startOrchestration,
} from '../../src/orchestrator/index';
import type { AgentRunner, DurableStore, RunEvent, RunRecipe, RunRequest, RunnerResult } from '../../src/orchestrator/index';

const PRP = `# Greetings

## Goal
Say hello.

## Implementation Blueprint

### Task 1: CREATE db/migrations/001_greetings.sql
- Create the greetings table with a SQL migration.

### Task 2: CREATE src/server/greetings.ts
- A backend TypeScript module that reads the greetings table.
- DEPENDENCIES: Task 1

### Task 3: CREATE docs/greetings.md
- Document the greetings for users.
`;

const AGENTS: Record<string, string> = {
  'db.md': '---\nname: database-architect\ndescription: Designs SQL schemas and writes database migrations.\n---\nYou design databases.\n',
  'backend.md': '---\nname: backend-engineer\ndescription: Writes backend TypeScript services and APIs.\n---\nYou write servers.\n',
  'docs.md': '---\nname: docs-writer\ndescription: Writes user documentation in markdown.\n---\nYou write docs.\n',
};

let dir: string;
let store: DurableStore;
let request: { prpPath: string; workspaceDir: string; agentsDirs: string[] };

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'prp-session-'));
  const agentsDir = path.join(dir, 'agents');
  mkdirSync(agentsDir);
  for (const [name, text] of Object.entries(AGENTS)) writeFileSync(path.join(agentsDir, name), text);
  writeFileSync(path.join(dir, 'prp.md'), PRP);
  request = { prpPath: path.join(dir, 'prp.md'), workspaceDir: dir, agentsDirs: [agentsDir] };
  store = await openStore({ dir: path.join(dir, 'db') });
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A runner scripted per task and attempt (default: success after a few ms), recording what it was asked. */
function scripted(script: Record<string, RunnerResult[]> = {}) {
  const requests: RunRequest[] = [];
  const runner: AgentRunner = {
    name: 'scripted',
    run(req) {
      requests.push({ ...req, prompt: req.prompt, resumeSessionId: req.resumeSessionId });
      const step = script[req.task.id]?.[req.attempt - 1] ?? { ok: true, summary: `${req.task.id} done` };
      return new Promise((resolve) => setTimeout(() => resolve(step), 5));
    },
  };
  return { runner, requests };
}

const broken: RunnerResult = { ok: false, failure: { kind: 'unrecoverable', message: 'broken' } };

function follow(orchestration: { onEvent(l: (e: RunEvent) => void): () => void }): RunEvent[] {
  const seen: RunEvent[] = [];
  orchestration.onEvent((e) => seen.push(e));
  return seen;
}

describe('startOrchestration', () => {
  it('delivers every event only once recorded, in seq order, the first carrying the recipe', async () => {
    const { runner } = scripted();
    const orchestration = await startOrchestration({ ...request, store, runner, workers: 2, recipe: { flags: { speed: '9' } } });
    const seen: Array<{ event: RunEvent; recorded: boolean }> = [];
    orchestration.onEvent((event) => seen.push({ event, recorded: store.events(orchestration.runId).some((e) => e.seq === event.seq) }));
    const result = await orchestration.done;
    expect(result.status).toBe('succeeded');
    expect(seen.every((s) => s.recorded)).toBe(true);
    const trail = store.events(orchestration.runId);
    expect(seen.map((s) => JSON.stringify(s.event))).toEqual(trail.map((e) => JSON.stringify(e)));
    expect(trail.map((e) => e.seq)).toEqual(trail.map((_, i) => i + 1));
    const recipe = readRecipe(store, orchestration.runId)!;
    expect(recipe).toMatchObject({ prpPath: request.prpPath, workspaceDir: dir, runner: 'scripted', workers: 2, settings: { flags: { speed: '9' } } });
    expect(recipe.tasks!.map((t) => t.id)).toEqual(['T1', 'T2', 'T3']);
  });

  it('refuses a read-only store and a PRP whose dependencies loop', async () => {
    const reader = await openStore({ dir: path.join(dir, 'db'), readOnly: true });
    try {
      await expect(startOrchestration({ ...request, store: reader, runner: scripted().runner })).rejects.toMatchObject({ reason: 'read-only' });
      expect(interruptedRuns(reader)).toEqual([]);
    } finally {
      await reader.close();
    }
    writeFileSync(request.prpPath, '# Loop\n\n## Implementation Blueprint\n\n### Task 1: A\n- DEPENDENCIES: Task 2\n\n### Task 2: B\n- DEPENDENCIES: Task 1\n');
    await expect(startOrchestration({ ...request, store, runner: scripted().runner })).rejects.toMatchObject({ reason: 'cycle' });
  });
});

describe('history feeds the next plan', () => {
  it('changes the routing breakdown and the estimates after a recorded run', async () => {
    const before = await preparePlan({ ...request, store });
    expect(before.assignments.flatMap((a) => a.scores.map((s) => s.breakdown.history))).toEqual(expect.arrayContaining([0.5]));
    expect(before.assignments.every((a) => a.scores.every((s) => s.breakdown.history === 0.5 && s.breakdown.responseTime === 0.5))).toBe(true);
    expect(before.graph.tasks.map((t) => t.estimateMs)).toEqual([...before.plannedEstimates.values()]);

    // The first run: the database architect fails its task for good, the others take a few ms.
    const { runner } = scripted({ T1: [broken] });
    const first = await startOrchestration({ ...request, store, runner, maxAttempts: 1 });
    await first.done;
    const failedAgent = store.events(first.runId).find((e) => e.type === 'task.failed')!;
    expect(failedAgent).toMatchObject({ taskId: 'T1' });

    const after = await preparePlan({ ...request, store });
    const t1 = after.assignments.find((a) => a.taskId === 'T1')!;
    const failedScore = t1.scores.find((s) => s.agent === (failedAgent as { agent: string }).agent)!;
    expect(failedScore.breakdown.history).toBeLessThan(0.5);
    expect(after.assignments.some((a) => a.scores.some((s) => s.breakdown.history > 0.5))).toBe(true);
    // Tasks took milliseconds where the planner guessed minutes: the estimates come down, within bounds.
    for (const t of after.graph.tasks) {
      expect(t.estimateMs).toBeLessThan(after.plannedEstimates.get(t.id)!);
      expect(t.estimateMs).toBeGreaterThanOrEqual(after.plannedEstimates.get(t.id)! / 20);
    }
  });

  it('does not learn durations from simulated runs', async () => {
    const first = await startOrchestration({ ...request, store, runner: { kind: 'simulated', speed: 1e6 } });
    await first.done;
    const after = await preparePlan({ ...request, store });
    expect(after.graph.tasks.map((t) => t.estimateMs)).toEqual([...after.plannedEstimates.values()]);
  });
});

describe('retryTask', () => {
  it('after the run finished, starts a new life under the same id that keeps the other outcomes', async () => {
    const { runner, requests } = scripted({ T1: [broken] });
    const orchestration = await startOrchestration({ ...request, store, runner, maxAttempts: 1 });
    const seen = follow(orchestration);
    const first = await orchestration.done;
    expect(first.status).toBe('failed');
    expect(orchestration.retryTask('T3')).toBe(false); // Succeeded.
    expect(orchestration.retryTask('T2')).toBe(true); // Blocked by T1: T1 runs again.
    const second = await orchestration.done;
    expect(second.status).toBe('succeeded');
    expect(requests.map((r) => `${r.task.id}#${r.attempt}`).sort()).toEqual(['T1#1', 'T1#2', 'T2#1', 'T3#1']);
    const trail = store.events(orchestration.runId);
    expect(trail.map((e) => e.seq)).toEqual(trail.map((_, i) => i + 1));
    expect(seen.map((e) => e.seq)).toEqual(trail.map((e) => e.seq));
    expect(trail.find((e) => e.type === 'task.retry-requested')).toMatchObject({ taskId: 'T2', retried: ['T1'], unblocked: ['T2'] });
    const starts = trail.filter((e) => e.type === 'run.started');
    expect(starts).toHaveLength(2);
    expect(starts[1]).not.toHaveProperty('recipe');
    expect(store.getRun(orchestration.runId)?.tasks.every((t) => t.status === 'succeeded')).toBe(true);
    expect(second.totals).toMatchObject({ tasks: 3, succeeded: 3 });
  });
});

describe('resumeOrchestration', () => {
  /** Records the first life of a run as a crash would leave it: T1 done, T2 cut off in a session. */
  async function crashedRun(recipe: Partial<RunRecipe> = {}): Promise<string> {
    const runId = 'run-crashed';
    const fields = { runId, time: 1 };
    const full: RunRecipe = { prpPath: request.prpPath, workspaceDir: dir, agentsDirs: request.agentsDirs, runner: 'scripted', ...recipe };
    const plan = await preparePlan(request);
    const t2agent = plan.assignments.find((a) => a.taskId === 'T2')!.agent;
    const events: RunEvent[] = [
      { ...fields, seq: 1, type: 'run.started', title: 'Greetings', taskCount: 3, workers: 2, recipe: full },
      { ...fields, seq: 2, type: 'task.started', taskId: 'T1', agent: 'database-architect', attempt: 1 },
      { ...fields, seq: 3, type: 'task.succeeded', taskId: 'T1', agent: 'database-architect', attempt: 1, durationMs: 4, costUsd: 0.25, summary: 'made the table' },
      { ...fields, seq: 4, type: 'task.started', taskId: 'T2', agent: t2agent, attempt: 1 },
      { ...fields, seq: 5, type: 'task.progress', taskId: 'T2', agent: t2agent, message: 'session s-2', sessionId: 's-2' },
    ];
    for (const e of events) await store.publish(e);
    return runId;
  }

  it('keeps what succeeded, continues the seq and resumes the cut-off session', async () => {
    const runId = await crashedRun();
    expect(interruptedRuns(store).map((r) => [r.runId, r.status])).toEqual([[runId, 'running']]);
    const { runner, requests } = scripted();
    const orchestration = await resumeOrchestration({ store, runId, runner });
    expect(interruptedRuns(store)).toEqual([]); // Driven by this process now.
    const result = await orchestration.done;
    expect(result.status).toBe('succeeded');
    expect(requests.map((r) => r.task.id).sort()).toEqual(['T2', 'T3']);
    expect(requests.find((r) => r.task.id === 'T2')).toMatchObject({ attempt: 2, resumeSessionId: 's-2' });
    expect(requests.find((r) => r.task.id === 'T2')!.prompt).toContain('made the table');
    const trail = store.events(runId);
    expect(trail.map((e) => e.seq)).toEqual(trail.map((_, i) => i + 1));
    expect(trail.filter((e) => e.type === 'task.succeeded').map((e) => (e as { taskId: string }).taskId).sort()).toEqual(['T1', 'T2', 'T3']);
    expect(result.totals.costUsd).toBeGreaterThanOrEqual(0.25);
    expect(interruptedRuns(store)).toEqual([]);
    await expect(resumeOrchestration({ store, runId, runner })).rejects.toMatchObject({ reason: 'already-succeeded' });
  });

  it('builds the recorded runner spec again when no runner is given', async () => {
    const runId = await crashedRun({ runner: 'simulated', runnerSpec: { kind: 'simulated', speed: 1e6 } });
    const orchestration = await resumeOrchestration({ store, runId });
    expect((await orchestration.done).status).toBe('succeeded');
  });

  it('says why it cannot resume', async () => {
    await expect(resumeOrchestration({ store, runId: 'run-nope', runner: scripted().runner })).rejects.toMatchObject({ reason: 'unknown-run' });
    await store.publish({ runId: 'run-bare', seq: 1, time: 1, type: 'run.started', title: 't', taskCount: 1, workers: 1 });
    await expect(resumeOrchestration({ store, runId: 'run-bare', runner: scripted().runner })).rejects.toMatchObject({ reason: 'no-recipe' });
    const runId = await crashedRun();
    const error = await resumeOrchestration({ store, runId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionError);
    expect(error).toMatchObject({ reason: 'bad-runner' });
  });
});

describe('running one task of a PRP', () => {
  it('plans only the task and what it waits for, runs just those, and resumes with the same limit', async () => {
    const plan = await preparePlan({ ...request, onlyTasks: ['T2'] });
    expect(plan.graph.tasks.map((t) => t.id)).toEqual(['T1', 'T2']);
    expect(plan.graph.dependencies.map((d) => `${d.from}>${d.to}`)).toEqual(['T1>T2']);
    expect(plan.assignments.map((a) => a.taskId)).toEqual(['T1', 'T2']);

    const { runner, requests } = scripted({ T2: [broken] });
    const first = await startOrchestration({ ...request, store, runner, onlyTasks: ['T2'] });
    await first.done;
    expect(requests.map((r) => r.task.id).sort()).toEqual(['T1', 'T2']);
    expect(readRecipe(store, first.runId)?.onlyTasks).toEqual(['T2']);

    const again = scripted();
    const resumed = await resumeOrchestration({ store, runId: first.runId, runner: again.runner });
    const result = await resumed.done;
    expect(again.requests.map((r) => r.task.id)).toEqual(['T2']);
    expect(result.status).toBe('succeeded');
  });

  it('names the task ids a PRP does not have', async () => {
    const error = await preparePlan({ ...request, onlyTasks: ['T9'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionError);
    expect((error as SessionError).reason).toBe('unknown-task');
    expect((error as Error).message).toContain('no task T9; its tasks are T1, T2, T3');
  });
});
