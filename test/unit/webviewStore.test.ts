import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyRunEvents } from '../../src/shared/dashboardState';
import { PROTOCOL_VERSION } from '../../src/shared/protocol';
import type { DashboardMessage } from '../../src/shared/protocol';
import type { RunEvent } from '../../src/orchestrator/model';
import { FakeHost } from '../../webview-ui/src/dev/fakeHost';
import { sampleState, SAMPLE_RUN_ID } from '../../webview-ui/src/dev/sampleRun';
import { createHostClient } from '../../webview-ui/src/host/client';
import { Emitter } from '../../webview-ui/src/host/emitter';
import type { ConnectionStatus, Transport } from '../../webview-ui/src/host/types';
import { createWebSocketTransport, dashboardSocketUrl } from '../../webview-ui/src/host/webSocketTransport';
import { DashboardStore } from '../../webview-ui/src/state/dashboardStore';

const immediate = (flush: () => void) => {
  flush();
  return () => {};
};

/** A scheduler whose frames the test runs by hand. */
function manualFrames() {
  const queue: Array<() => void> = [];
  return {
    schedule: (flush: () => void) => {
      queue.push(flush);
      return () => queue.splice(queue.indexOf(flush), 1);
    },
    frame: () => queue.splice(0).forEach((f) => f()),
    pending: () => queue.length,
  };
}

function started(id: string, seq: number): RunEvent {
  return { runId: SAMPLE_RUN_ID, seq, time: seq, type: 'task.started', taskId: id, agent: 'backend', attempt: 1 };
}

afterEach(() => vi.useRealTimers());

