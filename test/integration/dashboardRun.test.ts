import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exampleAgents, examplePrp, isolatedEnv, runCli, useScratch } from '../support/runCli';
import type { DashboardProcess } from './dashboardSupport';
import { TestDashboard, httpGet, socketUrl, startDashboardCli, upgradeStatus, writeTestAgent } from './dashboardSupport';

const scratch = useScratch('prp-dashboard-run-');

function agentSetup(name: string, env: Record<string, string>): { control: string; args: string[]; env: NodeJS.ProcessEnv } {
  const control = path.join(scratch.dir, name);
  mkdirSync(control, { recursive: true });
  const script = writeTestAgent(control);
  return {
    control,
    args: ['--runner', 'command', '--command', `"${process.execPath}" "${script}"`, '--max-attempts', '1', '--agents-dir', exampleAgents],
    env: { ...isolatedEnv(scratch.home), CONTROL_DIR: control, ...env },
  };
}

const started: Array<DashboardProcess | TestDashboard> = [];
afterEach(async () => {
  for (const item of started.splice(0)) {
    if (item instanceof TestDashboard) item.close();
    else await item.stop('SIGKILL');
  }
});

async function dashboard(args: string[], env: NodeJS.ProcessEnv): Promise<DashboardProcess> {
  const process = await startDashboardCli(args, { cwd: scratch.dir, env });
  started.push(process);
  return process;
}

async function client(server: DashboardProcess): Promise<TestDashboard> {
  const connected = await TestDashboard.connect(socketUrl(server.url));
  started.push(connected);
  connected.ready();
  await connected.until(() => connected.state !== undefined, 'the snapshot');
  return connected;
}

function status(client: TestDashboard, taskId: string): string | undefined {
  const state = client.state!;
  return state.tasks[state.taskIndex[taskId]!]?.status;
}

