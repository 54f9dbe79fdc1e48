/**
 * The transport of the browser dashboard: one WebSocket to the page's own server at `/ws?token=...`,
 * carrying the same JSON messages as the VS Code webview. It reconnects with backoff when the server goes
 * away; whoever listens to the status sends `ready` again after a reconnect to get a fresh snapshot.
 */
import type { DashboardMessage } from '../../../src/shared/protocol';
import { Emitter } from './emitter';
import type { ConnectionStatus, Transport } from './types';

export interface WebSocketTransportOptions {
  /** The WebSocket URL, token included; see `dashboardSocketUrl`. */
  url: string;
  /** Default: the browser's WebSocket. */
  createSocket?: (url: string) => WebSocket;
  /** First reconnect delay, doubled up to `maxRetryMs`. Default 500 ms. */
  retryMs?: number;
  /** Default 10 s. */
  maxRetryMs?: number;
  /** Messages kept while disconnected; older ones are dropped. Default 100. */
  maxQueued?: number;
}

/** `ws(s)://<host>/ws?token=<token>` for a page opened at `http(s)://<host>/?token=<token>`. */
export function dashboardSocketUrl(location: Pick<Location, 'protocol' | 'host' | 'search' | 'hash'>): string {
  const params = new URLSearchParams(location.search);
  const token = params.get('token') ?? new URLSearchParams(location.hash.replace(/^#/, '')).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws?token=${encodeURIComponent(token)}`;
}

export function createWebSocketTransport(options: WebSocketTransportOptions): Transport {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url));
  const firstDelay = options.retryMs ?? 500;
  const maxDelay = options.maxRetryMs ?? 10_000;
  const maxQueued = options.maxQueued ?? 100;
  const inbound = new Emitter<unknown>();
  const statuses = new Emitter<ConnectionStatus>();
  let status: ConnectionStatus = 'connecting';
  let socket: WebSocket | undefined;
  let queue: string[] = [];
  let delay = firstDelay;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const setStatus = (next: ConnectionStatus) => {
    if (next === status) return;
    status = next;
    statuses.emit(next);
  };

  const connect = () => {
    setStatus('connecting');
    const ws = createSocket(options.url);
    socket = ws;
    ws.onopen = () => {
      delay = firstDelay;
      const waiting = queue;
      queue = [];
      for (const text of waiting) ws.send(text);
      setStatus('open');
    };
    ws.onmessage = (event: MessageEvent) => {
      if (typeof event.data !== 'string') return;
      let value: unknown;
      try {
        value = JSON.parse(event.data);
      } catch {
        return;
      }
      inbound.emit(value);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = undefined;
      if (closed) return;
      setStatus('closed');
      retryTimer = setTimeout(connect, delay);
      delay = Math.min(maxDelay, delay * 2);
    };
  };
  connect();

  return {
    post: (message: DashboardMessage) => {
      const text = JSON.stringify(message);
      if (socket && socket.readyState === 1) socket.send(text);
      else queue = [...queue.slice(Math.max(0, queue.length - maxQueued + 1)), text];
    },
    subscribe: (listener) => inbound.on(listener),
    onStatus: (listener) => statuses.on(listener),
    status: () => status,
    close: () => {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      socket?.close();
      socket = undefined;
      inbound.clear();
      statuses.clear();
    },
  };
}
