/**
 * Prp → TaskGraph. Explicit dependencies come first; inferred ones (infer.ts) are added only where the text
 * gives a reason, so tasks that share nothing run in parallel, and an inferred edge that another path already
 * implies is left out (reduce.ts). Document order serialises the graph only when asked to
 * (`order: 'document'`).
 */
import type { Dependency, DependencyReason, Diagnostic, Prp, PrpTask, Task, TaskGraph } from '../model';
import { estimateTask } from './estimate';
import { authorOrderDiagnostic } from './authorOrder';
import { CycleError, findCycle } from './graphUtils';
import { inferDependencies } from './infer';
import { rankOrder } from './rank';
import { impliedEdges } from './reduce';
import { tagTask, tagWordSink } from './tags';
import { scanText, type TextScan } from './textScan';

export interface PlanOptions {
  /**
   * How tasks without a stated or inferred link are ordered. `'dependencies'` (the default) lets them run in
   * parallel; `'document'` runs every task after the one before it, keeping the author's order.
   */
  order?: 'dependencies' | 'document';
}

export interface PlanResult {
  graph: TaskGraph;
  /** Problems found while planning (not the parser's; those stay on the Prp). */
  diagnostics: Diagnostic[];
}

/**
 * Plans a PRP and never throws. When the explicit dependencies form a cycle, the diagnostics hold an error
 * with code `cycle` naming its path, and the graph holds every task with only the explicit dependencies
 * (cycle included, so a preview can show it); nothing is inferred. When the PRP asks for its tasks in order
 * and the plan does not keep that order, the diagnostics hold an info with code `author-order`.
 */
export function planPrp(prp: Prp, options: PlanOptions = {}): PlanResult {
  const { graph, diagnostics, cycle } = plan(prp, options);
  if (cycle) {
    const first = prp.tasks.find((t) => t.id === cycle.path[0]);
    diagnostics.push({ severity: 'error', code: 'cycle', message: cycle.message, line: first?.range.startLine ?? 1 });
  }
  return { graph, diagnostics };
}

/** Plans a PRP; throws a CycleError (naming its path) when the explicit dependencies form a cycle. */
export function buildTaskGraph(prp: Prp, options: PlanOptions = {}): TaskGraph {
  const { graph, cycle } = plan(prp, options);
  if (cycle) throw cycle;
  return graph;
}

/**
 * The task a PRP task becomes: the author's words and files unchanged, plus tags and an estimate. `words`
 * are the tags of its words when a scan already found them (see tagTask).
 */
export function toTask(source: PrpTask, words?: ReadonlySet<string>): Task {
  const tags = tagTask(source, words);
  // One object shape for every task keeps the estimator's property reads fast.
  const estimate = estimateTask({ title: source.title, body: source.body, files: source.files, action: source.action, tags });
  const task: Task = { id: source.id, title: source.title, body: source.body, files: [...source.files], tags, ...estimate };
  if (source.action !== undefined) task.action = source.action;
  task.range = { ...source.range };
  if (source.marker !== undefined) task.marker = source.marker;
  return task;
}

interface Planned extends PlanResult {
  cycle?: CycleError;
}

function plan(prp: Prp, options: PlanOptions): Planned {
  const title = prp.title || prp.name || '';
  const { edges, diagnostics } = explicitDependencies(prp.tasks);
  const position = new Map(prp.tasks.map((t, i) => [t.id, i]));
  const pairs = edges.map((d) => [position.get(d.from)!, position.get(d.to)!] as const);
  const order = rankOrder(prp.tasks.length, pairs);
  if (order === undefined || options.order === 'document') {
    const tasks = prp.tasks.map((source) => toTask(source));
    if (order !== undefined) return { graph: { title, tasks, dependencies: merge(edges, documentChain(prp.tasks, order)) }, diagnostics };
    const path = findCycle({ tasks, dependencies: edges }) ?? [];
    const cycle = new CycleError(path, new Map(tasks.map((t) => [t.id, t.title])));
    return { graph: { title, tasks, dependencies: edges }, diagnostics, cycle };
  }
  const ordered = authorOrderDiagnostic(prp);
  if (ordered) diagnostics.push(ordered);
  // Inference reads each task's text once (textScan.ts), when it reaches the task; the same scan gives the
  // task its tags, and nothing keeps it afterwards.
  const tasks: Task[] = prp.tasks.map(() => EMPTY_TASK);
  const read = (i: number): TextScan => {
    const source = prp.tasks[i]!;
    const words = new Set<string>();
    const scan = scanText(`${source.title}\n${source.body}`, tagWordSink(words));
    tasks[i] = toTask(source, words);
    return scan;
  };
  const merged = merge(edges, inferDependencies(prp.tasks, order, pairs, read));
  return { graph: { title, tasks, dependencies: withoutImplied(merged, position, order) }, diagnostics };
}

