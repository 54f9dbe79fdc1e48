import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClaudeCodeRunner, startRun } from '../../src/orchestrator/index';
import type { AgentProfile, RunEvent, RunRequest, RunnerProgress, RunnerResult, Task, TaskGraph } from '../../src/orchestrator/index';
import { claudeBinary, initGitRepo, makeHome, makeScratch, offlineEnv, probeClaude } from '../fixtures/anthropic-stub/claudeCli';
import { startAnthropicStub } from '../fixtures/anthropic-stub/server';
import type { AnthropicStub, AnthropicStubOptions } from '../fixtures/anthropic-stub/server';
import { apiError, byTurn, failFirst, reply, text, toolUse } from '../fixtures/anthropic-stub/script';

// The real, pinned `claude` binary drives these tests against a stand-in Messages API on loopback: the agent
// loop, tool execution, permission handling and result accounting are Claude Code's own.
const probe = probeClaude();
if (!probe.ok) console.warn(`[claudeRunner.test] skipping the real-CLI tests: ${probe.reason}`);

/** The agent's model, named in full so the CLI prices its usage at a known rate. */
const MODEL = 'claude-sonnet-4-5';
/** Claude Sonnet 4.5 list prices in USD per token, which the CLI applies to the usage the stub reports. */
const PRICE = { input: 3 / 1e6, output: 15 / 1e6 };
/** The stub's default usage per model message. */
const TURN_COST = 1000 * PRICE.input + 100 * PRICE.output;

/** Each test starts one or two real CLI processes (about a second each); generous for a busy two-core machine. */
const REAL_CLI_TIMEOUT_MS = 120_000;

const DUMMY_KEY = offlineEnv('', '').ANTHROPIC_API_KEY!;

const agent: AgentProfile = {
  name: 'writer',
  description: 'Writes files.',
  tools: ['Write', 'Read', 'Bash(echo *)'],
  model: MODEL,
  prompt: 'You are the writer agent. You write small files exactly as asked.',
  source: 'project',
};

function task(id: string, title: string): Task {
  return { id, title, body: `${title}.`, files: [], tags: [], complexity: 1, estimateMs: 1000 };
}

let scratch: string;
let home: string;
let stub: AnthropicStub | undefined;
let repoCount = 0;

beforeAll(() => {
  scratch = makeScratch('prp-claude-runner-');
  home = makeHome(scratch);
});

afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

async function withStub(options: AnthropicStubOptions): Promise<AnthropicStub> {
  stub = await startAnthropicStub(options);
  return stub;
}

function freshRepo(): string {
  repoCount += 1;
  const repo = path.join(scratch, `repo${repoCount}`);
  initGitRepo(repo);
  return repo;
}

function runner(url: string, options: { maxTurns?: number } = {}): ClaudeCodeRunner {
  return new ClaudeCodeRunner({ claudePath: claudeBinary, env: offlineEnv(url, home), stallTimeoutMs: 60_000, killGraceMs: 2000, ...options });
}

async function runOnce(r: ClaudeCodeRunner, request: Omit<RunRequest, 'runId' | 'attempt' | 'agent'>): Promise<{ result: RunnerResult; progress: string[] }> {
  const progress: string[] = [];
  const result = await r.run({ runId: 'run-test', attempt: 1, agent, ...request }, new AbortController().signal, (p: RunnerProgress) => progress.push(p.message));
  return { result, progress };
}

