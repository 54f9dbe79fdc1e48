/**
 * Dependencies that a PRP implies without saying: a task that touches a file another task creates waits for
 * it, a task whose text imports or names a created module waits for it, writers of one file take turns, and a
 * task that deletes a file waits for the tasks that still read it. Everything else stays parallel.
 *
 * Tasks are walked in rank order (see rank.ts) and every edge points from an earlier task to a later one, so
 * inference cannot create a cycle. Lookups go through a FileIndex, so the cost grows with the text, not with
 * the number of task pairs.
 */
import type { Dependency, DependencyReason, PrpTask } from '../model';
import { FileIndex, isSegmentSuffix, normalizePath, type FileEntry } from './paths';
import { actionsByPath, extractReferences, fileRole, type FileRole } from './references';

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

export function inferDependencies(tasks: readonly PrpTask[], order: readonly number[]): Dependency[] {
  const index = new FileIndex();
  for (const task of tasks) for (const file of task.files) addFile(index, file);
  const state: WalkState = { lastWriter: new Map(), lastCreator: new Map(), readers: new Map(), edges: [] };
  for (const i of order) {
    const task = tasks[i]!;
    const writes = writesOf(task, index);
    const link = (from: number, reason: DependencyReason, detail: string) =>
      state.edges.push({ from: tasks[from]!.id, to: task.id, reason, detail });
    linkReferences(task, i, writes, index, state, link);
    linkWrites(i, writes, state, link);
  }
  return state.edges;
}

function addFile(index: FileIndex, file: string): void {
  const key = normalizePath(file);
  if (key !== undefined) index.add(key);
}

/** The files a task writes, by canonical key, each with the action written next to it or the task's own. */
function writesOf(task: PrpTask, index: FileIndex): Map<string, Write> {
  const actions = actionsByPath(`${task.title}\n${task.body}`);
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

type Link = (from: number, reason: DependencyReason, detail: string) => void;

/** Imports and mentions of files that earlier tasks create; records readers for later deletions. */
function linkReferences(
  task: PrpTask,
  self: number,
  writes: ReadonlyMap<string, Write>,
  index: FileIndex,
  state: WalkState,
  link: Link,
): void {
  const seen = new Set<string>();
  for (const ref of extractReferences(`${task.title}\n${task.body}`)) {
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
