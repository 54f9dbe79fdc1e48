import { homedir } from 'node:os';
import { resolve } from 'node:path';
import type { ClaudePermissionMode } from './claudeArgs';
import { DEFAULT_MAX_LINE_CHARS } from './streamParser';

export interface ClaudeCodeRunnerOptions {
  /** The Claude Code executable: a name on PATH or a full path. Default `'claude'`. */
  claudePath?: string;
  /** `--permission-mode` for every agent. Default `'acceptEdits'` (file edits in the working directory are allowed). */
  permissionMode?: ClaudePermissionMode;
  /** `--max-turns` for every agent. Default: none (the CLI's own limit). */
  maxTurns?: number;
  /**
   * `--model` for agents whose definition names no model (or `inherit`), e.g. `sonnet`. An agent's own model
   * always wins. Default: none (Claude Code's default model).
   */
  model?: string;
  /**
   * Most one attempt may spend, in US dollars. Passed as `--max-budget-usd`, and also enforced here: a
   * process that reports a higher cost and keeps working is stopped (failure kind `budget`). Default: none.
   */
  taskBudgetUsd?: number;
  /** Stops an attempt that prints nothing (stdout or stderr) for this long, in ms (failure kind `stalled`). Default 300000. */
  stallTimeoutMs?: number;
  /** After stopping, how long the process group gets to exit on SIGTERM before SIGKILL, in ms. Default 2000. */
  killGraceMs?: number;
  /**
   * The environment of the CLI, passed through whole (credentials included). Default `process.env`. The
   * values of secret-looking variables in it are redacted from everything the runner returns.
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** More arguments, appended before the prompt (e.g. `['--add-dir', '../shared']`). Default none. */
  extraArgs?: readonly string[];
  /**
   * When an attempt hits the turn limit, resume its session once with `--resume` and ask the agent to
   * finish, within the same attempt. Default true.
   */
  resumeSessionOnTurnLimit?: boolean;
  /** How the prompt reaches the CLI: `'stdin'` (default: no size limit, not visible in `ps`) or `'argument'`. */
  promptVia?: 'stdin' | 'argument';
  /** Pass `--max-budget-usd` (CLI 2.x). Set false for an older CLI without it; the budget is then only watched here. Default true. */
  cliBudgetFlag?: boolean;
  /** Longest stdout line read, in characters; longer lines are dropped with a note. Default 10 MB. */
  maxLineChars?: number;
}

/** The options with their defaults applied. */
export type ResolvedClaudeOptions = Required<Omit<ClaudeCodeRunnerOptions, 'maxTurns' | 'taskBudgetUsd' | 'env' | 'model'>> &
  Pick<ClaudeCodeRunnerOptions, 'maxTurns' | 'taskBudgetUsd' | 'model'> & { env: Readonly<Record<string, string | undefined>> };

/** Thrown by the ClaudeCodeRunner constructor for an option it cannot use; says what was expected and received. */
export class ClaudeRunnerOptionsError extends Error {
  readonly reason = 'invalid-option';
  constructor(message: string) {
    super(message);
    this.name = 'ClaudeRunnerOptionsError';
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || value === undefined || value === null) return String(value);
  return typeof value;
}

function positive(name: string, value: unknown, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const ok = typeof value === 'number' && Number.isFinite(value) && value > 0 && (!integer || Number.isInteger(value));
  if (!ok) throw new ClaudeRunnerOptionsError(`${name} must be ${integer ? 'a whole number' : 'a number'} greater than 0; received ${describe(value)}.`);
  return value;
}

function text(name: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.trim() === '') throw new ClaudeRunnerOptionsError(`${name} must be a non-empty string; received ${describe(value)}.`);
  return value;
}

/**
 * A bare name (`claude`) is looked up on PATH. A path is made absolute against the orchestrator's own
 * directory now, because the process starts in the task's directory, where a relative path would not
 * resolve; a leading `~/` means the home directory, as in a shell.
 */
function executablePath(path: string): string {
  if (path.startsWith('~/')) return resolve(homedir(), path.slice(2));
  return /[\\/]/.test(path) ? resolve(path) : path;
}

/** Checks every option and applies the defaults documented on ClaudeCodeRunnerOptions. */
export function checkRunnerOptions(options: ClaudeCodeRunnerOptions): ResolvedClaudeOptions {
  const promptVia = options.promptVia ?? 'stdin';
  if (promptVia !== 'stdin' && promptVia !== 'argument') throw new ClaudeRunnerOptionsError(`promptVia must be "stdin" or "argument"; received ${describe(promptVia)}.`);
  if (options.extraArgs !== undefined && !(Array.isArray(options.extraArgs) && options.extraArgs.every((a) => typeof a === 'string'))) {
    throw new ClaudeRunnerOptionsError(`extraArgs must be a list of strings; received ${describe(options.extraArgs)}.`);
  }
  return {
    claudePath: executablePath(text('claudePath', options.claudePath, 'claude')),
    permissionMode: text('permissionMode', options.permissionMode, 'acceptEdits'),
    maxTurns: positive('maxTurns', options.maxTurns, true),
    model: options.model === undefined || options.model.trim() === '' ? undefined : text('model', options.model, ''),
    taskBudgetUsd: positive('taskBudgetUsd', options.taskBudgetUsd, false),
    stallTimeoutMs: positive('stallTimeoutMs', options.stallTimeoutMs, false) ?? 300_000,
    killGraceMs: options.killGraceMs === 0 ? 0 : (positive('killGraceMs', options.killGraceMs, false) ?? 2000),
    env: options.env ?? process.env,
    extraArgs: [...(options.extraArgs ?? [])],
    resumeSessionOnTurnLimit: options.resumeSessionOnTurnLimit ?? true,
    promptVia,
    cliBudgetFlag: options.cliBudgetFlag ?? true,
    maxLineChars: positive('maxLineChars', options.maxLineChars, true) ?? DEFAULT_MAX_LINE_CHARS,
  };
}
