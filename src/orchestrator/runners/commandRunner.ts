import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { groupAlive, signalGroup } from './processTree';
import type { AgentRunner, RunRequest, RunnerProgress, RunnerResult } from './types';

export interface CommandRunnerOptions {
  /** The command and its arguments, run once per attempt without a shell (see splitCommandLine). */
  argv: string[];
  /** Variables added to the inherited environment; `undefined` removes one. */
  env?: Readonly<Record<string, string | undefined>>;
  /** After aborting, how long the command gets to exit on SIGTERM before its process group gets SIGKILL, in ms. Default 2000. */
  killGraceMs?: number;
  /** How many of the last non-empty stdout lines make the summary. Default 3. */
  summaryLines?: number;
}

/** Thrown by the CommandRunner constructor for a command it could never run. */
export class CommandRunnerError extends Error {
  readonly reason = 'empty-command';
  constructor() {
    super('CommandRunner needs a command: argv must hold at least the program to run, e.g. ["my-agent", "--quiet"].');
    this.name = 'CommandRunnerError';
  }
}

/** Exit code 75 is EX_TEMPFAIL in sysexits.h: "try again later", so it is reported as transient. */
const EX_TEMPFAIL = 75;
const POLL_MS = 25;
const STDERR_TAIL_CHARS = 2000;

/**
 * Runs any command-line agent: one process per attempt, in the task's directory, with the prompt on stdin.
 * The task's text never reaches the command line (argv is fixed and there is no shell), so nothing in a
 * PRP can inject shell syntax. The environment carries PRP_TASK_ID, PRP_RUN_ID, PRP_AGENT and PRP_ATTEMPT.
 * Each stdout line is reported as progress; exit 0 is success, with the last stdout lines as summary.
 * On abort the whole process tree is stopped: SIGTERM to the process group, SIGKILL after `killGraceMs`,
 * and the attempt resolves only once no process of the group is left.
 */
export class CommandRunner implements AgentRunner {
  readonly name = 'command';
  /** Every attempt removes its abort listener when it settles. */
  readonly releasesSignal = true;
  private readonly argv: readonly string[];

  constructor(private readonly options: CommandRunnerOptions) {
    if (!Array.isArray(options.argv) || options.argv.length === 0 || options.argv[0] === '') throw new CommandRunnerError();
    this.argv = [...options.argv];
  }

  run(request: RunRequest, signal: AbortSignal, onProgress: (progress: RunnerProgress) => void): Promise<RunnerResult> {
    if (signal.aborted) return Promise.resolve(cancelledResult());
    return new Promise((resolve) => new CommandAttempt(this.argv, this.options, request, signal, onProgress, resolve).start());
  }
}

function cancelledResult(): RunnerResult {
  return { ok: false, failure: { kind: 'cancelled', message: 'The attempt was aborted and its processes were stopped.' } };
}

/** One process run; lives until the process (and, after an abort, its whole group) is gone. */
class CommandAttempt {
  private child: ChildProcessWithoutNullStreams | undefined;
  private aborted = false;
  private settled = false;
  private abortedAt = 0;
  private killTimer: ReturnType<typeof setTimeout> | undefined;
  private partialLine = '';
  private readonly lastLines: string[] = [];
  private stderrTail = '';

  constructor(
    private readonly argv: readonly string[],
    private readonly options: CommandRunnerOptions,
    private readonly request: RunRequest,
    private readonly signal: AbortSignal,
    private readonly onProgress: (progress: RunnerProgress) => void,
    private readonly resolve: (result: RunnerResult) => void,
  ) {}