describe.skipIf(!probe.ok)(`ClaudeCodeRunner on the real claude CLI ${probe.ok ? probe.version : ''}`, () => {
  it('lets the agent write files with its Write tool and reports cost, turns and session id', async () => {
    const repo = freshRepo();
    const s = await withStub({
      script: byTurn([
        reply(text('Writing both files.'), toolUse('Write', { file_path: path.join(repo, 'src/greet.ts'), content: 'export const greet = () => "hi";\n' })),
        reply(toolUse('Write', { file_path: path.join(repo, 'NOTES.md'), content: '# Notes\n' })),
        reply(text('Created src/greet.ts and NOTES.md.')),
      ]),
    });
    const { result, progress } = await runOnce(runner(s.url), { task: task('1', 'Create the greeting'), prompt: 'Task 1: Create the greeting in src/greet.ts', cwd: repo });

    expect(s.scriptErrors).toEqual([]);
    expect(result.failure).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(readFileSync(path.join(repo, 'src/greet.ts'), 'utf8')).toBe('export const greet = () => "hi";\n');
    expect(readFileSync(path.join(repo, 'NOTES.md'), 'utf8')).toBe('# Notes\n');
    expect(result.summary).toContain('Created src/greet.ts and NOTES.md.');
    expect([...(result.filesChanged ?? [])].map((f) => path.resolve(repo, f)).sort()).toEqual([path.join(repo, 'NOTES.md'), path.join(repo, 'src/greet.ts')]);
    // Three model messages at the stub's usage; the CLI priced them itself.
    expect(result.costUsd).toBeCloseTo(3 * TURN_COST, 10);
    expect(result.usage?.turns).toBe(3);
    expect(result.usage?.model).toBe(MODEL);
    // The session id the runner parsed is the one the CLI sent the API.
    expect(result.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(s.calls.map((c) => c.sessionId)).toEqual([result.sessionId, result.sessionId, result.sessionId]);
    // What the CLI was given: the prompt, the agent's system prompt and model.
    const first = s.calls[0]!;
    expect(first.prompt).toContain('Task 1: Create the greeting');
    expect(first.system).toContain('You are the writer agent.');
    expect(first.model).toBe(MODEL);
    expect(progress.some((m) => m.includes('greet.ts'))).toBe(true);
    // The dummy key reaches the CLI (the stub saw it) but nothing the runner reports.
    expect(s.requests.some((r) => r.headers['x-api-key'] === DUMMY_KEY)).toBe(true);
    expect(JSON.stringify({ result, progress })).not.toContain(DUMMY_KEY);
  }, REAL_CLI_TIMEOUT_MS);

  it('classifies a run out of turns as turn-limit after resuming the session once, and keeps the session id', async () => {
    const repo = freshRepo();
    const s = await withStub({ script: (call) => reply(toolUse('Bash', { command: `echo turn${call.turn}`, description: 'Echo' })) });
    const { result, progress } = await runOnce(runner(s.url, { maxTurns: 1 }), { task: task('2', 'Loop forever'), prompt: 'Task 2: keep echoing', cwd: repo });

    expect(result.ok).toBe(false);
    expect(result.failure?.kind).toBe('turn-limit');
    expect(result.failure?.message).toMatch(/turn/i);
    expect(result.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    // The runner resumed the same session once (`--resume`): the CLI sent the earlier conversation back
    // with the request to continue, under the same session id.
    expect(progress.some((m) => m.includes(`resuming session ${result.sessionId}`))).toBe(true);
    expect(s.calls.map((c) => c.sessionId)).toEqual([result.sessionId, result.sessionId]);
    const resumed = s.calls[1]!;
    expect(resumed.turn).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(resumed.messages)).toContain('echo turn0');
    expect(result.costUsd).toBeCloseTo(2 * TURN_COST, 10);
  }, REAL_CLI_TIMEOUT_MS);

  it('classifies an API 400 as unrecoverable and passes the API message on', async () => {
    const repo = freshRepo();
    const s = await withStub({ script: () => apiError(400, 'stub: the prompt is malformed') });
    const { result } = await runOnce(runner(s.url), { task: task('3', 'Bad request'), prompt: 'Task 3', cwd: repo });

    expect(result.ok).toBe(false);
    expect(result.failure?.kind).toBe('unrecoverable');
    expect(result.failure?.message).toContain('stub: the prompt is malformed');
    expect(s.calls).toHaveLength(1);
  }, REAL_CLI_TIMEOUT_MS);

  it('retries a rate-limited task (429) and completes it on the next attempt', async () => {
    const repo = freshRepo();
    const target = path.join(repo, 'after-retry.txt');
    const s = await withStub({
      script: failFirst(
        1,
        apiError(429, 'stub: slow down', { retryAfterSeconds: 1 }),
        byTurn([reply(toolUse('Write', { file_path: target, content: 'second time lucky\n' })), reply(text('Wrote after-retry.txt.'))]),
      ),
    });
    const graph: TaskGraph = { title: 'Rate limited', tasks: [task('4', 'Write after a rate limit')], dependencies: [] };
    const handle = startRun(graph, { runner: runner(s.url), agents: [agent], cwd: repo, backoff: { baseMs: 10, maxMs: 50, jitter: 0 } });
    const events: RunEvent[] = [];
    handle.onEvent((e) => events.push(e));
    const result = await handle.done;

    const failed = events.find((e) => e.type === 'task.failed');
    expect(failed?.type === 'task.failed' && failed.failure.kind).toBe('transient');
    expect(failed?.type === 'task.failed' && failed.failure.message).toMatch(/429|rate/i);
    expect(events.some((e) => e.type === 'task.retrying')).toBe(true);
    expect(result.status).toBe('succeeded');
    expect(result.tasks[0]).toMatchObject({ taskId: '4', status: 'succeeded', attempts: 2 });
    expect(existsSync(target) && readFileSync(target, 'utf8')).toBe('second time lucky\n');
    expect(s.calls.map((c) => c.reply.type)).toEqual(['error', 'message', 'message']);
    expect(result.totals.costUsd).toBeCloseTo(2 * TURN_COST, 10);
  }, REAL_CLI_TIMEOUT_MS);
});
