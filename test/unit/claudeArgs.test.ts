/** The argv of `claude -p` per agent, and the runner's option checks. */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildClaudeArgs, checkRunnerOptions, ClaudeCodeRunner, ClaudeRunnerOptionsError } from '../../src/orchestrator/runners';
import { agent } from '../fixtures/runners/engineKit';

const BASE = ['-p', '--output-format', 'stream-json', '--verbose'];

describe('buildClaudeArgs', () => {
  it('passes the agent prompt, model and tools, the permission mode and limits; the prompt goes on stdin', () => {
    const built = buildClaudeArgs({
      agent: agent('backend', { prompt: '  You write APIs.\n', model: 'sonnet', tools: ['Read', ' Edit ', 'Bash(npm test:*)', ''] }),
      prompt: 'Do task 1',
      permissionMode: 'acceptEdits',
      maxTurns: 12,
      budgetUsd: 0.75,
    });
    expect(built.args).toEqual([...BASE, '--permission-mode', 'acceptEdits', '--max-turns', '12', '--max-budget-usd', '0.75', '--model', 'sonnet', '--append-system-prompt', 'You write APIs.', '--allowedTools', 'Read,Edit,Bash(npm test:*)']);
    expect(built.stdin).toBe('Do task 1');
  });

  it('leaves out what the agent does not set: no prompt, no model (or inherit), no tools', () => {
    for (const fields of [{ prompt: '', model: undefined, tools: undefined }, { prompt: ' ', model: 'inherit', tools: [] }]) {
      expect(buildClaudeArgs({ agent: agent('plain', fields), prompt: 'x', permissionMode: 'plan' }).args).toEqual([...BASE, '--permission-mode', 'plan']);
    }
  });

  it('gives the default model to agents that name none or inherit, and never overrides an agent\'s own', () => {
    const args = (model: string | undefined) => buildClaudeArgs({ agent: agent('a', { prompt: '', model }), prompt: 'x', permissionMode: 'plan', defaultModel: 'haiku' }).args;
    expect(args(undefined)).toEqual([...BASE, '--permission-mode', 'plan', '--model', 'haiku']);
    expect(args('inherit')).toEqual([...BASE, '--permission-mode', 'plan', '--model', 'haiku']);
    expect(args('opus')).toEqual([...BASE, '--permission-mode', 'plan', '--model', 'opus']);
  });

  it('resumes a session and appends extra arguments', () => {
    const { args } = buildClaudeArgs({ agent: agent('a', { prompt: '' }), prompt: 'go on', permissionMode: 'default', resumeSessionId: 'sess-1', extraArgs: ['--add-dir', '../lib'] });
    expect(args.slice(-4)).toEqual(['--resume', 'sess-1', '--add-dir', '../lib']);
  });

  it('puts the prompt after `--` when asked to pass it as an argument, so no option can swallow it', () => {
    const built = buildClaudeArgs({ agent: agent('a', { tools: ['Read'] }), prompt: '--not-an-option', permissionMode: 'default', promptVia: 'argument' });
    expect(built.args.slice(-3)).toEqual(['Read', '--', '--not-an-option']);
    expect(built.stdin).toBe('');
  });
});

describe('ClaudeCodeRunner options', () => {
  it('applies the documented defaults', () => {
    const resolved = checkRunnerOptions({});
    expect(resolved).toMatchObject({ claudePath: 'claude', permissionMode: 'acceptEdits', stallTimeoutMs: 300_000, killGraceMs: 2000, resumeSessionOnTurnLimit: true, promptVia: 'stdin', cliBudgetFlag: true, maxLineChars: 10 * 1024 * 1024, extraArgs: [] });
    expect(resolved.env).toBe(process.env);
    expect(resolved.maxTurns).toBeUndefined();
    expect(resolved.taskBudgetUsd).toBeUndefined();
    expect(new ClaudeCodeRunner().name).toBe('claude');
  });

  it('makes a relative CLI path absolute now, since the process starts in the task directory; a bare name stays for PATH', () => {
    expect(checkRunnerOptions({ claudePath: 'node_modules/.bin/claude' }).claudePath).toBe(resolve('node_modules/.bin/claude'));
    expect(checkRunnerOptions({ claudePath: '~/.local/bin/claude' }).claudePath).toBe(join(homedir(), '.local/bin/claude'));
    expect(checkRunnerOptions({ claudePath: 'claude-beta' }).claudePath).toBe('claude-beta');
  });

  it.each([
    [{ maxTurns: 0 }, 'maxTurns must be a whole number greater than 0; received 0.'],
    [{ maxTurns: 2.5 }, 'maxTurns must be a whole number greater than 0; received 2.5.'],
    [{ taskBudgetUsd: -1 }, 'taskBudgetUsd must be a number greater than 0; received -1.'],
    [{ stallTimeoutMs: Number.NaN }, 'stallTimeoutMs must be a number greater than 0; received NaN.'],
    [{ claudePath: ' ' }, 'claudePath must be a non-empty string; received " ".'],
    [{ permissionMode: '' }, 'permissionMode must be a non-empty string; received "".'],
    [{ promptVia: 'file' as 'stdin' }, 'promptVia must be "stdin" or "argument"; received "file".'],
    [{ extraArgs: [1] as unknown as string[] }, 'extraArgs must be a list of strings; received object.'],
  ])('rejects %j', (options, message) => {
    expect(() => new ClaudeCodeRunner(options)).toThrow(ClaudeRunnerOptionsError);
    expect(() => new ClaudeCodeRunner(options)).toThrow(message);
  });
});
