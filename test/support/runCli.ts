import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';

export const repoRoot = path.resolve(__dirname, '../..');
export const cliPath = path.join(repoRoot, 'dist', 'cli.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Bundles the CLI (and the extension) with the project's own esbuild script, as `npm run build` does. */
export function buildCli(): void {
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
}

/** Runs `node dist/cli.js ...args` as a real process; resolves with its output when it exits. */
export function runCli(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; onSpawn?: (child: ChildProcess) => void }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    options.onSpawn?.(child);
  });
}

/** The bundled example workspace, which several CLI tests run. */
export const example = path.join(repoRoot, 'examples/add-auth');
export const examplePrp = path.join(example, 'PRPs/add-auth.md');
export const exampleAgents = path.join(example, '.claude/agents');

/** The environment for a CLI run: an empty HOME keeps the developer's own ~/.claude/agents out of the results. */
export function isolatedEnv(home: string): NodeJS.ProcessEnv {
  return { ...process.env, HOME: home, USERPROFILE: home, NO_COLOR: '1', PRP_DEBUG: '' };
}

/** A temporary folder (with an empty `home/` inside) for one test file; the CLI is built before the first test. */
export interface Scratch {
  readonly dir: string;
  readonly home: string;
}

export function useScratch(prefix: string): Scratch {
  const scratch = { dir: '', home: '' };
  beforeAll(() => {
    buildCli();
    scratch.dir = mkdtempSync(path.join(tmpdir(), prefix));
    scratch.home = path.join(scratch.dir, 'home');
    mkdirSync(scratch.home);
  }, 120_000);
  afterAll(() => {
    if (scratch.dir) rmSync(scratch.dir, { recursive: true, force: true });
  });
  return scratch;
}
