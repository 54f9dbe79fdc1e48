import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleAgents, examplePrp, isolatedEnv, runCli as runCliProcess, useScratch, type CliResult } from '../support/runCli';

// These tests run the bundled CLI as a real process, the way people and CI pipelines use it.
const root = path.resolve(__dirname, '../..');
const corpus = path.resolve(root, '../shared/prp-corpus');
const packageVersion = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;

const scratchDir = useScratch('prp-cli-');

/** Runs `node dist/cli.js ...args`; resolves when the process exits. */
function runCli(args: string[], options: { cwd?: string; onSpawn?: (child: ChildProcess) => void } = {}): Promise<CliResult> {
  return runCliProcess(args, { cwd: options.cwd ?? root, env: isolatedEnv(scratchDir.home), onSpawn: options.onSpawn });
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

/** A file in the scratch folder, created with `text`; returns its absolute path. */
function scratchFile(relative: string, text: string): string {
  const file = path.join(scratchDir.dir, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}


describe('prp-orchestrator basics', () => {
  it('prints its version and help', async () => {
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(packageVersion);
    for (const command of ['plan', 'route', 'run', 'agents']) {
      const help = await runCli([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`prp-orchestrator ${command}`);
    }
  });

  it('rejects an unknown flag with one line naming it and exit 2', async () => {
    const result = await runCli(['plan', examplePrp, '--frobnicate']);
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toContain('--frobnicate');
    expect(result.stderr).toContain('plan --help');
    expect(result.stdout).toBe('');
  });

  it('rejects an unknown command and a bad number with exit 2', async () => {
    const unknown = await runCli(['deploy']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("'deploy'");
    const workers = await runCli(['run', examplePrp, '--workers', 'many']);
    expect(workers.code).toBe(2);
    expect(lines(workers.stderr)).toHaveLength(1);
    expect(workers.stderr).toContain('--workers');
  });
});

interface PlanJson {
  title: string;
  tasks: Array<{ id: string; title: string; files: string[]; dependsOn: string[]; agent: string; tags: string[]; estimateMs: number }>;
  validation: Array<{ level: number; commands: string[] }>;
  diagnostics: Array<{ severity: string; message: string; line: number }>;
  waves: string[][] | null;
}

/** Checks the documented shape of `plan --json` and returns the plan. */
function expectPlanShape(stdout: string): PlanJson {
  expect(lines(stdout)).toHaveLength(1);
  const plan = JSON.parse(stdout) as PlanJson;
  expect(typeof plan.title).toBe('string');
  expect(plan.tasks.length).toBeGreaterThan(0);
  const ids = new Set(plan.tasks.map((t) => t.id));
  for (const task of plan.tasks) {
    expect(typeof task.id).toBe('string');
    expect(task.title.length).toBeGreaterThan(0);
    expect(task.files.every((f) => typeof f === 'string')).toBe(true);
    expect(task.dependsOn.every((d) => ids.has(d) && d !== task.id)).toBe(true);
    expect(typeof task.agent).toBe('string');
    expect(task.tags.every((t) => typeof t === 'string')).toBe(true);
    expect(task.estimateMs).toBeGreaterThan(0);
  }
  for (const level of plan.validation) {
    expect(typeof level.level).toBe('number');
    expect(level.commands.every((c) => typeof c === 'string' && c.length > 0)).toBe(true);
  }
  for (const d of plan.diagnostics) {
    expect(['error', 'warning', 'info']).toContain(d.severity);
    expect(d.message.length).toBeGreaterThan(0);
    expect(d.line).toBeGreaterThanOrEqual(1);
  }
  return plan;
}

describe('plan', () => {
  it('plans the bundled example with dependencies, parallel waves and validation commands', async () => {
    const result = await runCli(['plan', examplePrp, '--agents-dir', exampleAgents, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const plan = expectPlanShape(result.stdout);
    const byFile = (file: string) => plan.tasks.find((t) => t.files.includes(file))!;
    const migration = byFile('db/migrations/002_create_users.sql');
    const userModel = byFile('src/server/models/user.ts');
    const routes = byFile('src/server/routes/auth.ts');
    const tests = byFile('test/server/auth.test.ts');
    expect(plan.tasks).toHaveLength(9);
    // Explicit dependencies ("DEPENDENCIES: Task 1") and file-based ones (routes import the user model).
    expect(userModel.dependsOn).toContain(migration.id);
    expect(routes.dependsOn).toContain(userModel.id);
    expect(tests.dependsOn).toContain(routes.id);
    expect(plan.waves![0]!.length).toBeGreaterThanOrEqual(3);
    const commands = plan.validation.flatMap((level) => level.commands);
    expect(commands).toContain('npx tsc --noEmit');
    const agents = new Set(readdirSync(exampleAgents).map((f) => f.replace(/\.md$/, '')));
    expect(plan.tasks.every((t) => agents.has(t.agent))).toBe(true);
  });

  it('prints a readable plan for people', async () => {
    const result = await runCli(['plan', examplePrp, '--agents-dir', exampleAgents]);
    expect(result.code).toBe(0);
    for (const heading of ['Tasks', 'Waves', 'Validation']) expect(result.stdout).toContain(heading);
    expect(result.stdout).toContain('why:');
    expect(result.stdout).toContain('$ npx tsc --noEmit');
  });

  it('exits 1 with a one-line reason when the file cannot be read', async () => {
    const result = await runCli(['plan', 'PRPs/does-not-exist.md']);
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toContain('PRPs/does-not-exist.md');
    expect(result.stderr).not.toMatch(/\bat .+:\d+:\d+/);
    expect(result.stdout).toBe('');
  });

  it('exits 1 with a one-line reason when the file holds no task', async () => {
    const readme = scratchFile('notes/README.md', '# Notes\n\nJust some notes about the project.\n\n- nothing to do here\n');
    const result = await runCli(['plan', readme, '--json']);
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toContain('no task');
    expect(result.stdout).toBe('');
  });

  const corpusFiles = ['coleam00__Archon__decouple-task-priority-from-order.md', 'coleam00__context-engineering-intro__EXAMPLE_multi_agent_prp.md'];
  it.skipIf(!existsSync(corpus)).each(corpusFiles)('plans the corpus file %s', async (name) => {
    const result = await runCli(['plan', path.join(corpus, name), '--agents-dir', exampleAgents, '--json']);
    expect(result.code).toBe(0);
    const plan = expectPlanShape(result.stdout);
    expect(plan.validation.length).toBeGreaterThan(0);
  });
});

interface RouteLine {
  id: string;
  agent: string;
  scores: Array<{ agent: string; score: number; breakdown: Record<string, number> }>;
}

function expectRouteShape(line: string): RouteLine {
  const parsed = JSON.parse(line) as RouteLine;
  expect(parsed.scores.length).toBeGreaterThan(0);
  expect(parsed.agent).toBe(parsed.scores[0]!.agent);
  for (const s of parsed.scores) {
    expect(Object.keys(s.breakdown).sort()).toEqual(['history', 'load', 'responseTime', 'specialization']);
  }
  const scores = parsed.scores.map((s) => s.score);
  expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  return parsed;
}

describe('route', () => {
  it('routes one task given on the command line', async () => {
    const result = await runCli(['route', '--agents-dir', exampleAgents, '--task', 'Build the React login form component with field errors', '--files', 'src/web/components/LoginForm.tsx', '--json']);
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toHaveLength(1);
    const route = expectRouteShape(result.stdout);
    expect(route.scores).toHaveLength(readdirSync(exampleAgents).length);
  });

  it('routes every line of a JSONL file', async () => {
    const tasks = [
      { id: 'a', title: 'Write SQL migration adding an index on orders.customer_id', description: 'PostgreSQL', files: ['db/migrations/010_orders_index.sql'] },
      { id: 'b', title: 'Document the export endpoint', description: 'Add curl examples to the API guide', files: ['docs/export.md'] },
      { id: 'c', title: 'Add tests for the password reset flow', files: ['test/server/reset.test.ts'] },
    ];
    const file = scratchFile('tasks.jsonl', `${tasks.map((t) => JSON.stringify(t)).join('\n')}\n`);
    const result = await runCli(['route', '--agents-dir', exampleAgents, '--tasks', file, '--json']);
    expect(result.code).toBe(0);
    const routed = lines(result.stdout).map(expectRouteShape);
    expect(routed.map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });

  it('names the line of a bad JSONL entry', async () => {
    const file = scratchFile('bad.jsonl', '{"id":"a","title":"Fine task","description":"","files":[]}\n{"id":"b","files":"not-a-list"}\n');
    const result = await runCli(['route', '--agents-dir', exampleAgents, '--tasks', file, '--json']);
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toContain('bad.jsonl:2');
    expect(result.stdout).toBe('');
    const notJson = scratchFile('worse.jsonl', '\n{"id":"a","title":"x"}\n{oops\n');
    const second = await runCli(['route', '--agents-dir', exampleAgents, '--tasks', notJson]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('worse.jsonl:3');
  });
});

describe('agents', () => {
  it('lists agents and warns about a definition without a name', async () => {
    const dir = path.join(scratchDir.dir, 'agents-with-broken');
    scratchFile('agents-with-broken/reviewer.md', '---\nname: reviewer\ndescription: Reviews pull requests for bugs.\ntools: Read, Grep\nmodel: opus\n---\nYou review code.\n');
    scratchFile('agents-with-broken/broken.md', '---\ndescription: I forgot my name.\n---\nBody.\n');
    const result = await runCli(['agents', '--agents-dir', dir, '--json']);
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout) as { agents: Array<{ name: string; source: string; model: string; tools: string[] }>; warnings: Array<{ path: string; message: string }> };
    expect(listed.agents.map((a) => a.name)).toEqual(['reviewer']);
    expect(listed.agents[0]).toMatchObject({ source: 'project', model: 'opus', tools: ['Read', 'Grep'] });
    expect(listed.warnings).toHaveLength(1);
    expect(listed.warnings[0]!.path).toContain('broken.md');
    const human = await runCli(['agents', '--agents-dir', dir]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('reviewer');
    expect(human.stdout).toContain('1 warning');
    expect(human.stdout).toContain('broken.md');
  });
});

interface EventLine {
  runId: string;
  seq: number;
  type: string;
  taskId?: string;
  status?: string;
}

describe('run', () => {
  // A stand-in agent: it reads the prompt from stdin and writes it to out/<task id>.txt in its folder.
  const agentScript = `
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
const prompt = readFileSync(0, 'utf8');
mkdirSync('out', { recursive: true });
writeFileSync('out/' + process.env.PRP_TASK_ID + '.txt', prompt);
console.log('wrote ' + process.env.PRP_TASK_ID);
`;
  // An agent that never finishes; it records its pid so the test can check it was ended.
  const hangingScript = `
import { mkdirSync, writeFileSync } from 'node:fs';
mkdirSync('pids', { recursive: true });
writeFileSync('pids/' + process.pid, '');
setInterval(() => {}, 1000);
`;

  it('runs the example with the simulated runner and prints JSONL events', async () => {
    const result = await runCli(['run', examplePrp, '--agents-dir', exampleAgents, '--runner', 'simulated', '--speed', '20000', '--json'], { cwd: scratchDir.dir });
    expect(result.code).toBe(0);
    const events = lines(result.stdout).map((line) => JSON.parse(line) as EventLine);
    const runId = events[0]!.runId;
    expect(runId.length).toBeGreaterThan(0);
    expect(events.every((e) => e.runId === runId)).toBe(true);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events[0]!.type).toBe('run.started');
    expect(events.at(-1)).toMatchObject({ type: 'run.finished', status: 'succeeded' });
    const succeeded = new Set(events.filter((e) => e.type === 'task.succeeded').map((e) => e.taskId));
    expect(succeeded.size).toBe(9);
  });

  it('shows live progress and a summary for people', async () => {
    const result = await runCli(['run', examplePrp, '--agents-dir', exampleAgents, '--speed', '20000'], { cwd: scratchDir.dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Run succeeded');
    expect(result.stdout).toContain('9 of 9 tasks done');
    expect(lines(result.stdout).filter((line) => line.includes('▶'))).toHaveLength(9);
  });

  it('runs a command once per task with the prompt on stdin, in the current folder', async () => {
    const workspace = path.join(scratchDir.dir, 'command-workspace');
    const agent = scratchFile('command-workspace/agent.mjs', agentScript);
    const result = await runCli(['run', examplePrp, '--runner', 'command', '--command', `"${process.execPath}" ${agent}`, '--workers', '3', '--json'], { cwd: workspace });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const written = readdirSync(path.join(workspace, 'out')).sort();
    expect(written).toEqual(Array.from({ length: 9 }, (_, i) => `T${i + 1}.txt`).sort());
    expect(readFileSync(path.join(workspace, 'out/T1.txt'), 'utf8')).toContain('db/migrations/002_create_users.sql');
  });

  it('exits 1 and says why when the agent command fails', async () => {
    const prp = scratchFile('failing/PRPs/one.md', '# One task\n\n## Implementation Blueprint\n\n### Task 1: CREATE src/a.ts\n\n- write it\n');
    const agents = path.join(scratchDir.dir, 'failing/agents');
    scratchFile('failing/agents/solo.md', '---\nname: solo\ndescription: Does everything.\n---\nYou do it.\n');
    const command = `"${process.execPath}" -e "console.error('no API key'); process.exit(3)"`;
    const result = await runCli(['run', prp, '--agents-dir', agents, '--command', command, '--max-attempts', '1'], { cwd: path.join(scratchDir.dir, 'failing') });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Run failed');
    const summary = result.stdout.slice(result.stdout.indexOf('Run failed'));
    expect(summary).toContain('1 failed');
    expect(summary).toMatch(/T1 .*exited with code 3.*no API key/);
  });

  it('cancels cleanly on SIGINT: agents are ended and the exit code is 130', async () => {
    const workspace = path.join(scratchDir.dir, 'hanging');
    const agent = scratchFile('hanging/agent.mjs', hangingScript);
    let signalled = false;
    const pidsDir = path.join(workspace, 'pids');
    const agentsStarted = () => (existsSync(pidsDir) ? readdirSync(pidsDir).length : 0);
    const result = await runCli(['run', examplePrp, '--command', `"${process.execPath}" ${agent}`, '--workers', '2', '--json'], {
      cwd: workspace,
      // Interrupt once both workers have a live agent process, as a person pressing Ctrl-C would.
      onSpawn: (child) => {
        const poll = setInterval(() => {
          if (agentsStarted() < 2) return;
          clearInterval(poll);
          signalled = child.kill('SIGINT');
        }, 50);
        child.on('close', () => clearInterval(poll));
      },
    });
    expect(signalled).toBe(true);
    expect(result.code).toBe(130);
    const events = lines(result.stdout).map((line) => JSON.parse(line) as EventLine);
    expect(events.at(-1)).toMatchObject({ type: 'run.finished', status: 'cancelled' });
    for (const pid of readdirSync(pidsDir)) {
      expect(() => process.kill(Number(pid), 0)).toThrow();
    }
  });
});