describe('DashboardStore', () => {
  it('sends ready, takes the snapshot, then applies increments that continue its version', () => {
    const fake = new FakeHost(sampleState(5), { async: false });
    const store = new DashboardStore(createHostClient(fake, 'fake'), immediate);
    store.start();
    expect(fake.sent[0]).toEqual({ type: 'ready', protocol: PROTOCOL_VERSION });
    expect(store.getSnapshot().dashboard?.tasks).toHaveLength(5);
    fake.emit({ type: 'task.started', taskId: 'T1', agent: 'backend', attempt: 1 });
    fake.emit({ type: 'task.started', taskId: 'T2', agent: 'tester', attempt: 1 });
    const state = store.getSnapshot().dashboard!;
    expect(state.version).toBe(2);
    expect(state.tasks[0]?.status).toBe('running');
    expect(fake.sent.filter((m) => m.type === 'ready')).toHaveLength(1);
  });

  it('asks for a new snapshot on a version gap and ignores increments until it comes', () => {
    const fake = new FakeHost(sampleState(5), { async: false });
    const store = new DashboardStore(createHostClient(fake, 'fake'), immediate);
    store.start();
    const before = store.getSnapshot().dashboard!;
    // An increment from a version the dashboard never had (one message was lost).
    fake.deliver({ type: 'events', fromVersion: 3, events: [started('T1', 4)] });
    expect(fake.sent.filter((m) => m.type === 'ready')).toHaveLength(2);
    // The fake answered the second ready with a snapshot at once: the state is the host's again.
    expect(store.getSnapshot().dashboard).toEqual(fake.state);
    expect(store.getSnapshot().dashboard).not.toBe(before);
  });

  it('drops increments that arrive between the gap and the snapshot', () => {
    const state = sampleState(5);
    const sent: DashboardMessage[] = [];
    const inbound = new Emitter<unknown>();
    const transport: Transport = {
      post: (m) => sent.push(m),
      subscribe: (l) => inbound.on(l),
      onStatus: () => () => {},
      status: () => 'open',
      close: () => {},
    };
    const store = new DashboardStore(createHostClient(transport, 'fake'), immediate);
    store.start();
    inbound.emit({ type: 'events', fromVersion: 0, events: [started('T1', 1)] });
    expect(store.getSnapshot().dashboard).toBeUndefined();
    inbound.emit({ type: 'snapshot', protocol: PROTOCOL_VERSION, state });
    inbound.emit({ type: 'events', fromVersion: 0, events: [started('T1', 1)] });
    expect(store.getSnapshot().dashboard?.version).toBe(1);
    inbound.emit({ type: 'events', fromVersion: 5, events: [started('T2', 6)] });
    inbound.emit({ type: 'events', fromVersion: 1, events: [started('T3', 2)] });
    expect(store.getSnapshot().dashboard?.version).toBe(1);
    // The handshake, and one more for the gap; increments before any snapshot ask for nothing.
    expect(sent.filter((m) => m.type === 'ready')).toHaveLength(2);
  });

  it('publishes a burst of messages once per frame', () => {
    const fake = new FakeHost(sampleState(20), { async: false });
    const frames = manualFrames();
    const store = new DashboardStore(createHostClient(fake, 'fake'), frames.schedule);
    const publish = vi.fn();
    store.subscribe(publish);
    store.start();
    frames.frame();
    expect(publish).toHaveBeenCalledTimes(1);
    for (let i = 1; i <= 10; i++) fake.emit({ type: 'task.started', taskId: `T${i}`, agent: 'backend', attempt: 1 });
    expect(store.getSnapshot().dashboard?.version).toBe(0);
    expect(frames.pending()).toBe(1);
    frames.frame();
    expect(publish).toHaveBeenCalledTimes(2);
    expect(store.getSnapshot().dashboard?.version).toBe(10);
  });

  it('refuses a snapshot of another protocol version with a notice', () => {
    const inbound = new Emitter<unknown>();
    const transport: Transport = { post: () => {}, subscribe: (l) => inbound.on(l), onStatus: () => () => {}, status: () => 'open', close: () => {} };
    const store = new DashboardStore(createHostClient(transport, 'fake'), immediate);
    store.start();
    inbound.emit({ type: 'snapshot', protocol: PROTOCOL_VERSION + 1, state: sampleState(2) });
    inbound.emit({ type: 'notice', level: 'warning', message: 'store is read-only' });
    inbound.emit({ type: 'bogus' });
    const view = store.getSnapshot();
    expect(view.dashboard).toBeUndefined();
    expect(view.notices.map((n) => n.level)).toEqual(['error', 'warning']);
    expect(view.notices[0]?.message).toMatch(/reload/);
    store.dismissNotice(view.notices[0]!.id);
    expect(store.getSnapshot().notices).toHaveLength(1);
  });

  it('sends ready again after a reconnect, not on the first open', () => {
    const sent: DashboardMessage[] = [];
    const statuses = new Emitter<ConnectionStatus>();
    let status: ConnectionStatus = 'connecting';
    const transport: Transport = {
      post: (m) => sent.push(m),
      subscribe: () => () => {},
      onStatus: (l) => statuses.on(l),
      status: () => status,
      close: () => {},
    };
    const store = new DashboardStore(createHostClient(transport, 'browser'), immediate);
    store.start();
    const change = (next: ConnectionStatus) => {
      status = next;
      statuses.emit(next);
    };
    change('open');
    expect(sent.filter((m) => m.type === 'ready')).toHaveLength(1);
    change('closed');
    expect(store.getSnapshot().connection).toBe('closed');
    change('connecting');
    change('open');
    expect(sent.filter((m) => m.type === 'ready')).toHaveLength(2);
  });

  it('takes history messages for the metrics view', () => {
    const fake = new FakeHost(sampleState(2), { async: false, history: { type: 'history', runs: [{ runId: 'r1', title: 'Old', status: 'succeeded', startedAt: 1 }], agents: [] } });
    const host = createHostClient(fake, 'fake');
    const store = new DashboardStore(host, immediate);
    store.start();
    host.requestHistory();
    expect(store.getSnapshot().history?.runs[0]?.runId).toBe('r1');
  });
});