describe('prp-orchestrator dashboard', () => {
  it('serves a simulated run live: one snapshot, then increments with no gap, to clients joining at any time', async () => {
    const db = path.join(scratch.dir, 'db-live');
    const server = await dashboard([examplePrp, '--agents-dir', exampleAgents, '--runner', 'simulated', '--speed', '200', '--db', db], isolatedEnv(scratch.home));
    const url = new URL(server.url);
    expect(url.hostname).toBe('127.0.0.1');
    expect((await httpGet(`${url.origin}/`)).status).toBe(401);
    expect(await upgradeStatus(socketUrl(server.url, 'wrong'))).toBe(401);
    const first = await client(server);
    await first.until(() => first.state!.version > 0, 'the first increment');
    const second = await client(server);
    await Promise.all([first, second].map((c) => c.until(() => c.state!.run.status === 'succeeded', 'the end of the run', 60_000)));
    for (const c of [first, second]) {
      expect(c.gaps).toEqual([]);
      expect(c.of('snapshot')).toHaveLength(1);
      expect(c.state!.tasks.every((t) => t.status === 'succeeded')).toBe(true);
    }
    expect(first.of('events').length).toBeGreaterThan(0);
    expect(second.state).toEqual(first.state);
    // The dashboard wrote the run like `run` does: the recorded audit trail ends where the clients are.
    const runId = first.state!.run.runId!;
    expect(await server.stop()).toBe(0);
    const audit = await runCli(['audit', runId, '--json', '--db', db], { cwd: scratch.dir, env: isolatedEnv(scratch.home) });
    const seqs = audit.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { seq: number }).seq);
    expect(Math.max(...seqs)).toBe(first.state!.lastSeq);
  });

  it('retries a task that failed for good: the run goes on in a new life and ends succeeded', async () => {
    const db = path.join(scratch.dir, 'db-retry');
    const agent = agentSetup('retry', { FAIL_TASK: 'T3' });
    const server = await dashboard([examplePrp, ...agent.args, '--db', db], agent.env);
    const c = await client(server);
    await c.until(() => c.state!.run.status === 'failed', 'the run to fail', 60_000);
    expect(status(c, 'T3')).toBe('failed');
    expect(status(c, 'T5')).toBe('blocked');
    // The agent now lets T3 through; the dashboard asks for it again, as the details panel's Retry does.
    writeFileSync(path.join(agent.control, 'allow-T3'), '');
    c.send({ type: 'retryTask', requestId: 'retry-1', taskId: 'T3' });
    await c.until(() => c.of('actionResult').length === 1, 'the answer to the retry');
    expect(c.of('actionResult')[0]).toMatchObject({ requestId: 'retry-1', ok: true });
    await c.until(() => c.state!.run.status === 'succeeded', 'the retried run to succeed', 60_000);
    expect(c.state!.tasks.every((t) => t.status === 'succeeded')).toBe(true);
    expect(c.gaps).toEqual([]);
    // A task that succeeded cannot be retried; the answer says why instead of failing silently.
    c.send({ type: 'retryTask', requestId: 'retry-2', taskId: 'T1' });
    c.send({ type: 'retryTask', requestId: 'retry-3', taskId: 'T404' });
    await c.until(() => c.of('actionResult').length === 3, 'the answers to the refused retries');
    expect(c.of('actionResult').slice(1).map((r) => r.ok)).toEqual([false, false]);
    // A browser has no editor: the path of a file to open goes to the terminal, and only inside the workspace.
    c.send({ type: 'openFile', requestId: 'open-1', path: examplePrp, line: 102 });
    c.send({ type: 'openFile', requestId: 'open-2', path: '/etc/passwd' });
    await c.until(() => c.of('actionResult').length === 5, 'the answers to the open requests');
    const [opened, outside] = c.of('actionResult').slice(3);
    expect(opened).toMatchObject({ ok: false, message: expect.stringContaining(`${examplePrp}:102`) });
    expect(outside).toMatchObject({ ok: false, message: expect.stringContaining('outside the workspace') });
    expect(await server.stop()).toBe(0);
    expect(server.stderr()).toContain(`dashboard: open ${examplePrp}:102`);
    expect(server.stderr()).not.toContain('/etc/passwd');
  });

  it('shows a recorded run read-only, follows its writer, and says who holds the lock when a retry needs it', async () => {
    const db = path.join(scratch.dir, 'db-follow');
    const agent = agentSetup('follow', { HOLD_TASK: 'T1' });
    const writer = await dashboard([examplePrp, ...agent.args, '--db', db, '--json'], agent.env);
    const live = await client(writer);
    await live.until(() => status(live, 'T1') === 'running', 'T1 to start');
    const reader = await dashboard(['--db', db], agent.env);
    const c = await client(reader);
    expect(c.state!.run.runId).toBe(live.state!.run.runId);
    expect(c.state!.tasks.map((t) => t.id)).toEqual(live.state!.tasks.map((t) => t.id));
    c.send({ type: 'retryTask', requestId: 'r1', taskId: 'T1' });
    await c.until(() => c.of('actionResult').length === 1, 'the refused retry');
    const refused = c.of('actionResult')[0]!;
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/another prp-orchestrator process is writing .*pid \d+/);
    c.send({ type: 'requestHistory' });
    await c.until(() => c.of('history').length === 1, 'the history');
    expect(c.of('history')[0]!.runs.map((r) => r.runId)).toContain(live.state!.run.runId);
    // The writer goes on; the read-only dashboard picks its events up from the store.
    writeFileSync(path.join(agent.control, 'release-T1'), '');
    await c.until(() => c.state!.run.status === 'succeeded', 'the followed run to end', 60_000);
    expect(c.gaps).toEqual([]);
    expect(await writer.stop()).toBe(0);
    expect(await reader.stop()).toBe(0);
    // With --json the writer's stdout is its run's events, one JSON object per line; the URL went to stderr.
    const lines = writer.stdout().trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { runId: string }).runId)).toEqual(lines.map(() => live.state!.run.runId));
    expect(writer.stderr()).toContain('Dashboard: http://127.0.0.1:');
  });

  it('resumes a recorded run that failed when a task is retried, writing the store from then on', async () => {
    const db = path.join(scratch.dir, 'db-resume');
    const agent = agentSetup('resume', { FAIL_TASK: 'T3' });
    const failed = await runCli(['run', examplePrp, ...agent.args, '--db', db, '--json'], { cwd: scratch.dir, env: agent.env });
    expect(failed.code).toBe(1);
    const server = await dashboard(['--db', db], agent.env);
    const c = await client(server);
    expect(c.state!.run.status).toBe('failed');
    expect(status(c, 'T3')).toBe('failed');
    writeFileSync(path.join(agent.control, 'allow-T3'), '');
    c.send({ type: 'retryTask', requestId: 'resume-1', taskId: 'T3' });
    await c.until(() => c.of('actionResult').length === 1, 'the answer to the retry');
    expect(c.of('actionResult')[0]).toMatchObject({ ok: true, message: expect.stringMatching(/^Resumed run/) });
    await c.until(() => c.state!.run.status === 'succeeded', 'the resumed run to succeed', 60_000);
    expect(c.gaps).toEqual([]);
    expect(await server.stop()).toBe(0);
    const runs = await runCli(['runs', '--db', db, '--json'], { cwd: scratch.dir, env: isolatedEnv(scratch.home) });
    expect(runs.stdout).toContain('"succeeded"');
  });

  it('refuses a busy port before anything runs', async () => {
    const db = path.join(scratch.dir, 'db-busy');
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    try {
      const port = String((busy.address() as net.AddressInfo).port);
      const result = await runCli(['dashboard', examplePrp, '--agents-dir', exampleAgents, '--port', port, '--db', db], { cwd: scratch.dir, env: isolatedEnv(scratch.home) });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`port ${port} on 127.0.0.1 is in use`);
      expect(existsSync(db)).toBe(false);
    } finally {
      busy.close();
    }
  });

  it('says what to do when there is no recorded run, and refuses a bad port', async () => {
    const empty = path.join(scratch.dir, 'db-empty');
    const none = await runCli(['dashboard', '--db', empty], { cwd: scratch.dir, env: isolatedEnv(scratch.home) });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no runs recorded/);
    const port = await runCli(['dashboard', '--port', '70000'], { cwd: scratch.dir, env: isolatedEnv(scratch.home) });
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/--port expects a whole number/);
  });
});
