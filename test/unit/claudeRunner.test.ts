/**
 * ClaudeCodeRunner against test/fixtures/fake-claude: real processes, real pipes, injected faults. Each
 * test spawns a few short-lived node processes; none asserts a duration.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ClaudeCodeRunner, type ClaudeCodeRunnerOptions, type RunnerResult, type RunRequest } from '../../src/orchestrator/runners';
import { agent, task } from '../fixtures/runners/engineKit';
import { alive } from '../fixtures/runners/processes';

const FAKE = resolve(__dirname, '../fixtures/fake-claude/fake-claude.mjs');
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function workdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'claude-runner-'));
  dirs.push(dir);
  return dir;
}

function request(cwd: string, fields: Partial<RunRequest> = {}): RunRequest {
  const backend = agent('backend', { prompt: 'You build APIs.', model: 'sonnet', tools: ['Read', 'Write', 'Bash(cat *)'] });
  return { runId: 'run-1', task: task('T1'), agent: backend, attempt: 1, prompt: 'Create the file.', cwd, ...fields };
}

interface Ran {
  result: RunnerResult;
  progress: string[];
  cwd: string;
  calls: Array<{ argv: string[]; prompt: string; cwd: string }>;
}

async function runFake(scenario: string, options: ClaudeCodeRunnerOptions = {}, fields: Partial<RunRequest> = {}, signal = new AbortController().signal): Promise<Ran> {
  const cwd = workdir();
  const argvFile = join(cwd, '.argv.jsonl');
  const env = { ...process.env, FAKE_CLAUDE_SCENARIO: scenario, FAKE_CLAUDE_ARGV_FILE: argvFile, ...options.env };
  const runner = new ClaudeCodeRunner({ claudePath: FAKE, stallTimeoutMs: 20_000, killGraceMs: 500, ...options, env });
  const progress: string[] = [];
  const result = await runner.run(request(cwd, fields), signal, (p) => progress.push(p.message));
  const calls = existsSync(argvFile) ? readFileSync(argvFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line)) : [];
  return { result, progress, cwd, calls };
}

describe('ClaudeCodeRunner with the fake CLI', () => {
  it('succeeds: the file is written, the summary, cost, session and usage come from the stream', async () => {
    const { result, progress, cwd, calls } = await runFake('success', { maxTurns: 7, taskBudgetUsd: 2 });
    expect(readFileSync(join(cwd, 'fake-output.txt'), 'utf8')).toBe('hello\n');
    expect(result).toMatchObject({ ok: true, summary: 'Done. Created the file and verified its contents.', costUsd: 0.0123, filesChanged: ['fake-output.txt'], usage: { turns: 3, inputTokens: 720, outputTokens: 120 } });
    expect(result.sessionId).toMatch(/^fake-session-/);
    expect(progress).toEqual(['Claude Code 2.1.197-fake started (model sonnet)', "I'll create the file first.", 'write fake-output.txt', 'ran: cat fake-output.txt', 'Done. Created the file and verified its contents.', 'done: 3 turns, $0.0123']);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.prompt).toBe('Create the file.');
    expect(calls[0]!.argv).toEqual(['-p', '--output-format', 'stream-json', '--verbose', '--permission-mode', 'acceptEdits', '--max-turns', '7', '--max-budget-usd', '2', '--model', 'sonnet', '--append-system-prompt', 'You build APIs.', '--allowedTools', 'Read,Write,Bash(cat *)']);
  });

  it('passes the prompt as an argument when asked, and the environment through with PRP variables', async () => {
    const { result, calls } = await runFake('success', { promptVia: 'argument', permissionMode: 'plan', env: { FAKE_CLAUDE_FILE: 'custom.txt' } });
    expect(result.filesChanged).toEqual(['custom.txt']);
    expect(calls[0]!.argv.slice(-2)).toEqual(['--', 'Create the file.']);
    expect(calls[0]!.argv).toContain('plan');
  });

  it('resumes a turn-limited session once and succeeds, summing cost and turns', async () => {
    const { result, progress, calls } = await runFake('turn-limit', { maxTurns: 2 });
    expect(calls).toHaveLength(2);
    const session = result.sessionId!;
    expect(calls[1]!.argv).toEqual(expect.arrayContaining(['--resume', session, '--max-turns', '2']));
    expect(calls[1]!.prompt).toMatch(/^You reached the turn limit before finishing\. Continue the task/);
    expect(result).toMatchObject({ ok: true, summary: 'Finished after resuming: created the file.', usage: { turns: 6 } });
    expect(result.costUsd).toBeCloseTo(0.0074 + 0.0123, 10);
    expect(progress).toContain(`turn limit reached; resuming session ${session} once to finish`);
  });

  it('reports the turn limit with the session id when resuming is off', async () => {
    const { result, calls } = await runFake('turn-limit', { maxTurns: 2, resumeSessionOnTurnLimit: false });
    expect(calls).toHaveLength(1);
    expect(result.ok).toBe(false);
    expect(result.failure).toEqual({ kind: 'turn-limit', message: `Claude Code reached its turn limit of 2 before finishing the task; its session ${result.sessionId} can be resumed. Raise max turns (--max-turns) or split the task.` });
  });

  it('resumes the session the engine asks for, and starts fresh when the CLI does not know it', async () => {
    const known = await runFake('success', {}, { resumeSessionId: 'fake-session-42' });
    expect(known.calls[0]!.argv.slice(-2)).toEqual(['--resume', 'fake-session-42']);
    expect(known.result).toMatchObject({ ok: true, sessionId: 'fake-session-42' });
    const unknown = await runFake('success', {}, { resumeSessionId: 'gone-session' });
    expect(unknown.calls).toHaveLength(2);
    expect(unknown.calls[1]!.argv).not.toContain('--resume');
    expect(unknown.calls[1]!.prompt).toBe('Create the file.');
    expect(unknown.result.ok).toBe(true);
    expect(unknown.progress).toContain('session gone-session cannot be resumed; starting a fresh session');
  });

  it.each([
    ['api-400', 'unrecoverable', "The Anthropic API rejected the request (400): prompt is malformed. Retrying will not help; check the agent's model and settings."],
    ['rate-limit', 'transient', 'The Anthropic API is rate-limiting requests (429: Number of requests has exceeded your rate limit); the task will be retried after a pause.'],
    ['overloaded', 'transient', 'The Anthropic API is overloaded (529: Overloaded); the task will be retried after a pause.'],
    ['not-logged-in', 'unrecoverable', 'Claude Code is not logged in or its API key was rejected (Not logged in · Please run /login). Run `claude` once in a terminal and log in, or set ANTHROPIC_API_KEY in the environment the orchestrator runs in.'],
    ['no-result', 'crash', 'Claude Code exited without reporting a result: its output had no `result` line (2 lines, 0 not JSON). Check that prpOrchestrator.claudePath (CLI: --claude-path) points at Claude Code.'],
    ['crash-signal', 'crash', 'Claude Code was killed by SIGKILL before it reported a result (perhaps out of memory); the task will be retried.'],
  ])('%s → %s', async (scenario, kind, message) => {
    const { result, progress } = await runFake(scenario);
    expect(result.ok).toBe(false);
    expect(result.failure).toEqual({ kind, message });
    expect(progress.at(-1)).toBe(`failed (${kind}): ${message}`);
  });

  it('a crash mid-stream keeps what was read and quotes stderr', async () => {
    const { result, progress } = await runFake('crash');
    expect(result.failure?.kind).toBe('crash');
    expect(result.failure?.message).toMatch(/^Claude Code exited with code 1 before reporting a result\. Its last error output: TypeError: Cannot read properties of undefined/);
    expect(progress).toContain('Starting.');
  });

  it('survives garbage, truncated and split lines and still reads the result', async () => {
    const { result } = await runFake('garbage');
    expect(result).toMatchObject({ ok: true, summary: 'Done despite the noise.', filesChanged: ['fake-output.txt'], costUsd: 0.0123 });
  });

  it('drops a multi-megabyte line over the limit and reads the rest', async () => {
    const { result, progress } = await runFake('huge', { maxLineChars: 1024 * 1024, env: { FAKE_CLAUDE_HUGE_MB: '3' } });
    expect(result.ok).toBe(true);
    expect(progress).toContain('skipped an output line of 3.0 MB (over the 1.0 MB line limit)');
  });

  it('reads a multi-megabyte line under the default limit', async () => {
    const { result, progress } = await runFake('huge', { env: { FAKE_CLAUDE_HUGE_MB: '3' } });
    expect(result.ok).toBe(true);
    expect(progress.some((p) => p.startsWith('xxxxxxxx') && p.length <= 200)).toBe(true);
  });

  it('fails a "success" whose file write was denied, naming the tool and the settings', async () => {
    const { result, cwd } = await runFake('permission-denied');
    expect(existsSync(join(cwd, 'hello.txt'))).toBe(false);
    expect(result.failure).toEqual({
      kind: 'unrecoverable',
      message: "Claude Code was denied Write (hello.txt), so it changed no file. Allow these tools in the agent's `tools` or choose a permission mode that permits them (prpOrchestrator.permissionMode / --permission-mode, e.g. acceptEdits).",
    });
  });
});

describe('ClaudeCodeRunner budgets', () => {
  it('passes --max-budget-usd and reports the CLI budget stop', async () => {
    const { result, calls } = await runFake('budget', { taskBudgetUsd: 0.035 });
    expect(calls[0]!.argv).toEqual(expect.arrayContaining(['--max-budget-usd', '0.035']));
    expect(result.failure).toEqual({ kind: 'budget', message: 'Claude Code stopped at the task budget of $0.0350 (spent $0.0400) before finishing. Raise the per-task budget (--task-budget-usd) or split the task into smaller ones.' });
    expect(result.costUsd).toBe(0.04);
  });

  it('keeps the result of a run that finished slightly over budget (the CLI checks cost after each call)', async () => {
    const { result } = await runFake('success', { taskBudgetUsd: 0.01 });
    expect(result).toMatchObject({ ok: true, costUsd: 0.0123 });
  });

  it('stops a CLI that reports climbing cost over the budget and keeps working', async () => {
    const { result, calls } = await runFake('budget', { taskBudgetUsd: 0.035, cliBudgetFlag: false });
    expect(calls[0]!.argv).not.toContain('--max-budget-usd');
    expect(result.failure?.kind).toBe('budget');
    expect(result.failure?.message).toMatch(/^The task cost \$0\.0\d00, over its budget of \$0\.0350, so Claude Code was stopped\./);
    expect(result.costUsd).toBeGreaterThan(0.035);
  });
});

describe('ClaudeCodeRunner watchdog and cancellation', () => {
  it('stops an attempt that prints nothing, as stalled', async () => {
    const { result } = await runFake('hang', { stallTimeoutMs: 400 });
    expect(result.failure).toEqual({ kind: 'stalled', message: 'Claude Code printed nothing for 0.4 s, so the attempt was stopped and will be retried. If tasks run long silent commands, raise the stall timeout (--stall-timeout-ms).' });
  });

  it('stops an attempt that goes silent after starting, as stalled', async () => {
    // Long enough for node to start the fake and print its first line even on a loaded machine.
    const { result, progress } = await runFake('hang-after-init', { stallTimeoutMs: 2500 });
    expect(result.failure?.kind).toBe('stalled');
    expect(progress[0]).toBe('Claude Code 2.1.197-fake started (model sonnet)');
  });

  it('does not stop an attempt whose output keeps coming for longer than the stall timeout', async () => {
    const { result } = await runFake('slow', { stallTimeoutMs: 2000, env: { FAKE_CLAUDE_DELAY_MS: '150', FAKE_CLAUDE_LINES: '16' } });
    expect(result.ok).toBe(true);
  });

  it('stops a CLI that does not exit after its result, and keeps that result', async () => {
    const { result } = await runFake('linger', { stallTimeoutMs: 2000 });
    expect(result).toMatchObject({ ok: true, summary: 'Done. Created the file and verified its contents.', costUsd: 0.0123 });
  });

  it('cancellation ends the whole process tree', async () => {
    const cwd = workdir();
    const pidFile = join(cwd, 'pids');
    const controller = new AbortController();
    const runner = new ClaudeCodeRunner({ claudePath: FAKE, killGraceMs: 500, env: { ...process.env, FAKE_CLAUDE_SCENARIO: 'hang-tree', FAKE_CLAUDE_PID_FILE: pidFile } });
    const running = runner.run(request(cwd), controller.signal, () => {});
    while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8') === '') await new Promise((r) => setTimeout(r, 20));
    const [parent, grandchild] = readFileSync(pidFile, 'utf8').split(' ').map(Number) as [number, number];
    expect(alive(grandchild)).toBe(true);
    controller.abort();
    const result = await running;
    expect(result.failure).toEqual({ kind: 'cancelled', message: 'The attempt was cancelled and its Claude Code processes were stopped.' });
    expect(alive(parent)).toBe(false);
    expect(alive(grandchild)).toBe(false);
  });

  it('resolves at once as cancelled when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { result, calls } = await runFake('success', {}, {}, controller.signal);
    expect(result.failure?.kind).toBe('cancelled');
    expect(calls).toHaveLength(0);
  });
});

describe('ClaudeCodeRunner start-up failures', () => {
  it('a missing CLI names the setting and how to install Claude Code', async () => {
    const runner = new ClaudeCodeRunner({ claudePath: '/nonexistent/claude-cli' });
    const result = await runner.run(request(workdir()), new AbortController().signal, () => {});
    expect(result.failure).toEqual({
      kind: 'unrecoverable',
      message: 'Claude Code was not found: "/nonexistent/claude-cli" is not on PATH or does not exist. Install it with `npm install -g @anthropic-ai/claude-code`, or set prpOrchestrator.claudePath (CLI: --claude-path) to the full path of the claude executable.',
    });
  });

  it('a CLI that is not executable says so', async () => {
    const dir = workdir();
    const path = join(dir, 'claude');
    writeFileSync(path, '#!/bin/sh\n');
    chmodSync(path, 0o644);
    const result = await new ClaudeCodeRunner({ claudePath: path }).run(request(dir), new AbortController().signal, () => {});
    expect(result.failure?.kind).toBe('unrecoverable');
    expect(result.failure?.message).toContain('is not executable (EACCES)');
  });

  it('an older CLI that rejects an option is told to update', async () => {
    const { result } = await runFake('success', { taskBudgetUsd: 1, env: { FAKE_CLAUDE_REJECT_OPTIONS: '--max-budget-usd' } });
    expect(result.failure).toEqual({ kind: 'unrecoverable', message: 'This version of Claude Code does not accept the option --max-budget-usd. Update it with `npm install -g @anthropic-ai/claude-code@latest`.' });
  });
});

describe('ClaudeCodeRunner redaction', () => {
  const SECRET = 'sk-ant-api03-THIS-IS-A-FAKE-SECRET-0123456789';
  const TOKEN = 'internal-service-token-998877';

  it.each(['secret', 'secret-crash'])('%s: no secret value reaches progress, summary, failure or anything returned', async (scenario) => {
    const { result, progress } = await runFake(scenario, { env: { ANTHROPIC_API_KEY: SECRET, SERVICE_TOKEN: TOKEN, FAKE_CLAUDE_SECRET_VAR: scenario === 'secret' ? 'ANTHROPIC_API_KEY' : 'SERVICE_TOKEN' } });
    const everything = JSON.stringify({ result, progress });
    expect(everything).toContain('[REDACTED]');
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain('THIS-IS-A-FAKE');
  });
});
