import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent, TaskGraph } from '../../src/orchestrator/model';
import type { ActionMessage, DashboardActions } from '../../src/cli/dashboard/connection';
import { DashboardHub } from '../../src/cli/dashboard/hub';
import { startDashboardServer } from '../../src/cli/dashboard/httpServer';
import type { DashboardServer } from '../../src/cli/dashboard/httpServer';
import { planState } from '../../src/cli/dashboard/initialState';
import { TestDashboard, httpGet, socketUrl, upgradeStatus } from './dashboardSupport';

const graph: TaskGraph = {
  title: 'Two tasks',
  tasks: ['T1', 'T2'].map((id) => ({ id, title: `Task ${id}`, body: '', files: [], tags: [], complexity: 1, estimateMs: 1000 })),
  dependencies: [{ from: 'T1', to: 'T2', reason: 'explicit' }],
};

let seq = 0;
function event(partial: Record<string, unknown> & { type: RunEvent['type'] }): RunEvent {
  seq += 1;
  return { runId: 'run-1', seq, time: 1000 + seq, ...partial } as RunEvent;
}

class FakeActions implements DashboardActions {
  readonly performed: ActionMessage[] = [];
  async perform(message: ActionMessage) {
    this.performed.push(message);
    return message.type === 'retryTask' ? { ok: true } : { ok: false, message: 'not here' };
  }
  async history() {
    return { type: 'history' as const, runs: [], agents: [] };
  }
}

