import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Router, loadAgents, parsePrp, planPrp, routeGraph } from '../orchestrator/index';
import type { AgentProfile, AgentWarning, Assignment, Diagnostic, PlanOptions, Prp, TaskGraph } from '../orchestrator/index';
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
export interface PreparedPlan {
  /** The path as the person typed it, for messages. */
  displayPath: string;
  prp: Prp;
  graph: TaskGraph;
  /** Parser and planner diagnostics together, without duplicates, by line. */
  diagnostics: Diagnostic[];
  agents: AgentProfile[];
  agentWarnings: AgentWarning[];
  router: Router;
  assignments: Assignment[];
}

/** Reads a PRP file, with a one-line reason a person can act on when that is impossible. */
export async function readPrp(io: CliIo, file: string): Promise<Prp> {
  const absolute = path.resolve(io.cwd, file);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    throw new CliError('unreadable-file', `cannot read ${file}: ${describeFsError(error)}`);
  }
  return parsePrp(text, { path: absolute });
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

/** Parses, plans and routes a PRP file. Throws CliError when the file is unreadable or has no task. */
export async function preparePlan(
  io: CliIo,
  file: string,
  options: { agentsDirs?: string[]; order?: PlanOptions['order'] },
): Promise<PreparedPlan> {
  const prp = await readPrp(io, file);
  const { graph, diagnostics } = planPrp(prp, { order: options.order ?? 'dependencies' });
  if (graph.tasks.length === 0) throw noTasks(file, prp);
  const workspaceDir = path.dirname(path.resolve(io.cwd, file));
  const { agents, warnings } = await loadAgentSet(io, { agentsDirs: options.agentsDirs, workspaceDir });
  const router = new Router(agents);
  const assignments = routeGraph(graph, router);
  return {
    displayPath: file,
    prp,
    graph,
    diagnostics: mergeDiagnostics(prp.diagnostics, diagnostics),
    agents,
    agentWarnings: warnings,
    router,
    assignments,
  };
}

/** The first error-level cycle diagnostic, when the dependencies loop back on themselves. */
export function cycleDiagnostic(plan: PreparedPlan): Diagnostic | undefined {
  return plan.diagnostics.find((d) => d.code === 'cycle' && d.severity === 'error');
}

function noTasks(file: string, prp: Prp): CliError {
  const hint = prp.diagnostics.find((d) => d.code === 'no-tasks');
  const why = hint ? hint.message : 'add an Implementation Blueprint with "Task 1: ..." entries';
  return new CliError('no-tasks', `${file} holds no task: ${why}`);
}

function mergeDiagnostics(...lists: Diagnostic[][]): Diagnostic[] {
  const seen = new Set<string>();
  const merged: Diagnostic[] = [];
  for (const d of lists.flat()) {
    const key = `${d.line}|${d.code}|${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    merged.push(d);
  }
  return merged.sort((a, b) => a.line - b.line);
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

/** Turns Node's file-system error codes into plain words. */
export function describeFsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EISDIR':
      return 'it is a directory, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
