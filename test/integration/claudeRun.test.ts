import { cpSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/orchestrator/index';
import { claudeBinary, initGitRepo, makeHome, makeScratch, offlineEnv, probeClaude } from '../fixtures/anthropic-stub/claudeCli';
import { reply, text, toolUse } from '../fixtures/anthropic-stub/script';
import type { StubScript } from '../fixtures/anthropic-stub/script';
import { startAnthropicStub } from '../fixtures/anthropic-stub/server';
import { buildCli, runCli as runCliProcess, type CliResult } from '../support/runCli';
import type { AnthropicStub } from '../fixtures/anthropic-stub/server';

// The whole product path, the way CI uses it: `prp-orchestrator run <prp> --runner claude --json` as a
// process, the real pinned `claude` CLI as every agent, and a stand-in Messages API scripted per task.
const root = path.resolve(__dirname, '../..');
const fixture = path.join(root, 'test/fixtures/anthropic-stub/project');

const probe = probeClaude();
if (!probe.ok) console.warn(`[claudeRun.test] skipping the real-CLI run: ${probe.reason}`);

/** The tests start several processes (the CLI, real agents); generous for a busy two-core machine. */
const REAL_CLI_TIMEOUT_MS = 120_000;

/** Claude Sonnet 4.5 list prices per token (the agents' model); the stub reports 1000 in / 100 out per message. */
const TURN_COST = 1000 * (3 / 1e6) + 100 * (15 / 1e6);

/** What the PRP's tasks ask for: the file and the line each must hold (inputs of the test, from the PRP). */
const EXPECTED_FILES: Record<string, string> = {
  'src/server/greeting.ts': "export const serverGreeting = 'hello from the server';\n",
  'src/web/Greeting.tsx': 'export const Greeting = () => <p>hello from the web</p>;\n',
  'docs/greeting.md': '# Greetings\n',
  'test/greeting.test.ts': "import { serverGreeting } from '../src/server/greeting';\n",
};

/** The part of a prompt that is the task itself (the prompt builder puts it under "## Your task"). */
function taskSection(prompt: string): string {
  const start = prompt.indexOf('## Your task');
  if (start < 0) return '';
  const end = prompt.indexOf('\n## ', start + 1);
  return end < 0 ? prompt.slice(start) : prompt.slice(start, end);
}

/** The file and line a task prompt asks for, read the way a model would: from the task's own text. */
function orderOf(prompt: string): { id: string; file: string; line: string } | undefined {
  const section = taskSection(prompt);
  const id = /^## Your task: (\S+)/.exec(section)?.[1];
  const file = /CREATE (\S+)/.exec(section)?.[1];
  const line = /LINE: (.*)/.exec(section)?.[1];
  return id && file && line ? { id, file, line } : undefined;
}

/** The scripted model: write the task's file with its Write tool, then report what it did. */
function scriptFor(project: string): StubScript {
  return (call) => {
    const order = orderOf(call.prompt);
    if (!order) return reply(text('I could not find a task in this prompt.'));
    if (call.turn === 0) return reply(text(`Writing ${order.file}.`), toolUse('Write', { file_path: path.join(project, order.file), content: `${order.line}\n` }));
    return reply(text(`Wrote ${order.file} with the line the task asked for.`));
  };
}

let scratch: string;
let stub: AnthropicStub | undefined;

beforeAll(() => {
  buildCli();
  scratch = makeScratch('prp-claude-run-');
}, 120_000);

afterAll(async () => {
  await stub?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliResult> {
  return runCliProcess(args, { cwd, env });
}

describe.skipIf(!probe.ok)(`prp-orchestrator run --runner claude (claude CLI ${probe.ok ? probe.version : ''})`, () => {
  it('completes a multi-task PRP with several real agents in parallel, files written as scripted, costs summed', async () => {
    const project = path.join(scratch, 'project');
    cpSync(fixture, project, { recursive: true });
    initGitRepo(project);
    const home = makeHome(scratch);
    stub = await startAnthropicStub({ script: scriptFor(project) });
    const args = ['run', 'PRPs/greetings.prp.md', '--runner', 'claude', '--claude-path', claudeBinary, '--json', '--workers', '4'];
    args.push('--permission-mode', 'acceptEdits', '--max-turns', '5', '--task-budget-usd', '1', '--stall-timeout-ms', '60000');
    const { code, stdout, stderr } = await runCli(args, project, offlineEnv(stub.url, home));

    expect(stub.scriptErrors).toEqual([]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    for (const [file, content] of Object.entries(EXPECTED_FILES)) expect(readFileSync(path.join(project, file), 'utf8')).toBe(content);

    const events = stdout.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as RunEvent);
    const succeeded = events.filter((e): e is Extract<RunEvent, { type: 'task.succeeded' }> => e.type === 'task.succeeded');
    expect(new Set(succeeded.map((e) => e.taskId)).size).toBe(4);
    // Several agents, at the same time: the three independent tasks all started before any finished.
    const started = events.filter((e): e is Extract<RunEvent, { type: 'task.started' }> => e.type === 'task.started');
    const agentOf = new Map(started.map((e) => [e.taskId, e.agent]));
    expect(new Set(agentOf.values()).size).toBeGreaterThanOrEqual(3);
    expect(events.indexOf(started[2]!)).toBeLessThan(events.indexOf(succeeded[0]!));
    // Costs: each task is two model messages, priced by the CLI; the run total is their sum.
    const finished = events.at(-1);
    expect(finished?.type).toBe('run.finished');
    const total = finished?.type === 'run.finished' ? finished.totals : undefined;
    expect(total).toMatchObject({ tasks: 4, succeeded: 4, failed: 0 });
    for (const e of succeeded) expect(e.costUsd).toBeCloseTo(2 * TURN_COST, 10);
    expect(total?.costUsd).toBeCloseTo(succeeded.reduce((sum, e) => sum + e.costUsd, 0), 10);
    expect(total?.costUsd).toBeCloseTo(8 * TURN_COST, 10);

    // Each task's process ran as the agent routed to it (its system prompt), and the dependent task's
    // prompt carried what its dependencies reported.
    const firstCalls = stub.calls.filter((c) => c.turn === 0);
    expect(firstCalls).toHaveLength(4);
    for (const call of firstCalls) {
      const order = orderOf(call.prompt)!;
      expect(call.system).toContain(`You are the ${agentOf.get(order.id)} agent.`);
      expect(call.prompt).toContain('The app greets people from its server');
    }
    const testTask = firstCalls.find((c) => orderOf(c.prompt)?.file === 'test/greeting.test.ts')!;
    expect(testTask.prompt).toContain('Wrote src/server/greeting.ts with the line the task asked for.');
    expect(testTask.prompt).toContain('Wrote src/web/Greeting.tsx with the line the task asked for.');
  }, REAL_CLI_TIMEOUT_MS);
});

describe('prp-orchestrator run --runner claude: flags and a missing CLI', () => {
  const prp = path.join(fixture, 'PRPs/greetings.prp.md');
  const env = (): Record<string, string> => offlineEnv('http://127.0.0.1:9', makeHome(scratch));

  it('rejects bad or misplaced Claude flags with a usage error', async () => {
    const cases: Array<[string[], string]> = [
      [['--max-turns', '3'], '--max-turns applies to --runner claude only'],
      [['--runner', 'claude', '--max-turns', '0'], '--max-turns expects a whole number from 1 to 10000'],
      [['--runner', 'claude', '--permission-mode', 'yolo'], '--permission-mode expects acceptEdits or'],
      [['--runner', 'claude', '--task-budget-usd', '0'], '--task-budget-usd expects a number greater than 0'],
      [['--runner', 'claude', '--stall-timeout-ms', 'soon'], '--stall-timeout-ms expects a whole number'],
      [['--runner', 'claude', '--command', 'x'], '--command needs --runner command'],
    ];
    for (const [flags, message] of cases) {
      const result = await runCli(['run', prp, ...flags], scratch, env());
      expect({ flags, code: result.code }).toEqual({ flags, code: 2 });
      expect(result.stderr).toContain(message);
    }
  }, REAL_CLI_TIMEOUT_MS);

  it('says how to fix a Claude Code that cannot be found, naming --claude-path', async () => {
    const missing = path.join(scratch, 'no-such-dir', 'claude');
    const result = await runCli(['run', prp, '--runner', 'claude', '--claude-path', missing, '--json'], scratch, env());
    expect(result.code).toBe(1);
    const failures = result.stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as RunEvent)
      .filter((e): e is Extract<RunEvent, { type: 'task.failed' }> => e.type === 'task.failed');
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) {
      expect(failure.failure.kind).toBe('unrecoverable');
      expect(failure.failure.message).toContain(`"${missing}"`);
      expect(failure.failure.message).toContain('--claude-path');
    }
  }, REAL_CLI_TIMEOUT_MS);
});
