import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunChange } from '../../src/extension/controllerApi';
import type { DashboardController, DashboardPort } from '../../src/extension/dashboard/session';
import { DashboardSession, panelTitle, shouldFollow } from '../../src/extension/dashboard/session';
import { parseMemento, toMemento } from '../../src/extension/dashboard/shownMemento';
import { resolveInsideWorkspace } from '../../src/extension/dashboard/workspacePaths';
import type { RunEvent, TaskGraph } from '../../src/orchestrator/model';
import { applyRunEvent, createDashboardState } from '../../src/shared/dashboardState';
import type { HostMessage } from '../../src/shared/protocol';
import { PROTOCOL_VERSION } from '../../src/shared/protocol';

const scratch = mkdtempSync(path.join(tmpdir(), 'prp-dashboard-'));
const workspace = path.join(scratch, 'ws');
mkdirSync(path.join(workspace, 'src'), { recursive: true });
writeFileSync(path.join(workspace, 'src', 'a.ts'), 'export const a = 1;\n');
writeFileSync(path.join(scratch, 'secret.txt'), 'outside\n');
symlinkSync(path.join(scratch, 'secret.txt'), path.join(workspace, 'src', 'link.txt'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const GRAPH: TaskGraph = {
  title: 'Add a greeting',
  tasks: [
    { id: 'T1', title: 'CREATE src/a.ts', body: '', files: ['src/a.ts'], tags: [], complexity: 1, estimateMs: 1000 },
    { id: 'T2', title: 'CREATE src/b.ts', body: '', files: ['src/b.ts'], tags: [], complexity: 1, estimateMs: 1000 },
  ],
  dependencies: [{ from: 'T1', to: 'T2', reason: 'explicit' }],
};

/** A run whose state follows the events it is given, as the controller would report it. */
class FakeRun {
  private seq = 0;
  change: RunChange;
  constructor(readonly runId: string) {
    this.change = { runId, prpPath: path.join(workspace, 'PRPs', 'greet.md'), state: createDashboardState({ graph: GRAPH, runId }), events: [] };
  }
  apply(...events: Partial<RunEvent>[]): RunChange {
    const full = events.map((e) => ({ runId: this.runId, seq: ++this.seq, time: this.seq * 1000, ...e }) as RunEvent);
    let state = this.change.state;
    for (const e of full) state = applyRunEvent(state, e);
    this.change = { ...this.change, state, events: full };
    return this.change;
  }
}

class FakeController implements DashboardController {
  private listeners: ((change: RunChange) => void)[] = [];
  active: RunChange | undefined;
  runs = new Map<string, RunChange>();
  calls: string[] = [];
  retryAnswer = true;
  onDidChange = (listener: (change: RunChange) => void) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(change: RunChange): void {
    this.runs.set(change.runId, change);
    for (const l of this.listeners) l(change);
  }
  get listenerCount(): number {
    return this.listeners.length;
  }
  activeRun = () => this.active;
  runState = (runId: string) => this.runs.get(runId);
  retryTask = async (runId: string, taskId: string) => (this.calls.push(`retry ${runId} ${taskId}`), this.retryAnswer);
  cancelTask = async (runId: string, taskId: string) => void this.calls.push(`cancelTask ${runId} ${taskId}`);
  cancelRun = async (runId?: string) => void this.calls.push(`cancelRun ${runId}`);
  openTaskLog = async (runId: string, taskId: string) => {
    if (taskId === 'T2') throw new Error('the log of T2 was removed');
    this.calls.push(`log ${runId} ${taskId}`);
  };
  history = async () => ({ runs: [{ runId: 'old', title: 'Old run', status: 'succeeded' as const, startedAt: 1 }], agents: [{ agent: 'dev', attempts: 3, successes: 2, meanDurationMs: 500 }] });
}

class FakePort implements DashboardPort {
  posted: HostMessage[] = [];
  logs: string[] = [];
  opened: string[] = [];
  titles: string[] = [];
  post = (message: HostMessage) => void this.posted.push(message);
  log = (line: string) => void this.logs.push(line);
  openFile = async (p: string, line?: number) => void this.opened.push(`${p}:${line ?? ''}`);
  workspaceRoots = () => [workspace];
  shownRunChanged = (change: RunChange | undefined) => void this.titles.push(panelTitle(change));
  last(): HostMessage | undefined {
    return this.posted[this.posted.length - 1];
  }
  take(): HostMessage[] {
    return this.posted.splice(0);
  }
}

let controller: FakeController;
let port: FakePort;
let run: FakeRun;

beforeEach(() => {
  controller = new FakeController();
  port = new FakePort();
  run = new FakeRun('run-1');
  run.apply({ type: 'run.started', title: 'Add a greeting', taskCount: 2, workers: 2 });
  controller.active = run.change;
});

async function readySession(initial?: RunChange): Promise<DashboardSession> {
  const session = new DashboardSession(controller, port, initial);
  await session.receive({ type: 'ready', protocol: PROTOCOL_VERSION });
  return session;
}

describe('Dashboard host session: handshake and increments', () => {
  it('posts nothing before ready, then one snapshot of the active run', async () => {
    const session = new DashboardSession(controller, port);
    controller.fire(run.apply({ type: 'task.started', taskId: 'T1', agent: 'dev', attempt: 1 }));
    expect(port.posted).toEqual([]);
    await session.receive({ type: 'ready', protocol: PROTOCOL_VERSION });
    const [snapshot, ...rest] = port.take();
    expect(rest).toEqual([]);
    expect(snapshot).toMatchObject({ type: 'snapshot', protocol: PROTOCOL_VERSION });
    expect(snapshot!.type === 'snapshot' && snapshot!.state.tasks[0]!.status).toBe('running');
  });

  it('sends events that continue from the version the dashboard has', async () => {
    await readySession();
    const version = (port.take()[0] as Extract<HostMessage, { type: 'snapshot' }>).state.version;
    controller.fire(run.apply({ type: 'task.started', taskId: 'T1', agent: 'dev', attempt: 1 }, { type: 'task.progress', taskId: 'T1', agent: 'dev', message: 'hi' }));
    controller.fire(run.apply({ type: 'task.succeeded', taskId: 'T1', agent: 'dev', attempt: 1, durationMs: 10, costUsd: 0 }));
    const [first, second] = port.take() as Extract<HostMessage, { type: 'events' }>[];
    expect(first).toMatchObject({ type: 'events', fromVersion: version });
    expect(first!.events.map((e) => e.type)).toEqual(['task.started', 'task.progress']);
    expect(second).toMatchObject({ type: 'events', fromVersion: version + 2 });
  });

  it('answers a gap or a fresh state with a new snapshot, and ignores stale changes', async () => {
    await readySession();
    port.take();
    run.apply({ type: 'task.ready', taskId: 'T1' }); // never reported: the next change leaves a gap
    controller.fire(run.apply({ type: 'task.started', taskId: 'T1', agent: 'dev', attempt: 1 }));
    expect(port.last()).toMatchObject({ type: 'snapshot' });
    port.take();
    controller.fire({ ...run.change, events: [] });
    expect(port.take().map((m) => m.type)).toEqual(['snapshot']);
    const stale: RunChange = { ...run.change, state: { ...run.change.state, version: 1 }, events: [run.change.events[0]!] };
    controller.fire(stale);
    expect(port.posted).toEqual([]);
  });

  it('stops posting when the webview goes away and starts over on its next ready', async () => {
    const session = await readySession();
    port.take();
    session.detach();
    controller.fire(run.apply({ type: 'task.started', taskId: 'T1', agent: 'dev', attempt: 1 }));
    expect(port.posted).toEqual([]);
    await session.receive({ type: 'ready', protocol: PROTOCOL_VERSION });
    expect(port.take().map((m) => m.type)).toEqual(['snapshot']);
  });

  it('shows an empty state with a hint when there is nothing to show, then follows the first run', async () => {
    controller.active = undefined;
    await readySession();
    const [snapshot, notice] = port.take();
    expect(snapshot!.type === 'snapshot' && snapshot!.state.tasks).toEqual([]);
    expect(notice).toMatchObject({ type: 'notice', level: 'info' });
    controller.fire(run.change);
    expect(port.last()!.type === 'snapshot' && (port.last() as Extract<HostMessage, { type: 'snapshot' }>).state.run.runId).toBe('run-1');
    expect(port.titles).toContain('PRP: Add a greeting');
  });

  it('warns about a dashboard of another protocol version but still answers it', async () => {
    const session = new DashboardSession(controller, port);
    await session.receive({ type: 'ready', protocol: PROTOCOL_VERSION + 1 });
    expect(port.take().map((m) => m.type)).toEqual(['notice', 'snapshot']);
  });

  it('moves from a preview to the run that starts, but never away from a live run', async () => {
    const preview = new FakeRun('preview-1').change;
    expect(shouldFollow(preview, run.change)).toBe(true);
    expect(shouldFollow(run.change, preview)).toBe(false);
    expect(shouldFollow(run.change, new FakeRun('run-2').apply({ type: 'run.started', title: 'x', taskCount: 2, workers: 1 }))).toBe(false);
    const session = await readySession(preview);
    expect((port.take()[0] as Extract<HostMessage, { type: 'snapshot' }>).state.run.status).toBe('planned');
    controller.fire(run.apply({ type: 'task.ready', taskId: 'T1' }));
    expect(session.current?.runId).toBe('run-1');
    expect(port.take().map((m) => m.type)).toEqual(['snapshot']);
    session.dispose();
    expect(controller.listenerCount).toBe(0);
  });
});

describe('Dashboard host session: untrusted messages and actions', () => {
  it('logs and ignores invalid messages', async () => {
    await readySession();
    port.take();
    const session = new DashboardSession(controller, port);
    for (const bad of [null, 'ready', { type: 'exec', command: 'rm -rf /' }, { type: 'retryTask', taskId: 'T1' }, { type: 'openFile', requestId: 'r', path: 'a', line: -3 }]) {
      await session.receive(bad);
    }
    expect(port.posted).toEqual([]);
    expect(port.logs).toHaveLength(5);
    expect(port.logs.every((l) => l.includes('ignored a message'))).toBe(true);
    expect(controller.calls).toEqual([]);
  });

  it('carries out retry, cancel and log requests for the run on screen and answers each', async () => {
    const session = await readySession();
    port.take();
    await session.receive({ type: 'retryTask', requestId: '1', taskId: 'T1' });
    controller.retryAnswer = false;
    await session.receive({ type: 'retryTask', requestId: '2', taskId: 'T2' });
    await session.receive({ type: 'cancelTask', requestId: '3', taskId: 'T1' });
    await session.receive({ type: 'cancelRun', requestId: '4' });
    await session.receive({ type: 'openTaskLog', requestId: '5', taskId: 'T1' });
    await session.receive({ type: 'openTaskLog', requestId: '6', taskId: 'T2' });
    await session.receive({ type: 'cancelTask', requestId: '7', taskId: 'T99' });
    expect(controller.calls).toEqual(['retry run-1 T1', 'retry run-1 T2', 'cancelTask run-1 T1', 'cancelRun run-1', 'log run-1 T1']);
    const results = port.take() as Extract<HostMessage, { type: 'actionResult' }>[];
    expect(results.map((r) => [r.requestId, r.ok])).toEqual([['1', true], ['2', false], ['3', true], ['4', true], ['5', true], ['6', false], ['7', false]]);
    expect(results[1]!.message).toContain('cannot run again');
    expect(results[5]!.message).toContain('the log of T2 was removed');
    expect(results[6]!.message).toContain('T99');
  });

  it('refuses run actions on a plan preview', async () => {
    const session = await readySession(new FakeRun('preview-1').change);
    port.take();
    await session.receive({ type: 'retryTask', requestId: 'p', taskId: 'T1' });
    await session.receive({ type: 'cancelRun', requestId: 'q' });
    expect(controller.calls).toEqual([]);
    expect(port.take()).toEqual([
      expect.objectContaining({ requestId: 'p', ok: false, message: expect.stringContaining('plan preview') }),
      expect.objectContaining({ requestId: 'q', ok: false }),
    ]);
  });

  it('opens workspace files and refuses paths that lead outside it', async () => {
    const session = await readySession();
    port.take();
    await session.receive({ type: 'openFile', requestId: 'a', path: 'src/a.ts', line: 3 });
    await session.receive({ type: 'openFile', requestId: 'b', path: '../secret.txt' });
    await session.receive({ type: 'openFile', requestId: 'c', path: path.join(scratch, 'secret.txt') });
    await session.receive({ type: 'openFile', requestId: 'd', path: 'src/link.txt' });
    expect(port.opened).toEqual([`${path.join(workspace, 'src', 'a.ts')}:3`]);
    const results = port.take() as Extract<HostMessage, { type: 'actionResult' }>[];
    expect(results.map((r) => r.ok)).toEqual([true, false, false, false]);
    expect(results[1]!.message).toContain('outside the workspace');
    expect(results[3]!.message).toContain('through a link');
  });

  it('answers a history request with the store’s runs and agents', async () => {
    const session = await readySession();
    port.take();
    await session.receive({ type: 'requestHistory' });
    expect(port.take()).toEqual([{ type: 'history', runs: [expect.objectContaining({ runId: 'old' })], agents: [expect.objectContaining({ agent: 'dev' })] }]);
  });
});

describe('Workspace path resolution', () => {
  it('resolves relative paths against the preferred root and refuses outside ones', () => {
    const other = path.join(scratch, 'other');
    mkdirSync(other, { recursive: true });
    writeFileSync(path.join(other, 'b.ts'), '');
    expect(resolveInsideWorkspace('b.ts', [workspace, other])).toEqual({ ok: true, path: path.join(other, 'b.ts') });
    expect(resolveInsideWorkspace('src/new.ts', [workspace, other], workspace)).toEqual({ ok: true, path: path.join(workspace, 'src', 'new.ts') });
    expect(resolveInsideWorkspace('/etc/passwd', [workspace]).ok).toBe(false);
    expect(resolveInsideWorkspace('a\0b', [workspace]).ok).toBe(false);
    expect(resolveInsideWorkspace('src/a.ts', []).ok).toBe(false);
    const sibling = `${workspace}-evil`;
    expect(resolveInsideWorkspace(path.join(sibling, 'x.ts'), [workspace]).ok).toBe(false);
  });
});

describe('Shown-run memento', () => {
  it('remembers a run or a preview and reads back only well-formed values', () => {
    const preview = new FakeRun('preview-1').change;
    expect(toMemento(run.change)).toEqual({ runId: 'run-1', prpPath: run.change.prpPath, preview: false });
    expect(toMemento(preview)).toMatchObject({ preview: true });
    expect(toMemento(undefined)).toBeUndefined();
    expect(parseMemento(JSON.parse(JSON.stringify(toMemento(run.change))))).toEqual(toMemento(run.change));
    for (const bad of [undefined, null, 'run-1', { runId: 'r', prpPath: '/p' }, { runId: 1, prpPath: '/p', preview: false }]) {
      expect(parseMemento(bad)).toBeUndefined();
    }
  });
});
