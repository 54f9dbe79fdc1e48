import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { groupAlive, signalGroup } from '../processTree';
import type { ProcessOutcome } from './classify';
import { ClaudeStreamParser } from './streamParser';

/** Everything one `claude` process needs. */
export interface ProcessSpec {
  command: string;
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed (the CLI waits for EOF on a piped stdin even with a prompt argument). */
  stdin: string;
  stallTimeoutMs: number;
  killGraceMs: number;
  budgetUsd?: number;
  maxLineChars: number;
  signal: AbortSignal;
  onProgress: (message: string) => void;
  /** Told the Claude Code session id as soon as the stream names it. */
  onSession?: (sessionId: string) => void;
}

const STDERR_TAIL_CHARS = 4000;
const POLL_MS = 25;
/** After its final `result` line the CLI should exit at once; one that lingers longer than this is stopped. */
const RESULT_EXIT_GRACE_MS = 10_000;

type StopReason = NonNullable<ProcessOutcome['stoppedFor']> | 'linger';

/** Runs one `claude` process to its end; never rejects. */
export function runClaudeProcess(spec: ProcessSpec): Promise<ProcessOutcome> {
  return new Promise((resolve) => new ClaudeProcess(spec, resolve).start());
}

/**
 * One process, in its own process group so that stopping it also stops what its tools started. Three
 * things stop it early: the abort signal (cancel), a silence longer than `stallTimeoutMs` (stall), and a
 * reported cost over the budget while it keeps working (budget). Stopping sends SIGTERM to the group, then
 * SIGKILL after `killGraceMs`, and the outcome is reported only once no process of the group is left.
 */
class ClaudeProcess {
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly parser: ClaudeStreamParser;
  private stderr = '';
  private stoppedFor: StopReason | undefined;
  private stoppedAt = 0;
  private lastOutputAt = Date.now();
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  private budgetExceededAtLine: number | undefined;
  private killTimer: ReturnType<typeof setTimeout> | undefined;
  private settled = false;

  constructor(
    private readonly spec: ProcessSpec,
    private readonly resolve: (outcome: ProcessOutcome) => void,
  ) {
    this.parser = new ClaudeStreamParser({ cwd: spec.cwd, onProgress: spec.onProgress, onSession: spec.onSession, onCost: (cost, final) => this.onCost(cost, final), maxLineChars: spec.maxLineChars });
  }

  start(): void {
    if (this.spec.signal.aborted) return this.finish({ exitCode: null, signal: null, stoppedFor: 'cancel' });
    try {
      this.child = spawn(this.spec.command, [...this.spec.args], {
        cwd: this.spec.cwd,
        env: this.spec.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: process.platform !== 'win32',
        shell: false,
        windowsHide: true,
      });
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      return this.finish({ exitCode: null, signal: null, spawnError: { code: e.code, message: e.message ?? String(error) } });
    }
    this.wire(this.child);
  }

  private wire(child: ChildProcessWithoutNullStreams): void {
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (child.pid === undefined) this.finish({ exitCode: null, signal: null, spawnError: { code: error.code, message: error.message } });
    });
    child.on('close', (code, signal) => this.onClose(code, signal));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => this.onStdout(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      this.lastOutputAt = Date.now();
      this.stderr = (this.stderr + chunk).slice(-STDERR_TAIL_CHARS);
    });
    // A CLI that exits before reading its stdin closes the pipe; that EPIPE is not a failure of the agent.
    child.stdin.on('error', () => {});
    child.stdin.end(this.spec.stdin);
    this.spec.signal.addEventListener('abort', this.onAbort, { once: true });
    this.armWatchdog(this.spec.stallTimeoutMs);
  }

  private onStdout(chunk: string): void {
    this.lastOutputAt = Date.now();
    const hadResult = this.parser.hasResult;
    this.parser.push(chunk);
    // Working on after a result that reported a cost over the budget: stop it now.
    if (this.budgetExceededAtLine !== undefined && this.parser.lineCount > this.budgetExceededAtLine) this.stop('budget');
    if (!hadResult && this.parser.hasResult) this.armWatchdog(Math.min(this.spec.stallTimeoutMs, RESULT_EXIT_GRACE_MS));
  }

  private onCost(costUsd: number, final: boolean): void {
    const budget = this.spec.budgetUsd;
    if (budget === undefined || costUsd <= budget || this.stoppedFor !== undefined) return;
    // A final result over budget ends the process anyway (its work is done); anything more is overspending.
    if (final) this.budgetExceededAtLine ??= this.parser.lineCount;
    else this.stop('budget');
  }

  /** The watchdog fires at most every `ms`; output in between moves its deadline instead of rearming it. */
  private armWatchdog(ms: number): void {
    if (this.watchdog !== undefined) clearTimeout(this.watchdog);
    const check = (): void => {
      const limit = this.parser.hasResult ? Math.min(this.spec.stallTimeoutMs, RESULT_EXIT_GRACE_MS) : this.spec.stallTimeoutMs;
      const silent = Date.now() - this.lastOutputAt;
      if (silent >= limit) return this.stop(this.parser.hasResult ? 'linger' : 'stall');
      this.watchdog = setTimeout(check, limit - silent);
    };
    this.watchdog = setTimeout(check, ms);
  }

  private readonly onAbort = (): void => this.stop('cancel');

  private stop(reason: StopReason): void {
    const pid = this.child?.pid;
    if (this.settled || this.stoppedFor !== undefined || pid === undefined) return;
    this.stoppedFor = reason;
    this.stoppedAt = Date.now();
    signalGroup(pid, 'SIGTERM');
    // A process that ignores SIGTERM never closes, so the escalation cannot wait for 'close'.
    this.killTimer = setTimeout(() => signalGroup(pid, 'SIGKILL'), this.spec.killGraceMs);
  }

  private onClose(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.settled || this.child?.pid === undefined) return;
    this.parser.end();
    const pid = this.child.pid;
    if (this.stoppedFor === undefined) {
      // Tools may have left background processes in the group; an attempt's processes end with it.
      signalGroup(pid, 'SIGTERM');
      return this.finish({ exitCode: code, signal });
    }
    this.waitForGroup(pid, () => this.finish({ exitCode: code, signal }));
  }

  /** Resolves once no live process is left in the group, escalating to SIGKILL after the grace period. */
  private waitForGroup(pid: number, done: () => void): void {
    const grace = this.spec.killGraceMs;
    const poll = (): void => {
      const elapsed = Date.now() - this.stoppedAt;
      if (!groupAlive(pid) || elapsed > grace + 1000) return done();
      if (elapsed >= grace) signalGroup(pid, 'SIGKILL');
      setTimeout(poll, POLL_MS);
    };
    poll();
  }

  private finish(partial: Omit<ProcessOutcome, 'stderr' | 'stream'>): void {
    if (this.settled) return;
    this.settled = true;
    if (this.watchdog !== undefined) clearTimeout(this.watchdog);
    if (this.killTimer !== undefined) clearTimeout(this.killTimer);
    this.spec.signal.removeEventListener('abort', this.onAbort);
    const stoppedFor = partial.stoppedFor ?? (this.stoppedFor === 'linger' ? undefined : this.stoppedFor);
    this.resolve({ ...partial, stoppedFor, stderr: this.stderr, stream: this.parser.snapshot() });
  }
}