describe('host client', () => {
  it('gives each action a request id and resolves it with the matching actionResult', async () => {
    const fake = new FakeHost(applyRunEvents(sampleState(3), [
      { runId: SAMPLE_RUN_ID, seq: 1, time: 1, type: 'task.failed', taskId: 'T2', agent: 'backend', attempt: 1, failure: { kind: 'crash', message: 'boom' }, final: true },
    ]), { async: true });
    const host = createHostClient(fake, 'fake');
    const [retried, refused, opened] = await Promise.all([host.retryTask('T2'), host.retryTask('T1'), host.openFile('src/a.ts', 3)]);
    expect(retried.ok).toBe(true);
    expect(refused).toMatchObject({ ok: false });
    expect(refused.message).toMatch(/only failed, cancelled or blocked/);
    expect(opened).toEqual({ ok: true, message: 'Opened src/a.ts:3.' });
    const ids = fake.sent.map((m) => ('requestId' in m ? m.requestId : undefined)).filter(Boolean);
    expect(new Set(ids).size).toBe(3);
    expect(fake.sent[2]).toMatchObject({ type: 'openFile', path: 'src/a.ts', line: 3 });
  });

  it('reports an action the host never answers', async () => {
    vi.useFakeTimers();
    const transport: Transport = { post: () => {}, subscribe: () => () => {}, onStatus: () => () => {}, status: () => 'open', close: () => {} };
    const host = createHostClient(transport, 'browser', { actionTimeoutMs: 5000 });
    const answer = host.cancelRun();
    vi.advanceTimersByTime(5001);
    await expect(answer).resolves.toMatchObject({ ok: false, message: expect.stringMatching(/did not answer/) });
  });
});

/** A WebSocket stand-in the test opens and closes by hand. */
class FakeSocket {
  static made: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }
  send(text: string) {
    this.sent.push(text);
  }
  close() {
    this.readyState = 3;
    this.onclose?.();
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
}

describe('WebSocket transport', () => {
  it('builds the socket URL from the page URL and its token', () => {
    expect(dashboardSocketUrl({ protocol: 'http:', host: '127.0.0.1:4000', search: '?token=a%2Bb', hash: '' })).toBe('ws://127.0.0.1:4000/ws?token=a%2Bb');
    expect(dashboardSocketUrl({ protocol: 'https:', host: 'h', search: '', hash: '#token=t1' })).toBe('wss://h/ws?token=t1');
  });

  it('queues messages until the socket opens, parses JSON frames, and reconnects with backoff', () => {
    vi.useFakeTimers();
    FakeSocket.made = [];
    const transport = createWebSocketTransport({ url: 'ws://h/ws?token=t', createSocket: (url) => new FakeSocket(url) as unknown as WebSocket, retryMs: 100 });
    const received: unknown[] = [];
    const statuses: ConnectionStatus[] = [];
    transport.subscribe((d) => received.push(d));
    transport.onStatus((s) => statuses.push(s));
    transport.post({ type: 'ready', protocol: 1 });
    const first = FakeSocket.made[0]!;
    expect(first.sent).toEqual([]);
    first.open();
    expect(first.sent).toEqual(['{"type":"ready","protocol":1}']);
    first.onmessage?.({ data: '{"type":"notice","level":"info","message":"hi"}' });
    first.onmessage?.({ data: 'not json' });
    expect(received).toEqual([{ type: 'notice', level: 'info', message: 'hi' }]);
    first.close();
    expect(transport.status()).toBe('closed');
    vi.advanceTimersByTime(99);
    expect(FakeSocket.made).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.made).toHaveLength(2);
    FakeSocket.made[1]!.open();
    expect(statuses).toEqual(['open', 'closed', 'connecting', 'open']);
    transport.close();
    vi.advanceTimersByTime(10_000);
    expect(FakeSocket.made).toHaveLength(2);
  });
});