/** A placeholder until inference reaches the task (every task is reached). */
const EMPTY_TASK: Task = { id: '', title: '', body: '', files: [], tags: [], complexity: 1, estimateMs: 0 };

/** The edges minus inferred ones that other paths already imply (see reduce.ts). */
function withoutImplied(deps: Dependency[], position: ReadonlyMap<string, number>, order: readonly number[]): Dependency[] {
  const pairs = deps.map((d) => [position.get(d.from)!, position.get(d.to)!] as const);
  const implied = impliedEdges(order.length, order, pairs, deps.map((d) => d.reason !== 'explicit'));
  return deps.filter((_, k) => !implied[k]);
}

/** Explicit `dependsOn` edges that name a known task; diagnostics for the rest. */
function explicitDependencies(tasks: readonly PrpTask[]): { edges: Dependency[]; diagnostics: Diagnostic[] } {
  const known = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const task of tasks) {
    if (known.has(task.id)) diagnostics.push(problem(task, 'duplicate-task-id', `Task id ${task.id} is used by more than one task; ids must be unique.`));
    known.add(task.id);
  }
  const edges: Dependency[] = [];
  for (const task of tasks) {
    for (const dep of new Set(task.dependsOn)) {
      if (dep === task.id) {
        diagnostics.push(problem(task, 'self-dependency', `${label(task)} depends on itself; the dependency is ignored.`));
      } else if (!known.has(dep)) {
        diagnostics.push(problem(task, 'unknown-dependency', `${label(task)} depends on ${dep}, which is not a task in this PRP; the dependency is ignored.`));
      } else {
        edges.push({ from: dep, to: task.id, reason: 'explicit' });
      }
    }
  }
  return { edges, diagnostics };
}

function problem(task: PrpTask, code: string, message: string): Diagnostic {
  return { severity: 'warning', code, message, line: task.range.startLine, endLine: task.range.endLine };
}

function label(task: PrpTask): string {
  return `Task ${task.id} "${task.title}"`;
}

/** Every task after the one before it in rank order (document order, bent only by explicit dependencies). */
function documentChain(tasks: readonly PrpTask[], order: readonly number[]): Dependency[] {
  const chain: Dependency[] = [];
  for (let k = 1; k < order.length; k++) {
    chain.push({ from: tasks[order[k - 1]!]!.id, to: tasks[order[k]!]!.id, reason: 'document-order' });
  }
  return chain;
}

/** Reasons in order of strength; when two rules link the same pair, the stronger one explains the edge. */
const STRENGTH: readonly DependencyReason[] = [
  'explicit',
  'creates-file',
  'imports-file',
  'uses-symbol',
  'uses-package',
  'tests-code',
  'same-file',
  'document-order',
];

/** One edge per ordered pair, the strongest reason kept, in first-seen order. */
function merge(...lists: Dependency[][]): Dependency[] {
  const byPair = new Map<string, Dependency>();
  for (const list of lists) {
    for (const dep of list) {
      const key = `${dep.from}\u0000${dep.to}`;
      const existing = byPair.get(key);
      // Map.set on an existing key keeps its place, so the order stays first-seen.
      if (!existing || STRENGTH.indexOf(dep.reason) < STRENGTH.indexOf(existing.reason)) byPair.set(key, dep);
    }
  }
  return [...byPair.values()];
}