describe('dashboard server', () => {
  let dir: string;
  let hub: DashboardHub;
  let actions: FakeActions;
  let server: DashboardServer;
  const open: TestDashboard[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'prp-dashboard-server-'));
    writeFileSync(path.join(dir, 'main.js'), 'console.log("dashboard");\n');
    writeFileSync(path.join(dir, 'main.css'), 'body { margin: 0; }\n');
    writeFileSync(path.join(dir, '.secret.js'), 'secret\n');
    writeFileSync(path.join(os.tmpdir(), 'prp-dashboard-outside.js'), 'outside\n');
    hub = new DashboardHub(planState({ graph }, { runId: 'run-1', workers: 2 }));
    actions = new FakeActions();
    server = await startDashboardServer({ hub, actions, assetsDir: dir });
  });

  afterAll(async () => {
    for (const client of open) client.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function connect(): Promise<TestDashboard> {
    const client = await TestDashboard.connect(socketUrl(server.url));
    open.push(client);
    return client;
  }

  it('prints a URL on 127.0.0.1 with a long random token', () => {
    const url = new URL(server.url);
    expect(url.hostname).toBe('127.0.0.1');
    expect(Number(url.port)).toBe(server.port);
    expect(url.searchParams.get('token')).toBe(server.token);
    expect(server.token.length).toBeGreaterThanOrEqual(40);
  });

  it('answers 401 to HTTP requests without the token or with a wrong one', async () => {
    const base = `http://127.0.0.1:${server.port}`;
    expect((await httpGet(`${base}/`)).status).toBe(401);
    expect((await httpGet(`${base}/?token=wrong`)).status).toBe(401);
    expect((await httpGet(`${base}/?token=${server.token}x`)).status).toBe(401);
    expect((await httpGet(`${base}/main.js`)).status).toBe(401);
    expect((await httpGet(`${base}/main.js?token=`)).status).toBe(401);
    expect((await httpGet(`${base}/main.js`, { Cookie: `prp_dashboard_${server.port}=nope` })).status).toBe(401);
  });

  it('serves the page with a strict CSP and no remote resource, and its assets with their content types', async () => {
    const page = await httpGet(server.url);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain(`connect-src ws://127.0.0.1:${server.port}`);
    expect(page.body).not.toMatch(/(src|href)="(https?:)?\/\//);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(page.body).toContain(`<script nonce="${nonce}" src="/main.js?token=`);
    const js = await httpGet(`${socketUrl(server.url).replace('ws://', 'http://').replace('/ws', '/main.js')}`);
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.body).toContain('dashboard');
    // The page sets a cookie, so the page's own follow-up requests need no token in their URL.
    const cookie = String(page.headers['set-cookie']).split(';')[0]!;
    const css = await httpGet(`http://127.0.0.1:${server.port}/main.css`, { Cookie: cookie });
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('serves nothing outside the bundle folder', async () => {
    const q = `?token=${server.token}`;
    const base = `http://127.0.0.1:${server.port}`;
    expect((await httpGet(`${base}/.secret.js${q}`)).status).toBe(403);
    expect((await httpGet(`${base}/..%2Fprp-dashboard-outside.js${q}`)).status).toBe(403);
    expect((await httpGet(`${base}/%2e%2e/prp-dashboard-outside.js${q}`)).status).not.toBe(200);
    expect((await httpGet(`${base}/missing.js${q}`)).status).toBe(404);
    expect((await httpGet(`${base}/main.txt${q}`)).status).toBe(404);
  });

  it('refuses WebSocket upgrades without the right token or from another origin', async () => {
    expect(await upgradeStatus(socketUrl(server.url, null))).toBe(401);
    expect(await upgradeStatus(socketUrl(server.url, 'wrong'))).toBe(401);
    expect(await upgradeStatus(socketUrl(server.url), { Origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(socketUrl(server.url), { Origin: `http://127.0.0.1:${server.port}` })).toBe(101);
  });

  it('listens on 127.0.0.1 only', async () => {
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((i) => i !== undefined && !i.internal)
      .map((i) => i!.address);
    for (const address of ['127.0.0.2', '::1', ...others]) {
      const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
        const socket = net.connect({ host: address, port: server.port });
        socket.once('connect', () => (socket.destroy(), resolve(undefined)));
        socket.once('error', (e) => resolve(e));
      });
      expect(error, `connected through ${address}`).toBeDefined();
    }
  });

  it('sends one snapshot on ready, then increments that continue from each client’s version', async () => {
    const first = await connect();
    first.ready();
    await first.until(() => first.state !== undefined, 'the first snapshot');
    const events = [
      event({ type: 'run.started', title: 'Two tasks', taskCount: 2, workers: 2 }),
      event({ type: 'task.ready', taskId: 'T1' }),
      event({ type: 'task.started', taskId: 'T1', agent: 'general', attempt: 1 }),
    ];
    for (const e of events) hub.apply(e);
    await first.until(() => first.state!.version === 3, 'three events');
    // A client joining mid-run starts from a snapshot of the current version and then follows too.
    const second = await connect();
    second.ready();
    await second.until(() => second.state !== undefined, 'the second snapshot');
    expect(second.state!.version).toBe(3);
    hub.apply(event({ type: 'task.progress', taskId: 'T1', agent: 'general', message: 'working' }));
    hub.apply(event({ type: 'task.succeeded', taskId: 'T1', agent: 'general', attempt: 1, durationMs: 5, costUsd: 0.01 }));
    await Promise.all([first, second].map((c) => c.until(() => c.state!.version === 5, 'five events')));
    for (const client of [first, second]) {
      expect(client.gaps).toEqual([]);
      expect(client.of('snapshot')).toHaveLength(1);
      expect(client.state).toEqual(hub.state);
      expect(client.state!.tasks[client.state!.taskIndex.T1!]!.status).toBe('succeeded');
    }
  });

  it('refuses invalid messages with a notice and keeps serving', async () => {
    const client = await connect();
    const bad: unknown[] = [
      'not json',
      '[]',
      { type: 'deleteEverything' },
      { type: 'retryTask', taskId: 'T1' },
      { type: 'retryTask', requestId: 'r', taskId: 'x'.repeat(5000) },
      { type: 'openFile', requestId: 'r', path: 'a.ts', line: -1 },
      { type: 'ready', protocol: 'one' },
      { type: '__proto__' },
    ];
    for (const value of bad) client.send(value);
    client.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await client.until(() => client.of('notice').length === bad.length + 1, 'a notice per refused message');
    expect(actions.performed).toEqual([]);
    client.ready();
    client.send({ type: 'retryTask', requestId: 'req-1', taskId: 'T2', extra: 'dropped' });
    await client.until(() => client.of('actionResult').length === 1, 'the action result');
    expect(client.of('actionResult')[0]).toEqual({ type: 'actionResult', requestId: 'req-1', ok: true });
    expect(actions.performed).toEqual([{ type: 'retryTask', requestId: 'req-1', taskId: 'T2' }]);
    client.send({ type: 'requestHistory' });
    await client.until(() => client.of('history').length === 1, 'the history');
    expect(client.state).toBeDefined();
  });

  it('closes a connection that sends a message larger than any dashboard message', async () => {
    const client = await connect();
    const closed = new Promise<number>((resolve) => client.ws.once('close', (code) => resolve(code)));
    client.send({ type: 'requestHistory', padding: 'x'.repeat(200_000) });
    expect(await closed).toBe(1009);
    const again = await connect();
    again.ready();
    await again.until(() => again.state !== undefined, 'a snapshot after the oversized message');
  });
});
