import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { CliError } from '../errors';
import { readAsset } from './assets';
import { cookieToken, createToken, queryToken, tokenCookie, tokenMatches } from './auth';
import { DashboardConnection } from './connection';
import type { DashboardActions } from './connection';
import type { DashboardHub } from './hub';
import { COMMON_HEADERS, dashboardPage } from './page';

/** The only address the dashboard listens on: it is for the person at this machine, never the network. */
export const DASHBOARD_HOST = '127.0.0.1';

/** The WebSocket path; the page connects to `/ws?token=...` on its own host. */
export const WS_PATH = '/ws';

/** Largest inbound WebSocket message; every dashboard message is a few hundred bytes at most. */
const MAX_INBOUND_BYTES = 64 * 1024;

export interface DashboardServerOptions {
  hub: DashboardHub;
  actions: DashboardActions;
  /** Folder of the built webview bundle (`main.js`, `main.css`, and whatever they load). */
  assetsDir: string;
  /** Port to listen on. Default 0: a free port the system picks. */
  port?: number;
  /** The access token. Default: 32 random bytes, new for every server. */
  token?: string;
  /** Title of the browser tab. Default: the shown run's title and "PRP Orchestrator". */
  title?: string;
}

export interface DashboardServer {
  /** The URL to open, token included. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Ends every connection and stops listening. */
  close(): Promise<void>;
}

/** Starts serving the dashboard on 127.0.0.1 over HTTP and WebSocket; resolves once it is listening. */
export async function startDashboardServer(options: DashboardServerOptions): Promise<DashboardServer> {
  const token = options.token ?? createToken();
  const state = { port: 0 };
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_INBOUND_BYTES });
  const server = createServer((request, response) => {
    handleRequest(request, response, { ...options, token, port: state.port }).catch(() => {
      if (!response.headersSent) respond(response, 500, 'The dashboard server failed to answer this request.');
      else response.destroy();
    });
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = upgradeRefusal(request, token, state.port);
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => serveSocket(ws, options.hub, options.actions));
  });
  state.port = await listen(server, options.port ?? 0);
  return {
    url: `http://${DASHBOARD_HOST}:${state.port}/?token=${encodeURIComponent(token)}`,
    port: state.port,
    token,
    close: () => closeServer(server, wss),
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new CliError('port-in-use', `port ${port} on ${DASHBOARD_HOST} is in use; pick another with --port, or leave --port out for a free one`));
      } else if (error.code === 'EACCES') {
        reject(new CliError('port-denied', `not allowed to listen on port ${port}; use a port above 1023, or leave --port out`));
      } else reject(error);
    });
    server.listen(port, DASHBOARD_HOST, () => resolve((server.address() as AddressInfo).port));
  });
}

async function closeServer(server: Server, wss: WebSocketServer): Promise<void> {
  for (const ws of wss.clients) ws.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}

interface RequestContext extends DashboardServerOptions {
  token: string;
  port: number;
}

async function handleRequest(request: IncomingMessage, response: ServerResponse, context: RequestContext): Promise<void> {
  const url = new URL(request.url ?? '/', `http://${DASHBOARD_HOST}`);
  if (!authorized(request, url, context.token, context.port)) {
    respond(response, 401, "401 Unauthorized: open the dashboard with the URL that 'prp-orchestrator dashboard' printed, token included.");
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    respond(response, 405, 'The dashboard server only answers GET.', { Allow: 'GET, HEAD' });
    return;
  }
  if (url.pathname === '/' || url.pathname === '/index.html') {
    const runTitle = context.hub.state.run.title;
    const title = context.title ?? (runTitle ? `${runTitle} · PRP Orchestrator` : 'PRP Orchestrator');
    const page = dashboardPage({ token: context.token, port: context.port, title });
    response.writeHead(200, { ...page.headers, 'Set-Cookie': tokenCookie(context.port, context.token) });
    response.end(request.method === 'HEAD' ? undefined : page.html);
    return;
  }
  if (url.pathname === WS_PATH) {
    respond(response, 426, 'This address is the dashboard WebSocket; connect with a WebSocket client.', { Upgrade: 'websocket' });
    return;
  }
  const asset = await readAsset(context.assetsDir, url.pathname);
  if (!asset.found) {
    respond(response, asset.status, asset.status === 404 ? `404 Not Found: ${url.pathname}` : '403 Forbidden');
    return;
  }
  response.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': asset.contentType, 'Content-Length': asset.body.length });
  response.end(request.method === 'HEAD' ? undefined : asset.body);
}

function authorized(request: IncomingMessage, url: URL, token: string, port: number): boolean {
  return tokenMatches(token, queryToken(url)) || tokenMatches(token, cookieToken(request, port));
}

function respond(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  response.end(`${text}\n`);
}

/**
 * Why a WebSocket upgrade is refused, as an HTTP status line, or undefined to accept it. The token is
 * required as for every request; a browser's Origin must be this very server, so no other page the
 * browser has open can drive the dashboard even if it learnt the port.
 */
function upgradeRefusal(request: IncomingMessage, token: string, port: number): string | undefined {
  const url = new URL(request.url ?? '/', `http://${DASHBOARD_HOST}`);
  if (!authorized(request, url, token, port)) return '401 Unauthorized';
  if (url.pathname !== WS_PATH) return '404 Not Found';
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `http://${request.headers.host ?? ''}`) return '403 Forbidden';
  return undefined;
}

function serveSocket(ws: WebSocket, hub: DashboardHub, actions: DashboardActions): void {
  const client = hub.connect({
    send: (text, done) => {
      if (ws.readyState !== ws.OPEN) return done(new Error('closed'));
      ws.send(text, done);
    },
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
  });
  const connection = new DashboardConnection(hub, client, actions, (reason) => ws.close(1008, reason));
  ws.on('message', (data, isBinary) => {
    if (isBinary) connection.receive('');
    else connection.receive(rawToText(data));
  });
  ws.on('close', () => hub.disconnect(client));
  ws.on('error', () => ws.terminate());
}

function rawToText(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}