  start(): void {
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn(this.argv[0]!, this.argv.slice(1), {
        cwd: this.request.cwd,
        env: this.environment(),
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: process.platform !== 'win32',
        shell: false,
        windowsHide: true,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return this.finish({ ok: false, failure: { kind: 'unrecoverable', message: `The agent command "${this.argv[0]}" could not be started: ${message}` } });
    }
    this.child = child;
    child.on('error', (error: NodeJS.ErrnoException) => this.onSpawnError(error));
    child.on('close', (code, signal) => this.onClose(code, signal));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => this.onStdout(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_CHARS)));
    // A command that never reads stdin closes it early; the resulting EPIPE is not a failure of the agent.
    child.stdin.on('error', () => {});
    child.stdin.end(this.request.prompt);
    this.signal.addEventListener('abort', this.onAbort, { once: true });
  }

  private environment(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const [key, value] of Object.entries(this.options.env ?? {})) {
      if (value === undefined) delete env[key];
      else env[key] = value;
    }
    env.PRP_TASK_ID = this.request.task.id;
    env.PRP_RUN_ID = this.request.runId;
    env.PRP_AGENT = this.request.agent.name;
    env.PRP_ATTEMPT = String(this.request.attempt);
    return env;
  }

  private readonly onAbort = (): void => {
    const pid = this.child?.pid;
    if (this.settled || pid === undefined) return;
    this.aborted = true;
    this.abortedAt = Date.now();
    signalGroup(pid, 'SIGTERM');
    this.killTimer = setTimeout(() => signalGroup(pid, 'SIGKILL'), this.options.killGraceMs ?? 2000);
  };

  private onStdout(chunk: string): void {
    const lines = (this.partialLine + chunk).split('\n');
    this.partialLine = lines.pop()!;
    for (const line of lines) this.takeLine(line);
  }

  private takeLine(raw: string): void {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    this.onProgress({ message: line });
    this.lastLines.push(line);
    if (this.lastLines.length > (this.options.summaryLines ?? 3)) this.lastLines.shift();
  }

  private onSpawnError(error: NodeJS.ErrnoException): void {
    const command = this.argv[0]!;
    if (error.code === 'ENOENT' && !existsSync(this.request.cwd)) {
      this.finish({ ok: false, failure: { kind: 'unrecoverable', message: `The working directory ${this.request.cwd} does not exist, so "${command}" cannot start there.` } });
    } else if (error.code === 'ENOENT') {
      this.finish({ ok: false, failure: { kind: 'unrecoverable', message: `The agent command "${command}" was not found (ENOENT). Install it, put it on PATH, or give its full path in the command line.` } });
    } else if (error.code === 'EACCES') {
      this.finish({ ok: false, failure: { kind: 'unrecoverable', message: `The agent command "${command}" is not executable (EACCES). Check its permissions (chmod +x) or run it through its interpreter, e.g. "node ${command}".` } });
    } else if (this.child?.pid === undefined) {
      this.finish({ ok: false, failure: { kind: 'crash', message: `The agent command "${command}" could not start: ${error.message}` } });
    }
  }

  private onClose(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.settled || this.child?.pid === undefined) return;
    if (this.partialLine !== '') this.takeLine(this.partialLine);
    this.partialLine = '';
    if (this.aborted) return this.waitForGroup();
    if (code === 0) return this.finish({ ok: true, summary: this.lastLines.join('\n') });
    const command = this.argv[0]!;
    const how = signal !== null ? `was killed by ${signal}` : `exited with code ${code}`;
    const stderr = this.stderrTail.trim() === '' ? '' : ` Its last error output: ${this.stderrTail.trim().split('\n').slice(-5).join(' | ')}`;
    const kind = code === EX_TEMPFAIL ? 'transient' : 'crash';
    this.finish({ ok: false, failure: { kind, message: `The agent command "${command}" ${how}.${stderr}` } });
  }

  /** After an abort: resolves once no live process is left in the group, escalating to SIGKILL on the way. */
  private waitForGroup(): void {
    const pid = this.child!.pid!;
    const grace = this.options.killGraceMs ?? 2000;
    const poll = (): void => {
      const elapsed = Date.now() - this.abortedAt;
      if (!groupAlive(pid) || elapsed > grace + 1000) return this.finish(cancelledResult());
      if (elapsed >= grace) signalGroup(pid, 'SIGKILL');
      setTimeout(poll, POLL_MS);
    };
    poll();
  }

  private finish(result: RunnerResult): void {
    if (this.settled) return;
    this.settled = true;
    if (this.killTimer !== undefined) clearTimeout(this.killTimer);
    this.signal.removeEventListener('abort', this.onAbort);
    this.resolve(result);
  }
}
