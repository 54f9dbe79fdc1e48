/** Failure classification: every kind, with the exact message a person reads. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiMessage, classifyOutcome, parseClaudeStream, type ClassifyContext, type ProcessOutcome } from '../../src/orchestrator/runners';

const SAMPLES = resolve(__dirname, '../../../shared/claude-cli-samples');
const CONTEXT: ClassifyContext = { claudePath: 'claude', cwd: '/w', stallTimeoutMs: 300_000, budgetUsd: 0.5, maxTurns: 2 };

function outcome(stdout: string, fields: Partial<ProcessOutcome> = {}): ProcessOutcome {
  return { exitCode: 1, signal: null, stderr: '', stream: parseClaudeStream(stdout, { cwd: '/home/dev/work/proj' }), ...fields };
}

function resultLine(fields: object): string {
  return JSON.stringify({ type: 'result', session_id: 's-1', total_cost_usd: 0.01, ...fields });
}

describe.skipIf(!existsSync(SAMPLES))('classifying the captured samples', () => {
  const fromSample = (name: string, exitCode: number): ReturnType<typeof classifyOutcome> =>
    classifyOutcome(outcome(readFileSync(join(SAMPLES, name), 'utf8'), { exitCode }), CONTEXT);

  it('passes the successes', () => {
    expect(fromSample('01-success-write-bash.stream.jsonl', 0)).toBeUndefined();
    expect(fromSample('09-success.output-format-json.json', 0)).toBeUndefined();
    expect(fromSample('11-success-write-bash.cli-2.1.330.stream.jsonl', 0)).toBeUndefined();
    expect(fromSample('04-subagent-from-claude-agents-file.stream.jsonl', 0)).toBeUndefined();
  });

  it('turn limit (error_max_turns), keeping the session to resume', () => {
    expect(fromSample('03-error-max-turns.stream.jsonl', 1)).toEqual({
      kind: 'turn-limit',
      message: 'Claude Code reached its turn limit of 2 before finishing the task; its session b0f4e2b7-e4c8-420c-a35e-f28b6febaa26 can be resumed. Raise max turns (--max-turns) or split the task.',
    });
  });

  it('an API 400 under subtype "success" is unrecoverable, with the API message', () => {
    expect(fromSample('05-api-error-400.stream.jsonl', 1)).toEqual({
      kind: 'unrecoverable',
      message: "The Anthropic API rejected the request (400): mock: prompt is malformed. Retrying will not help; check the agent's model and settings.",
    });
  });

  it('not logged in tells the person to log in or set a key', () => {
    expect(fromSample('06-not-logged-in.stream.jsonl', 1)).toEqual({
      kind: 'unrecoverable',
      message: 'Claude Code is not logged in or its API key was rejected (Not logged in · Please run /login). Run `claude` once in a terminal and log in, or set ANTHROPIC_API_KEY in the environment the orchestrator runs in.',
    });
  });

  it('an unknown session to resume is a crash that says a fresh session follows', () => {
    expect(fromSample('07-resume-unknown-session.stream.jsonl', 1)).toEqual({
      kind: 'crash',
      message: 'Claude Code could not resume the earlier session: No conversation found with session ID: 11111111-1111-1111-1111-111111111111. A new attempt starts a fresh session.',
    });
  });

  it('a "success" whose only file write was denied did not do the task', () => {
    expect(fromSample('02-permission-denied.stream.jsonl', 0)).toEqual({
      kind: 'unrecoverable',
      message: "Claude Code was denied Write (hello.txt), so it changed no file. Allow these tools in the agent's `tools` or choose a permission mode that permits them (prpOrchestrator.permissionMode / --permission-mode, e.g. acceptEdits).",
    });
  });
});

describe('classifyOutcome', () => {
  it.each([
    [429, 'rate_limit_error', 'Too many requests', 'The Anthropic API is rate-limiting requests (429: Too many requests); the task will be retried after a pause.'],
    [529, 'overloaded_error', 'Overloaded', 'The Anthropic API is overloaded (529: Overloaded); the task will be retried after a pause.'],
    [500, 'api_error', 'Internal server error', 'The Anthropic API failed with a server error (500: Internal server error); the task will be retried after a pause.'],
    [503, 'api_error', 'Unavailable', 'The Anthropic API failed with a server error (503: Unavailable); the task will be retried after a pause.'],
  ])('API %i is transient', (status, type, text, message) => {
    const line = resultLine({ subtype: 'success', is_error: true, api_error_status: status, result: `API Error: ${status} {"type":"error","error":{"type":"${type}","message":"${text}"}}` });
    expect(classifyOutcome(outcome(line), CONTEXT)).toEqual({ kind: 'transient', message });
  });

  it('recognises rate limits and network errors by their words when no status is given', () => {
    const rate = resultLine({ is_error: true, api_error_status: null, result: 'API Error: Rate limit reached' });
    expect(classifyOutcome(outcome(rate), CONTEXT)?.kind).toBe('transient');
    const network = resultLine({ is_error: true, result: 'API Error: Connection error. (ETIMEDOUT)' });
    expect(classifyOutcome(outcome(network), CONTEXT)).toEqual({
      kind: 'transient',
      message: 'Claude Code could not reach the Anthropic API (Connection error. (ETIMEDOUT)); the task will be retried. If this persists, check the network, proxy or ANTHROPIC_BASE_URL.',
    });
    expect(classifyOutcome(outcome('', { stderr: 'Error: socket hang up' }), CONTEXT)?.kind).toBe('transient');
    // What CLI 2.1.197 reports after its own ten retries against a closed port.
    const refused = resultLine({ subtype: 'success', is_error: true, api_error_status: null, result: 'API Error: Unable to connect to API (ConnectionRefused)' });
    expect(classifyOutcome(outcome(refused), CONTEXT)).toEqual({
      kind: 'transient',
      message: 'Claude Code could not reach the Anthropic API (Unable to connect to API (ConnectionRefused)); the task will be retried. If this persists, check the network, proxy or ANTHROPIC_BASE_URL.',
    });
  });

  it('a certificate problem is not retried: the person must fix the proxy or certificates', () => {
    const line = resultLine({ is_error: true, result: 'API Error: Unable to connect to API: SSL certificate verification failed. Check your proxy or corporate SSL certificates' });
    expect(classifyOutcome(outcome(line), CONTEXT)).toEqual({
      kind: 'unrecoverable',
      message: 'Claude Code cannot connect to the Anthropic API securely (Unable to connect to API: SSL certificate verification failed. Check your proxy or corporate SSL certificates). Fix the proxy or certificate settings, e.g. NODE_EXTRA_CA_CERTS for a corporate certificate.',
    });
  });

  it('401 and an invalid key are unrecoverable login problems', () => {
    const line = resultLine({ is_error: true, api_error_status: 401, result: 'API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}' });
    expect(classifyOutcome(outcome(line), CONTEXT)?.message).toBe(
      'Claude Code is not logged in or its API key was rejected (invalid x-api-key). Run `claude` once in a terminal and log in, or set ANTHROPIC_API_KEY in the environment the orchestrator runs in.',
    );
  });

  it('404 and 413 say what to change', () => {
    const notFound = resultLine({ is_error: true, api_error_status: 404, result: 'API Error: 404 {"error":{"message":"model: claude-nope not found"}}' });
    expect(classifyOutcome(outcome(notFound), CONTEXT)).toEqual({ kind: 'unrecoverable', message: "The Anthropic API rejected the request (404): model: claude-nope not found. Check the model named in the agent's definition." });
    const tooLarge = resultLine({ is_error: true, result: 'API Error: 413 request too large' });
    expect(classifyOutcome(outcome(tooLarge), CONTEXT)?.message).toBe('The Anthropic API rejected the request (413): request too large. The prompt is too large: split the task or trim the PRP context.');
  });

  it('the CLI budget stop (error_max_budget_usd) is a budget failure', () => {
    const line = resultLine({ subtype: 'error_max_budget_usd', is_error: true, total_cost_usd: 0.52 });
    expect(classifyOutcome(outcome(line), CONTEXT)).toEqual({
      kind: 'budget',
      message: 'Claude Code stopped at the task budget of $0.5000 (spent $0.5200) before finishing. Raise the per-task budget (--task-budget-usd) or split the task into smaller ones.',
    });
  });

  it('any other error result is a crash quoting its errors', () => {
    const line = resultLine({ subtype: 'error_during_execution', is_error: true, errors: ['Tool exploded', 'twice'] });
    expect(classifyOutcome(outcome(line), CONTEXT)).toEqual({ kind: 'crash', message: 'Claude Code reported an error (error_during_execution): Tool exploded; twice. The task will be retried.' });
  });

  it('a missing CLI names the setting and how to install Claude Code', () => {
    expect(classifyOutcome(outcome('', { spawnError: { code: 'ENOENT', message: 'spawn claude ENOENT' } }), CONTEXT)).toEqual({
      kind: 'unrecoverable',
      message: 'Claude Code was not found: "claude" is not on PATH or does not exist. Install it with `npm install -g @anthropic-ai/claude-code`, or set prpOrchestrator.claudePath (CLI: --claude-path) to the full path of the claude executable.',
    });
    expect(classifyOutcome(outcome('', { spawnError: { code: 'EACCES', message: 'spawn EACCES' } }), { ...CONTEXT, claudePath: '/opt/claude' })).toEqual({
      kind: 'unrecoverable',
      message: 'Claude Code at "/opt/claude" is not executable (EACCES). Fix its permissions (chmod +x) or set prpOrchestrator.claudePath (CLI: --claude-path) to a working claude executable.',
    });
    expect(classifyOutcome(outcome('', { spawnError: { code: 'ENOENT', message: 'x' } }), { ...CONTEXT, cwdExists: false })?.message).toBe('The working directory /w does not exist, so Claude Code cannot start there.');
  });

  it('stops by the runner: stall, budget, cancel', () => {
    expect(classifyOutcome(outcome('', { stoppedFor: 'stall' }), { ...CONTEXT, stallTimeoutMs: 1500 })).toEqual({
      kind: 'stalled',
      message: 'Claude Code printed nothing for 1.5 s, so the attempt was stopped and will be retried. If tasks run long silent commands, raise the stall timeout (--stall-timeout-ms).',
    });
    const climbing = resultLine({ is_error: false, total_cost_usd: 0.75 });
    expect(classifyOutcome(outcome(climbing, { stoppedFor: 'budget' }), CONTEXT)).toEqual({
      kind: 'budget',
      message: 'The task cost $0.7500, over its budget of $0.5000, so Claude Code was stopped. Raise the per-task budget (--task-budget-usd) or split the task into smaller ones.',
    });
    expect(classifyOutcome(outcome('', { stoppedFor: 'cancel' }), CONTEXT)?.kind).toBe('cancelled');
  });

  it('no result: exit 0, an exit code, a signal, an old CLI, root with bypassPermissions', () => {
    expect(classifyOutcome(outcome('hello\n{"type":"system","subtype":"init"}\n', { exitCode: 0 }), CONTEXT)?.message).toBe(
      'Claude Code exited without reporting a result: its output had no `result` line (2 lines, 1 not JSON). Check that prpOrchestrator.claudePath (CLI: --claude-path) points at Claude Code.',
    );
    expect(classifyOutcome(outcome('', { exitCode: 3, stderr: 'boom\nat x' }), CONTEXT)).toEqual({ kind: 'crash', message: 'Claude Code exited with code 3 before reporting a result. Its last error output: boom | at x' });
    expect(classifyOutcome(outcome('', { exitCode: 3 }), CONTEXT)?.message).toBe('Claude Code exited with code 3 before reporting a result. Check that "claude --version" works.');
    expect(classifyOutcome(outcome('', { exitCode: null, signal: 'SIGSEGV' }), CONTEXT)).toEqual({
      kind: 'crash',
      message: 'Claude Code was killed by SIGSEGV before it reported a result (perhaps out of memory); the task will be retried.',
    });
    expect(classifyOutcome(outcome('', { stderr: "error: unknown option '--max-budget-usd'" }), CONTEXT)).toEqual({
      kind: 'unrecoverable',
      message: 'This version of Claude Code does not accept the option --max-budget-usd. Update it with `npm install -g @anthropic-ai/claude-code@latest`.',
    });
    const root = '--dangerously-skip-permissions cannot be used with root/sudo privileges for security reasons';
    expect(classifyOutcome(outcome('', { stderr: root }), CONTEXT)?.kind).toBe('unrecoverable');
  });
});

describe('apiMessage', () => {
  it('takes error.message from embedded JSON, else the text after the status', () => {
    expect(apiMessage('API Error: 400 {"type":"error","error":{"type":"x","message":"bad thing"}}')).toBe('bad thing');
    expect(apiMessage('API Error: 400 mock: prompt is malformed')).toBe('mock: prompt is malformed');
    expect(apiMessage('API Error: 500 {not json}')).toBe('{not json}');
    expect(apiMessage('')).toBe('no details');
  });
});
