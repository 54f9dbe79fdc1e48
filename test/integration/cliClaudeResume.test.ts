import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolatedEnv, repoRoot, runCli, useScratch } from '../support/runCli';

// A Claude Code agent cut off by a crash of the orchestrator resumes its session: the CLI is killed while
// the (fake) claude works, and `resume` starts claude again with `--resume <the recorded session>`.
const fakeClaude = path.join(repoRoot, 'test/fixtures/fake-claude/fake-claude.mjs');
const scratch = useScratch('prp-claude-resume-');

interface Event {
  type: string;
  runId: string;
  seq: number;
  taskId?: string;
  attempt?: number;
  sessionId?: string;
}

function write(relative: string, text: string): string {
  const file = path.join(scratch.dir, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Ends the fake claude (and its child) that the killed CLI left behind: its process group. */
function endGroup(pidFile: string): void {
  const [pid] = readFileSync(pidFile, 'utf8').trim().split(' ').map(Number);
  try {
    process.kill(-pid!, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

describe('resume with the claude runner', () => {
  it('resumes the Claude session an interrupted attempt recorded', async () => {
    const prp = write('project/PRPs/one.md', '# One task\n\n## Implementation Blueprint\n\n### Task 1: CREATE src/a.ts\n\n- write it\n');
    const agents = path.dirname(write('project/agents/solo.md', '---\nname: solo\ndescription: Does everything.\n---\nYou do it.\n'));
    const argvFile = path.join(scratch.dir, 'argv.jsonl');
    const pidFile = path.join(scratch.dir, 'claude.pid');
    const db = path.join(scratch.dir, 'db');
    const cwd = path.join(scratch.dir, 'project');
    const env = { ...isolatedEnv(scratch.home), FAKE_CLAUDE_ARGV_FILE: argvFile, FAKE_CLAUDE_PID_FILE: pidFile };

    const printed: Event[] = [];
    const killed = await runCli(['run', prp, '--runner', 'claude', '--claude-path', fakeClaude, '--agents-dir', agents, '--json', '--db', db], {
      cwd,
      env: { ...env, FAKE_CLAUDE_SCENARIO: 'hang-tree' },
      onSpawn: (child) => {
        let pending = '';
        child.stdout!.on('data', (chunk: Buffer) => {
          pending += chunk.toString();
          const lines = pending.split('\n');
          pending = lines.pop()!;
          for (const line of lines) printed.push(JSON.parse(line) as Event);
          // Killed once the session is on record, while claude still works on the task.
          if (printed.some((e) => e.sessionId !== undefined)) child.kill('SIGKILL');
        });
      },
    });
    await until(() => existsSync(pidFile), 'the fake claude to write its pid');
    endGroup(pidFile);
    expect(killed.code).toBeNull();
    const session = printed.find((e) => e.type === 'task.progress' && e.sessionId !== undefined)!;
    expect(session.sessionId).toMatch(/^fake-session-/);
    const runId = printed[0]!.runId;

    const resumed = await runCli(['resume', runId, '--json', '--db', db], { cwd: scratch.dir, env: { ...env, FAKE_CLAUDE_SCENARIO: 'success' } });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const after = resumed.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Event);
    expect(after[0]).toMatchObject({ type: 'run.started', seq: printed.at(-1)!.seq + 1 });
    expect(after.find((e) => e.type === 'task.started')).toMatchObject({ taskId: 'T1', attempt: 2 });
    expect(after.filter((e) => e.type === 'task.succeeded').map((e) => e.taskId)).toEqual(['T1']);

    const calls = readFileSync(argvFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { argv: string[]; prompt: string; cwd: string });
    expect(calls).toHaveLength(2);
    expect(calls[0]!.argv).not.toContain('--resume');
    const resume = calls[1]!.argv.indexOf('--resume');
    expect(calls[1]!.argv[resume + 1]).toBe(session.sessionId);
    expect(calls[1]!.prompt).toMatch(/^Your earlier work on this task was interrupted/);
    expect(calls[1]!.prompt).toContain(calls[0]!.prompt);
    // The agent works where the run was started, whatever folder `resume` is typed in.
    expect(calls[1]!.cwd).toBe(calls[0]!.cwd);
  }, 120_000);
});
