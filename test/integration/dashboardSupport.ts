import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import WebSocket from 'ws';
import type { HostMessage, SnapshotMessage } from '../../src/shared/protocol';
import { PROTOCOL_VERSION } from '../../src/shared/protocol';
import { applyRunEvents } from '../../src/shared/dashboardState';
import type { DashboardState } from '../../src/shared/dashboardState';
import { cliPath } from '../support/runCli';

/** A plain HTTP GET; resolves with the status, headers and body whatever the status. */
export function httpGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
  });
}

/** The HTTP status a refused WebSocket upgrade answered with, or 101 when it was accepted. */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', (error) => reject(error));
  });
}

/**
 * A minimal dashboard over a real WebSocket: it keeps every host message, and follows the protocol as
 * the real UI does (snapshot, then increments that must continue from its version).
 */
export class TestDashboard {
  readonly messages: HostMessage[] = [];
  state: DashboardState | undefined;
  /** Increments whose fromVersion was not this client's version: the protocol was broken. */
  readonly gaps: Array<{ expected: number; got: number }> = [];
  private waiters: Array<{ test: () => boolean; resolve: () => void }> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => this.receive(JSON.parse(String(data)) as HostMessage));
  }

  static connect(url: string, headers: Record<string, string> = {}): Promise<TestDashboard> {
    const ws = new WebSocket(url, { headers });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new TestDashboard(ws)));
      ws.once('error', reject);
    });
  }

  send(value: unknown): void {
    this.ws.send(typeof value === 'string' ? value : JSON.stringify(value));
  }

  ready(): void {
    this.send({ type: 'ready', protocol: PROTOCOL_VERSION });
  }

  /** Resolves once `test` holds, checked after every message; rejects after `timeoutMs`. */
  until(test: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
      this.waiters.push({ test, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  of<T extends HostMessage['type']>(type: T): Array<Extract<HostMessage, { type: T }>> {
    return this.messages.filter((m): m is Extract<HostMessage, { type: T }> => m.type === type);
  }

  close(): void {
    this.ws.terminate();
  }

  private receive(message: HostMessage): void {
    this.messages.push(message);
    if (message.type === 'snapshot') this.state = (message as SnapshotMessage).state;
    if (message.type === 'events' && this.state) {
      if (message.fromVersion !== this.state.version) this.gaps.push({ expected: this.state.version, got: message.fromVersion });
      else this.state = applyRunEvents(this.state, message.events);
    }
    this.waiters = this.waiters.filter((w) => {
      if (!w.test()) return true;
      w.resolve();
      return false;
    });
  }
}

/** The ws:// URL of a dashboard's socket for an http:// dashboard URL, with another token when given. */
export function socketUrl(pageUrl: string, token?: string | null): string {
  const url = new URL(pageUrl);
  const ws = new URL(`ws://${url.host}/ws`);
  const value = token === undefined ? url.searchParams.get('token') : token;
  if (value !== null) ws.searchParams.set('token', value);
  return ws.toString();
}

/** A `prp-orchestrator dashboard` process, started for a test. */
export interface DashboardProcess {
  child: ChildProcess;
  /** The URL it printed, token included. */
  url: string;
  stdout(): string;
  stderr(): string;
  /** Sends a signal (SIGINT by default) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `node dist/cli.js dashboard ...args` and resolves once it printed its URL. */
export function startDashboardCli(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<DashboardProcess> {
  const child = spawn(process.execPath, [cliPath, 'dashboard', ...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`the dashboard printed no URL:\n${stdout}\n${stderr}`))), 60_000);
    const look = (): void => {
      const url = /Dashboard: (http:\/\/\S+)/.exec(`${stdout}\n${stderr}`)?.[1];
      if (url === undefined) return;
      clearTimeout(timer);
      resolve({
        child,
        url,
        stdout: () => stdout,
        stderr: () => stderr,
        stop: (signal = 'SIGINT') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout.on('data', (chunk: Buffer) => ((stdout += chunk.toString()), look()));
    child.stderr.on('data', (chunk: Buffer) => ((stderr += chunk.toString()), look()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the dashboard exited with ${code} before printing its URL:\n${stdout}\n${stderr}`));
    });
  });
}

/**
 * A command-line agent for the tests: it fails a task named in FAIL_TASK until the file `allow-<task>` exists
 * in CONTROL_DIR, and holds a task named in HOLD_TASK until `release-<task>` exists there; any other task
 * succeeds at once. Returns the script's path.
 */
export function writeTestAgent(dir: string): string {
  const script = path.join(dir, 'agent.cjs');
  writeFileSync(script, AGENT);
  return script;
}

const AGENT = `
const fs = require('node:fs');
const path = require('node:path');
const id = process.env.PRP_TASK_ID;
const control = process.env.CONTROL_DIR;
process.stdin.resume();
process.stdin.on('data', () => {});
console.log('working on ' + id);
const finish = () => { console.log('finished ' + id); process.exit(0); };
if (id === process.env.FAIL_TASK && !fs.existsSync(path.join(control, 'allow-' + id))) {
  console.error('failing on purpose');
  process.exit(1);
}
if (id === process.env.HOLD_TASK) {
  const timer = setInterval(() => { if (fs.existsSync(path.join(control, 'release-' + id))) { clearInterval(timer); finish(); } }, 50);
} else finish();
`;
