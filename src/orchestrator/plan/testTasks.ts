/**
 * Tasks whose job is testing, and what they test. A test task names its subject through its own test files
 * (`toast.test.tsx` tests `toast.tsx`, `test_search.py` tests `search.py`) or through a glob in the commands
 * it runs (`bun test src/dag-*.test.ts` tests `dag-executor.ts`).
 */
import { normalizePath } from './paths';

/** What the planner needs to know about one task as a test task. */
export interface TestFacts {
  isTest: boolean;
  /** Lower-case stems of the files its own test files test (`toast` for `toast.test.tsx`). */
  subjects: string[];
  /** Globs over file stems, from glob paths in its text (`dag-*` from `dag-*.test.ts`). */
  globs: RegExp[];
}

const TEST_DIRECTORIES = new Set(['test', 'tests', '__tests__', 'spec', 'specs', 'e2e']);
const TEST_TITLE = /\b(?:tests?|testing|test[ -]suite)\b/i;
const TEST_ACTIONS = new Set(['TEST']);

/** Extensions of files that hold code a test could exercise. */
const CODE_EXTENSIONS = new Set(
  (
    'ts tsx mts cts js jsx mjs cjs py go rs php java kt kts swift c h cc cpp hpp cs rb vue svelte astro sql ' +
    'html htm css scss sass less dart ex exs scala lua'
  ).split(' '),
);

/** Stems too common to say which file a test is about. */
const GENERIC_STEMS = new Set(['index', 'main', 'mod', 'lib', 'utils', 'util', 'helpers', '__init__', 'conftest', 'setup', 'app']);

function baseName(key: string): string {
  const trimmed = key.endsWith('/') ? key.slice(0, -1) : key;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/**
 * The stem of the file a test file tests: `toast.test.tsx` → `toast`, `test_search.py` → `search`,
 * `store_test.go` → `store`; undefined when `key` (a normalized path) is not a test file.
 */
export function testSubject(key: string): string | undefined {
  const base = baseName(key);
  const m = /^(.+)\.(?:test|spec)\.[a-z0-9]+$/.exec(base) ?? /^test_(.+)\.py$/.exec(base) ?? /^(.+)_test\.(?:py|go)$/.exec(base);
  return m?.[1];
}

/** True for test files and for folders of tests (`tests/`, `src/utils/tests/`). */
export function isTestPath(key: string): boolean {
  if (!key.includes('test') && !key.includes('spec') && !key.includes('e2e')) return false;
  if (key.endsWith('/')) return TEST_DIRECTORIES.has(baseName(key));
  return testSubject(key) !== undefined || key.split('/').slice(0, -1).some((s) => TEST_DIRECTORIES.has(s));
}

/** True when a normalized path holds code (or is a folder of code, not of tests or documents). */
export function isCodePath(key: string): boolean {
  if (isTestPath(key)) return false;
  if (key.endsWith('/')) return !/(?:^|\/)(?:docs?|documentation)\/$/.test(key);
  const base = baseName(key);
  const dot = base.lastIndexOf('.');
  return dot > 0 && CODE_EXTENSIONS.has(base.slice(dot + 1));
}

/** The stem by which a test names a code file (`dag-executor` for `src/dag-executor.ts`), if it has one. */
export function codeStem(key: string): string | undefined {
  if (key.endsWith('/')) return undefined;
  const base = baseName(key);
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  return GENERIC_STEMS.has(stem) ? undefined : stem;
}

/** Test facts of a task with `keys`, the normalized paths of its files. */
export function testFacts(task: { title: string; body: string; action?: string }, keys: readonly string[]): TestFacts {
  const testFiles = keys.filter(isTestPath);
  const isTest =
    (keys.length > 0 && testFiles.length === keys.length) ||
    TEST_TITLE.test(task.title) ||
    TEST_ACTIONS.has(task.action?.toUpperCase() ?? '');
  if (!isTest) return { isTest, subjects: [], globs: [] };
  const subjects = new Set<string>();
  for (const key of testFiles) {
    const subject = testSubject(key);
    if (subject !== undefined && !GENERIC_STEMS.has(subject)) subjects.add(subject);
  }
  return { isTest, subjects: [...subjects], globs: stemGlobs(`${task.title}\n${task.body}`) };
}

/** Globs over stems from the glob paths in `text`, each with at least three literal characters. */
function stemGlobs(text: string): RegExp[] {
  const globs: RegExp[] = [];
  for (const path of globPaths(text)) {
    const key = normalizePath(path);
    if (key === undefined) continue;
    const stem = testSubject(key) ?? baseName(key).replace(/\.[a-z0-9]+$/, '');
    if (stem.replace(/\*/g, '').length < 3) continue;
    const source = stem.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*');
    globs.push(new RegExp(`^${source}$`));
  }
  return globs;
}

function isPathChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45 || c === 47 || c === 42;
}

/**
 * Paths with a `*` and an extension (`dag-*.test.ts`, `tests/test_*.py`), found from each `*` outwards: a
 * pattern over the whole text would retry every word, and Markdown bold (`**ACTION**`) is everywhere.
 */
function globPaths(text: string): Set<string> {
  const paths = new Set<string>();
  for (let star = text.indexOf('*'); star >= 0; star = text.indexOf('*', star + 1)) {
    let start = star;
    while (start > 0 && isPathChar(text.charCodeAt(start - 1))) start--;
    let end = star + 1;
    while (end < text.length && isPathChar(text.charCodeAt(end))) end++;
    const path = text.slice(start, end);
    if (/^[\w./-]*\*[\w.*-]*\.[A-Za-z0-9]+$/.test(path)) paths.add(path);
    star = end;
  }
  return paths;
}
