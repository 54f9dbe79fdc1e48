import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { codeServerEnv, type E2eTools } from './tools';

/** Process groups started by this worker; all of them are killed when the worker exits, however it exits. */
const liveGroups = new Set<number>();
process.once('exit', () => {
  for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
});

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A running code-server in its own process group. */
export interface CodeServerProcess {
  pid: number;
  port: number;
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** Everything it printed so far (stdout and stderr), for error messages. */
  output(): string;
  /** Ends the whole process group (server, extension host, anything the extension spawned). */
  stop(): Promise<void>;
}

/** Where code-server keeps its data, extensions and config for one session. */
export interface CodeServerOptions {
  tools: E2eTools;
  userDataDir: string;
  extensionsDir: string;
  /** Folder holding code-server's config.yaml, so it never writes to the user's ~/.config. */
  configDir: string;
  /** How long to wait for it to answer on /healthz. Default 60 s. */
  startTimeoutMs?: number;
}

/** Starts code-server with `--auth none` on a free port and waits until it answers. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServerProcess> {
  const port = await freePort();
  const args = [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--config', path.join(options.configDir, 'config.yaml'),
    '--user-data-dir', options.userDataDir,
    '--extensions-dir', options.extensionsDir,
  ];
  const child = spawn(options.tools.codeServer, args, { detached: true, env: codeServerEnv(options.tools), stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`code-server did not start (${options.tools.codeServer}).`);
  liveGroups.add(pid);
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) => child.once('exit', (code) => ((exited = code), resolve())));
  const stop = async (): Promise<void> => {
    if (exited === undefined) {
      killGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), 5_000);
      await exit;
      clearTimeout(timer);
    }
    // The extension host and its children may outlive the server by a moment: end the rest of the group.
    killGroup(pid, 'SIGKILL');
    liveGroups.delete(pid);
  };
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  while (!(await answers(`${origin}/healthz`))) {
    if (exited !== undefined || Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${origin} (${exited !== undefined ? `exited with ${exited}` : 'timed out'}); it printed:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { pid, port, origin, output: () => log, stop };
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url);
    return response.ok;
  } catch {
    return false;
  }
}
