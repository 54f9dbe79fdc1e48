import { stat } from 'node:fs/promises';
import path from 'node:path';
import { SessionError, cycleDiagnostic as sessionCycle, describeFsError, loadAgents, preparePlan as planPrp } from '../orchestrator/index';
import type { AgentProfile, AgentWarning, Diagnostic, PlanOptions, PreparedPlan as SessionPlan, SessionErrorReason, Store } from '../orchestrator/index';
import { CliError } from './errors';
import type { CliIo } from './io';

/** Where agent definitions come from for one command. */
export interface AgentSourceOptions {
  /** `--agents-dir` values: when given, only these directories are read (not ~/.claude/agents). */
  agentsDirs?: string[];
  /** Directory whose `.claude/agents` (and its ancestors') are searched when no `--agents-dir` is given. */
  workspaceDir: string;
}

export interface LoadedAgents {
  agents: AgentProfile[];
  warnings: AgentWarning[];
}

/** Everything `plan` and `run` need: the parsed PRP, its graph, the agents and who does what. */
export interface PreparedPlan extends SessionPlan {
  /** The path as the person typed it, for messages. */
  displayPath: string;
}

/** Loads agent definitions; a missing `--agents-dir` is an error rather than a silent empty team. */
export async function loadAgentSet(io: CliIo, options: AgentSourceOptions): Promise<LoadedAgents> {
  const dirs = options.agentsDirs?.map((dir) => path.resolve(io.cwd, dir));
  if (dirs) {
    for (const [i, dir] of dirs.entries()) await assertDirectory(dir, options.agentsDirs![i]!);
    return loadAgents({ workspaceDir: options.workspaceDir, agentsDirs: dirs, userAgentsDir: null });
  }
  return loadAgents({ workspaceDir: options.workspaceDir, includeAncestors: true });
}

/**
 * Parses, plans and routes a PRP file through the session API, with the history of `store` when given.
 * Throws CliError when the file is unreadable, holds no task, or an agents folder is missing.
 */
export async function preparePlan(
  io: CliIo,
  file: string,
  options: { agentsDirs?: string[]; order?: PlanOptions['order']; store?: Store },
): Promise<PreparedPlan> {
  const prpPath = path.resolve(io.cwd, file);
  const request = { prpPath, workspaceDir: io.cwd, agentsDirs: absoluteDirs(io, options.agentsDirs), order: options.order, store: options.store };
  try {
    return { ...(await cliErrors(() => planPrp(request))), displayPath: file };
  } catch (error) {
    // People read the path as they typed it.
    if (error instanceof CliError) throw new CliError(error.reason, error.message.split(prpPath).join(file), error.exitCode);
    throw error;
  }
}

/** Folders given on the command line, resolved against the current folder. */
export function absoluteDirs(io: CliIo, dirs: string[] | undefined): string[] | undefined {
  return dirs?.map((dir) => path.resolve(io.cwd, dir));
}

/** Runs `body`, turning the session's errors into the CLI's one-line errors (same reasons, exit 1). */
export async function cliErrors<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw asCliError(error);
  }
}

/** A SessionError as the CLI's one-line error; anything else unchanged. */
export function asCliError(error: unknown): unknown {
  return error instanceof SessionError ? new CliError(CLI_REASONS[error.reason] ?? error.reason, error.message) : error;
}

const CLI_REASONS: Partial<Record<SessionErrorReason, string>> = { 'unreadable-prp': 'unreadable-file', 'read-only': 'locked' };

/** The first error-level cycle diagnostic, when the dependencies loop back on themselves. */
export function cycleDiagnostic(plan: Pick<PreparedPlan, 'diagnostics'>): Diagnostic | undefined {
  return sessionCycle(plan);
}

async function assertDirectory(absolute: string, asTyped: string): Promise<void> {
  try {
    if ((await stat(absolute)).isDirectory()) return;
  } catch (error) {
    throw new CliError('bad-agents-dir', `cannot read agents directory ${asTyped}: ${describeFsError(error)}`);
  }
  throw new CliError('bad-agents-dir', `${asTyped} is not a directory (--agents-dir expects a folder of agent .md files)`);
}

/** A skipped agent definition as one line; the loader's messages usually start with the path already. */
export function describeAgentWarning(warning: AgentWarning): string {
  return warning.message.includes(warning.path) ? warning.message : `${warning.path}: ${warning.message}`;
}

export { describeFsError };
