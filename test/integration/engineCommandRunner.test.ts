/** The command runner against real node child processes (test/fixtures/runners/*.mjs). */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Task } from '../../src/orchestrator/model';
import { CommandRunner } from '../../src/orchestrator/runners';
import { agent, task } from '../fixtures/runners/engineKit';
import { alive } from '../fixtures/runners/processes';

const fixtures = path.resolve(__dirname, '../fixtures/runners');
const node = process.execPath;
const workDir = mkdtempSync(path.join(tmpdir(), 'prp-command-runner-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function request(t: Task, prompt = 'Do the task.\nSecond line.') {
  return { runId: 'run-7', task: t, agent: agent('coder'), attempt: 2, prompt, cwd: workDir };
}

/** Runs the sleeper fixture, waits for it to report its pids, aborts, and returns the result and pids. */
async function abortSleeper(extraArgs: string[], killGraceMs: number) {
  const runner = new CommandRunner({ argv: [node, path.join(fixtures, 'sleeper.mjs'), ...extraArgs], killGraceMs });
  const controller = new AbortController();
  let pids: number[] = [];
  let reported!: () => void;
  const started = new Promise<void>((resolve) => (reported = resolve));
  const pending = runner.run(request(task('S')), controller.signal, ({ message }) => {
    if (!message.startsWith('pids ')) return;
    pids = message.split(' ').slice(1).map(Number);
    reported();
  });
  try {
    await started;
    expect(pids.every(alive)).toBe(true);
  } finally {
    // Abort even when an expectation failed, so no sleeper outlives the test.
    controller.abort();
  }
  const result = await pending;
  return { result, pids };
}

describe('CommandRunner', () => {
  it('runs the command in the task directory with the prompt on stdin and PRP_* variables', async () => {
    const runner = new CommandRunner({ argv: [node, path.join(fixtures, 'echoAgent.mjs'), '0'], env: { ECHO_EXTRA: 'yes' } });
    const progress: string[] = [];
    const result = await runner.run(request(task('T3')), new AbortController().signal, (p) => progress.push(p.message));
    expect(result).toEqual({ ok: true, summary: 'prompt-first-line Do the task.\nSummary: did the thing.\nChanged src/thing.ts.' });
    expect(progress).toContain(`cwd ${workDir}`);
    expect(progress).toContain('task T3 run run-7 agent coder attempt 2');
    expect(progress).toContain('extra yes');
    expect(progress).toContain(`prompt-bytes ${Buffer.byteLength('Do the task.\nSecond line.')}`);
    expect(progress).not.toContain('');
  });

  it('never puts task text on the command line', async () => {
    const runner = new CommandRunner({ argv: [node, path.join(fixtures, 'echoAgent.mjs')] });
    const hostile = task('X', { title: '$(touch pwned) `touch pwned2`; touch pwned3', body: "'; touch pwned4 #" });
    const progress: string[] = [];
    const result = await runner.run(request(hostile, `${hostile.title}\n${hostile.body}`), new AbortController().signal, (p) => progress.push(p.message));
    expect(result.ok).toBe(true);
    expect(progress).toContain('args []');
    for (const name of ['pwned', 'pwned2', 'pwned3', 'pwned4']) expect(existsSync(path.join(workDir, name))).toBe(false);
  });

  it('reports a non-zero exit as a crash with the tail of stderr, and exit 75 as transient', async () => {
    const crash = await new CommandRunner({ argv: [node, path.join(fixtures, 'echoAgent.mjs'), '3'] }).run(request(task('A')), new AbortController().signal, () => {});
    expect(crash.ok).toBe(false);
    expect(crash.failure?.kind).toBe('crash');
    expect(crash.failure?.message).toMatch(/exited with code 3\. Its last error output: something broke \| exit 3/);
    const tempfail = await new CommandRunner({ argv: [node, path.join(fixtures, 'echoAgent.mjs'), '75'] }).run(request(task('A')), new AbortController().signal, () => {});
    expect(tempfail.failure?.kind).toBe('transient');
  });

  it('reports a missing command or directory as unrecoverable, saying what to do', async () => {
    const missing = await new CommandRunner({ argv: ['prp-no-such-agent-xyz', '--flag'] }).run(request(task('A')), new AbortController().signal, () => {});
    expect(missing.failure?.kind).toBe('unrecoverable');
    expect(missing.failure?.message).toMatch(/"prp-no-such-agent-xyz" was not found \(ENOENT\)\. Install it, put it on PATH/);
    const runner = new CommandRunner({ argv: [node, path.join(fixtures, 'echoAgent.mjs')] });
    const noDir = await runner.run({ ...request(task('A')), cwd: path.join(workDir, 'missing') }, new AbortController().signal, () => {});
    expect(noDir.failure?.kind).toBe('unrecoverable');
    expect(noDir.failure?.message).toMatch(/working directory .*missing does not exist/);
  });

  it('succeeds when the command ignores a large prompt and closes stdin', async () => {
    const runner = new CommandRunner({ argv: [node, path.join(fixtures, 'noStdin.mjs')] });
    const result = await runner.run(request(task('A'), 'x'.repeat(4_000_000)), new AbortController().signal, () => {});
    expect(result).toEqual({ ok: true, summary: 'ignored the prompt' });
  });

  it('stops the whole process tree on abort before it resolves', async () => {
    const { result, pids } = await abortSleeper([], 2000);
    expect(result.failure?.kind).toBe('cancelled');
    expect(pids).toHaveLength(2);
    expect(pids.filter(alive)).toEqual([]);
  });

  it('escalates to SIGKILL for processes that ignore SIGTERM', async () => {
    const { result, pids } = await abortSleeper(['--ignore-term'], 300);
    expect(result.failure?.kind).toBe('cancelled');
    expect(pids.filter(alive)).toEqual([]);
  });

  it('waits for a grandchild that outlives its parent, killing it after the grace period', async () => {
    const { result, pids } = await abortSleeper(['--grandchild-ignores-term'], 300);
    expect(result.failure?.kind).toBe('cancelled');
    expect(pids.filter(alive)).toEqual([]);
  });

  it('does not start at all when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await new CommandRunner({ argv: ['prp-no-such-agent-xyz'] }).run(request(task('A')), controller.signal, () => {});
    expect(result.failure?.kind).toBe('cancelled');
  });
});
