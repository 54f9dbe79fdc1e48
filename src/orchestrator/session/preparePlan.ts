import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { loadAgents, type LoadedAgents } from '../agents';
import { projectAgentDirs } from '../agents/discover';
import type { Diagnostic, Prp, TaskGraph } from '../model';
import { refineEstimates } from '../plan/estimatesHistory';
import { adjacency, planPrp } from '../plan';
import { parsePrp } from '../prp';
import { Router, routeGraph } from '../routing';
import { readDurationSamples } from './history';
import { SessionError, type PlanRequest, type PreparedPlan } from './types';

/**
 * Parses, plans and routes a PRP; never runs anything. Routing uses the agents' recorded success and
 * speed, and the estimates are scaled by how long similar tasks took, when the request or its store has
 * any. Throws SessionError `unreadable-prp`, `no-tasks` or `bad-agents-dir`; a cycle is not thrown but
 * reported among the diagnostics (code `cycle`), so a plan preview can show it.
 */
export async function preparePlan(request: PlanRequest): Promise<PreparedPlan> {
  const workspaceDir = path.resolve(request.workspaceDir);
  const prpPath = path.resolve(workspaceDir, request.prpPath);
  const prp = await readPrp(prpPath);
  const full = planPrp(prp, { order: request.order ?? 'dependencies' });
  if (full.graph.tasks.length === 0) throw noTasks(prpPath, prp);
  const planned = request.onlyTasks === undefined ? full : { ...full, graph: withPrerequisites(full.graph, request.onlyTasks, prpPath) };
  const { agents, warnings } = await loadAgentSet(request, prpPath, workspaceDir);
  const router = new Router(agents, { stats: request.history ?? request.store?.agentStats() ?? [], weights: request.routingWeights });
  const assignments = routeGraph(planned.graph, router);
  const agentOf = new Map(assignments.map((a) => [a.taskId, a.agent]));
  const durations = request.durations ?? (request.store === undefined ? [] : readDurationSamples(request.store));
  const graph: TaskGraph = { ...planned.graph, tasks: [...refineEstimates(planned.graph.tasks, durations, (id) => agentOf.get(id))] };
  return {
    prp,
    graph,
    diagnostics: mergeDiagnostics(prp.diagnostics, planned.diagnostics),
    agents,
    agentWarnings: warnings,
    router,
    assignments,
    plannedEstimates: new Map(planned.graph.tasks.map((t) => [t.id, t.estimateMs])),
  };
}

/** The first error-level cycle diagnostic of a plan, when its dependencies loop back on themselves. */
export function cycleDiagnostic(plan: Pick<PreparedPlan, 'diagnostics'>): Diagnostic | undefined {
  return plan.diagnostics.find((d) => d.code === 'cycle' && d.severity === 'error');
}

async function readPrp(prpPath: string): Promise<Prp> {
  let text: string;
  try {
    text = await readFile(prpPath, 'utf8');
  } catch (error) {
    throw new SessionError('unreadable-prp', `Cannot read the PRP ${prpPath}: ${describeFsError(error)}.`);
  }
  return parsePrp(text, { path: prpPath });
}

/**
 * The given folders only (each must exist), or else the `.claude/agents` of the PRP's folder and its
 * ancestors, then of the workspace and its ancestors, nearest first, and the user's own.
 */
async function loadAgentSet(request: PlanRequest, prpPath: string, workspaceDir: string): Promise<LoadedAgents> {
  if (request.agentsDirs !== undefined) {
    const dirs = request.agentsDirs.map((dir) => path.resolve(workspaceDir, dir));
    for (const dir of dirs) await assertDirectory(dir);
    return loadAgents({ workspaceDir, agentsDirs: dirs, userAgentsDir: request.userAgentsDir ?? null });
  }
  const dirs = [...new Set([...projectAgentDirs(path.dirname(prpPath), true), ...projectAgentDirs(workspaceDir, true)])];
  return loadAgents({ workspaceDir, agentsDirs: dirs, userAgentsDir: request.userAgentsDir });
}

async function assertDirectory(dir: string): Promise<void> {
  try {
    if ((await stat(dir)).isDirectory()) return;
  } catch (error) {
    throw new SessionError('bad-agents-dir', `Cannot read the agents folder ${dir}: ${describeFsError(error)}.`);
  }
  throw new SessionError('bad-agents-dir', `${dir} is not a folder; agent definitions are read from a folder of .md files.`);
}

function noTasks(prpPath: string, prp: Prp): SessionError {
  const hint = prp.diagnostics.find((d) => d.code === 'no-tasks');
  const why = hint ? hint.message : 'add an Implementation Blueprint with "Task 1: ..." entries';
  return new SessionError('no-tasks', `${prpPath} holds no task: ${why}`);
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

/** Node's file-system error codes in plain words. */
export function describeFsError(error: unknown): string {
  switch ((error as { code?: string }).code) {
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

/**
 * The tasks asked for and every task they wait for, directly or not, with the dependencies among them, in
 * the graph's order. Throws SessionError `unknown-task` for an id the PRP does not have.
 */
export function withPrerequisites(graph: TaskGraph, taskIds: readonly string[], prpPath: string): TaskGraph {
  const { ids, index, predecessors } = adjacency(graph);
  const unknown = taskIds.filter((id) => !index.has(id));
  if (unknown.length > 0) throw new SessionError('unknown-task', `${prpPath} has no task ${unknown.join(', ')}; its tasks are ${ids.join(', ')}.`);
  // A stack rather than recursion: a long chain of tasks must not exhaust the call stack.
  const keep = new Set<string>();
  const stack = taskIds.map((id) => index.get(id)!);
  while (stack.length > 0) {
    const at = stack.pop()!;
    if (keep.has(ids[at]!)) continue;
    keep.add(ids[at]!);
    stack.push(...predecessors[at]!);
  }
  return {
    ...graph,
    tasks: graph.tasks.filter((t) => keep.has(t.id)),
    dependencies: graph.dependencies.filter((d) => keep.has(d.from) && keep.has(d.to)),
  };
}
