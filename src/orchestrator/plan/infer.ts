/**
 * Dependencies that a PRP implies without saying: a task that touches a file another task creates waits for
 * it, a task whose text imports or names a created module waits for it, writers of one file take turns, and a
 * task that deletes a file waits for the tasks that still read it. Name rules (nameRules.ts) add the tasks
 * that use a symbol or package another task provides, and tests that wait for the code they test.
 * Everything else stays parallel.
 *
 * Tasks are walked in rank order (see rank.ts) and every edge points from an earlier task to a later one, so
 * inference cannot create a cycle. Lookups go through indexes (FileIndex, SymbolIndex, ...), so the cost
 * grows with the text, not with the number of task pairs.
 */
import type { Dependency, PrpTask } from '../model';
import { NameRules, type Link, type VisitState } from './nameRules';
import { FileIndex, isSegmentSuffix, normalizePath, type FileEntry } from './paths';
import { actionsByPath, extractReferences, fileRole, type FileRole } from './references';
import { scanText, type TextScan } from './textScan';

/** One file one task writes, with what it does to it. */
interface Write {
  key: string;
  /** The path as the task wrote it, for the dependency's detail. */
  file: string;
  role: FileRole;
  entry: FileEntry;
}

/** What the walk has seen so far, per file key. */
interface WalkState {
  lastWriter: Map<string, { task: number; role: FileRole; file: string }>;
  lastCreator: Map<string, { task: number; file: string }>;
  readers: Map<string, number[]>;
  edges: Dependency[];
}

/**
 * Inferred edges for `tasks` walked in `order`; `explicit` holds the author's `[from, to]` index pairs, which
 * the name rules need to know (a test task with stated dependencies is left as the author wrote it), and
 * `read` scans a task's title and body (see textScan.ts); it is called once per task, in walk order.
 */
export function inferDependencies(
  tasks: readonly PrpTask[],
  order: readonly number[],
  explicit: ReadonlyArray<readonly [number, number]> = [],
  read: (task: number) => TextScan = (i) => scanText(`${tasks[i]!.title}\n${tasks[i]!.body}`),
): Dependency[] {
  const index = new FileIndex();
  for (const task of tasks) for (const file of task.files) addFile(index, file);
  const state: WalkState = { lastWriter: new Map(), lastCreator: new Map(), readers: new Map(), edges: [] };
  const stated: number[][] = tasks.map(() => []);
  for (const [from, to] of explicit) stated[to]!.push(from);
  const names = new NameRules();
  // One `link` for the whole walk (not a closure per task): it adds edges into the task being visited.
  let task = tasks[0]!;
  let visit: VisitState = { reasons: new Set(), predecessors: new Set(), explicit: false };
  const link: Link = (from, reason, detail) => {
    visit.reasons.add(reason);
    visit.predecessors.add(from);
    state.edges.push({ from: tasks[from]!.id, to: task.id, reason, detail });
  };
  for (const i of order) {
    task = tasks[i]!;
    const scan = read(i);
    const writes = writesOf(task, scan, index);
    visit = { reasons: new Set(), predecessors: new Set(stated[i]), explicit: stated[i]!.length > 0 };
    linkReferences(scan, i, writes, index, state, link);
    linkWrites(i, writes, state, link);
    names.visit(task, i, scan, [...writes.values()], link, visit);
  }
  return state.edges;
}

function addFile(index: FileIndex, file: string): void {
  const key = normalizePath(file);
  if (key !== undefined) index.add(key);
}

/** The files a task writes, by canonical key, each with the action written next to it or the task's own. */
function writesOf(task: PrpTask, scan: TextScan, index: FileIndex): Map<string, Write> {
  const actions = actionsByPath(scan.text, scan);
  const writes = new Map<string, Write>();
  for (const file of task.files) {
    const raw = normalizePath(file);
    if (raw === undefined) continue;
    const key = index.canonical(raw);
    if (writes.has(key)) continue;
    const entry = index.get(key) ?? index.add(key);
    const role = fileRole(actionFor(raw, actions) ?? task.action);
    writes.set(key, { key, file, role, entry });
  }
  return writes;
}

function actionFor(key: string, actions: ReadonlyMap<string, string>): string | undefined {
  const exact = actions.get(key);
  if (exact !== undefined) return exact;
  const segments = key.split('/');
  for (const [path, action] of actions) {
    const other = path.split('/');
    if (isSegmentSuffix(other, segments) || isSegmentSuffix(segments, other)) return action;
  }
  return undefined;
}

/** Imports and mentions of files that earlier tasks create; records readers for later deletions. */
function linkReferences(
  scan: TextScan,
  self: number,
  writes: ReadonlyMap<string, Write>,
  index: FileIndex,
  state: WalkState,
  link: Link,
): void {
  const seen = new Set<string>();
  for (const ref of extractReferences(scan.text, scan)) {
    for (const entry of index.resolve(ref)) {
      const key = index.canonical(entry.key);
      if (seen.has(key) || writes.has(key)) continue;
      seen.add(key);
      push(state.readers, key, self);
      const creator = state.lastCreator.get(key);
      if (creator !== undefined) link(creator.task, 'imports-file', creator.file);
    }
  }
}

/** Orders writers of one file, and ties files to the task that creates their directory. */
function linkWrites(self: number, writes: ReadonlyMap<string, Write>, state: WalkState, link: Link): void {
  for (const write of writes.values()) {
    const previous = state.lastWriter.get(write.key);
    if (previous !== undefined) {
      const reason = previous.role === 'create' && write.role !== 'create' ? 'creates-file' : 'same-file';
      link(previous.task, reason, previous.file);
    }
    linkDirectoryCreator(write, state, link);
    if (write.role === 'delete') {
      for (const reader of state.readers.get(write.key) ?? []) link(reader, 'same-file', write.file);
    }
    state.lastWriter.set(write.key, { task: self, role: write.role, file: write.file });
    if (write.role === 'create') state.lastCreator.set(write.key, { task: self, file: write.file });
  }
}

function linkDirectoryCreator(write: Write, state: WalkState, link: Link): void {
  const segments = write.entry.segments;
  for (let depth = 1; depth < segments.length; depth++) {
    const dir = `${segments.slice(0, depth).join('/')}/`;
    const creator = state.lastCreator.get(dir);
    if (creator !== undefined) link(creator.task, 'creates-file', creator.file);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
