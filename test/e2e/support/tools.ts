import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/** Where scripts/e2e-tools.sh caches Node 24 and code-server; the two must agree. */
export const E2E_HOME = process.env.PRP_E2E_HOME ?? path.join(homedir(), '.cache', 'prp-e2e');

/** Absolute paths of the programs the end-to-end tests drive. */
export interface E2eTools {
  /** Folder holding the `node` (v24) that code-server runs on; put it first on PATH. */
  nodeBinDir: string;
  /** The code-server launcher script. */
  codeServer: string;
  /** Debian's Chromium, driven by playwright-core. */
  chromium: string;
}

/** Raised when a tool is missing; `reason` names it and the message names the command that installs it. */
export class E2eToolsMissingError extends Error {
  constructor(readonly reason: string) {
    super(`${reason}. Install the end-to-end tools with: bash scripts/e2e-tools.sh`);
    this.name = 'E2eToolsMissingError';
  }
}

/** The tools' paths, checked to exist; throws E2eToolsMissingError otherwise. */
export function e2eTools(): E2eTools {
  const tools: E2eTools = {
    nodeBinDir: path.join(E2E_HOME, 'node_modules', 'node', 'bin'),
    codeServer: path.join(E2E_HOME, 'cs', 'node_modules', '.bin', 'code-server'),
    chromium: process.env.PRP_E2E_CHROMIUM ?? '/usr/bin/chromium',
  };
  if (!existsSync(path.join(tools.nodeBinDir, 'node'))) throw new E2eToolsMissingError(`Node 24 is not in ${tools.nodeBinDir}`);
  if (!existsSync(tools.codeServer)) throw new E2eToolsMissingError(`code-server is not in ${path.dirname(tools.codeServer)}`);
  if (!existsSync(tools.chromium)) throw new E2eToolsMissingError(`Chromium is not at ${tools.chromium}`);
  return tools;
}

/** Environment for code-server: Node 24 first on PATH, and nothing that would point it at another profile. */
export function codeServerEnv(tools: E2eTools): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${tools.nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}` };
  // A variable left by an outer VS Code (or by vitest's own worker) must not leak into the extension host.
  for (const key of Object.keys(env)) {
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE' || key === 'NODE_OPTIONS') delete env[key];
  }
  return env;
}

/** Runs code-server's CLI once (for example `--install-extension`) and returns what it printed. */
export function runCodeServerCli(tools: E2eTools, args: string[], timeoutMs = 120_000): string {
  return execFileSync(tools.codeServer, args, { env: codeServerEnv(tools), encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
}
