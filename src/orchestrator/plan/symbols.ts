/**
 * The names a task defines, so a later task that uses a type or function it introduces can wait for it
 * (symbolIndex.ts finds the uses).
 *
 * A task defines a name when it shows it in code (`export interface DagNode`, `export async function run`, a
 * top-level Python `def`/`class` in a task that creates code) or lists it on a line that says it adds it
 * (`ACTION: ADD DagNode, DagWorkflow types`, `IMPLEMENT: hashPassword(plain) and verifyPassword(...)`).
 * Only distinctive names count (`DagNode`, `is_llms_variant`, `JWT_SECRET`): a plain word such as `config` or
 * `Graph` names too many things to link two tasks.
 */
import { hasKnownExtension } from './paths';
import { KEYWORD, atLineStart, forEachMark, lineAt, scanText, type TextScan } from './textScan';
import { HASH_MASK, HASH_PRIME, HASH_SEED, hashWord } from './wordHash';

// Local copies for the per-character loop below (an imported binding can cost a lookup per use when the
// module is not bundled, as in tests and benchmarks).
const SEED = HASH_SEED;
const PRIME = HASH_PRIME;
const MASK = HASH_MASK;

/** What symbol extraction needs from a task. */
export interface SymbolSource {
  title: string;
  body: string;
  action?: string;
}

/** Verbs that, at the start of a line, say the names after them are new. */
const DEFINING_VERBS = new Set(['add', 'create', 'define', 'implement', 'export', 'introduce', 'declare', 'move', 'extract', 'new']);

/** Verbs that, right after a label such as `IMPLEMENT:`, say the line changes or uses what already exists. */
const OTHER_VERBS = new Set(
  (
    'remove update modify replace use change delete fix keep preserve follow ensure verify check test call wrap ' +
    'find read pass make handle support mirror copy rename refactor convert integrate include apply set configure ' +
    'run validate store return parse load extend migrate combine filter map show render'
  ).split(' '),
);

/**
 * Words after which a defining line stops listing what it adds and starts saying where or how
 * ("ADD priority field to UpdateTaskRequest": `UpdateTaskRequest` already exists).
 */
const STOP_WORDS = new Set(
  (
    'to in into from for with on at by of using via that which as after before inside within under alongside ' +
    'following like per where when if so because instead than wrapping around behind'
  ).split(' '),
);

const STOP_HASHES = new Set([...STOP_WORDS].map(hashWord));

/** Product and technology names that are written in camel case but are never a task's own symbol. */
const NOT_SYMBOLS = new Set(
  (
    'typescript javascript coffeescript github gitlab bitbucket postgresql mysql mongodb mariadb sqlite dynamodb ' +
    'cosmosdb couchdb bigquery fastapi fastmcp graphql oauth oauth2 openid openapi openai chatgpt wordpress ' +
    'woocommerce linkedin youtube paypal devops nextjs nodejs nestjs vuejs reactjs expressjs vscode macos iphone ' +
    'ipad pypi numpy scipy pytorch tensorflow jupyterlab powershell webassembly websocket websockets cicd ' +
    'devcontainer playstation xcode testflight restful'
  ).split(' '),
);

const TS_EXPORT =
  /export[ \t]+(?:default[ \t]+)?(?:declare[ \t]+)?(?:abstract[ \t]+)?(?:async[ \t]+)?(?:function\*?|class|interface|type|const|let|var|enum)[ \t]+([A-Za-z_$][\w$]*)/y;
const PY_DEFINITION = /(?:def|class)[ \t]+([A-Za-z_]\w*)/y;
const FENCE = /^([ \t]*)(`{3,}|~{3,})/gm;
/** What may come before a defining verb on its line: list markers, a checkbox, bold, a `LABEL:`. */
const LINE_PREFIX = /^[ \t]*(?:[-*+][ \t]+|\d+(?:\.\d+)*[.):]?[ \t]+)?(?:\[[ xX~-]\][ \t]+)?\**(?:[A-Z][A-Z_ ]*[A-Z]\**[ \t]*:\**[ \t]*)?\**$/;
const CREATING_ACTIONS = new Set(['CREATE', 'ADD', 'NEW', 'GENERATE', 'SCAFFOLD', 'IMPLEMENT']);

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}

function isIdentChar(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

/**
 * True for names specific enough to link tasks: at least four characters, and snake case with an inner
 * underscore (`build_command`, `JWT_SECRET`) or camel case with an inner capital (`useToast`, `DagNode`,
 * `URLHandler`). Plain words (`config`, `Graph`, `README`) and product names (`TypeScript`) are not.
 */
export function isDistinctiveName(name: string): boolean {
  if (name.length < 4) return false;
  const core = name.replace(/^[_$]+|[_$]+$/g, '');
  if (core.length < 4 || NOT_SYMBOLS.has(core.toLowerCase())) return false;
  return /[A-Za-z0-9]_[A-Za-z0-9]/.test(core) || /[a-z0-9][A-Z]/.test(core) || /[A-Z]{2,}[a-z]{2,}/.test(core);
}

/**
 * Names a task defines, distinctive ones only, in the order found. `scan` is the scan (see textScan.ts) of
 * the task's title and body joined by a newline, made here when not given; each pattern is tried only where
 * the scan saw its keyword.
 */
export function definedSymbols(task: SymbolSource, scan: TextScan = scanText(`${task.title}\n${task.body}`)): string[] {
  const names = new Set<string>();
  const text = scan.text;
  const blocks = scan.keywords & KEYWORD.fence ? fences(text) : [];
  forEachMark(scan, KEYWORD.export, (at) => {
    const m = atLineStart(text, at) ? stickyAt(TS_EXPORT, text, at) : null;
    if (m) addName(names, m[1]!);
  });
  if (blocks.length > 0 && createsCode(task)) {
    forEachMark(scan, KEYWORD.pythonDefinition, (at) => {
      const fence = fenceAt(blocks, at);
      const { line, start } = lineAt(text, at);
      const indent = line.length - line.trimStart().length;
      const before = text.slice(start, at).trim();
      const m = fence !== undefined && indent === fence.indent && (before === '' || before === 'async') ? stickyAt(PY_DEFINITION, text, at) : null;
      if (m) addName(names, m[1]!);
    });
  }
  definingLines(scan, blocks, names);
  return [...names];
}

/** Names on the lines, outside code blocks, that start with a defining verb (see definedAfterVerb). */
function definingLines(scan: TextScan, blocks: readonly Fence[], names: Set<string>): void {
  const { text, candidates } = scan;
  let line = -1;
  let candidate = 0;
  forEachMark(scan, KEYWORD.define, (at) => {
    // Only the first verb of a line can start it; the text before it must be list markers or a label.
    const start = text.lastIndexOf('\n', at - 1) + 1;
    if (start === line) return;
    line = start;
    // Most such lines are prose ("Add unit tests for ..."): without a possible name after the verb (the
    // scan lists them in text order) there is nothing to parse.
    const newline = text.indexOf('\n', at);
    const eol = newline < 0 ? text.length : newline;
    while (candidate < candidates.length && candidates[candidate]! < at) candidate += 3;
    if (candidate >= candidates.length || candidates[candidate]! >= eol) return;
    if (fenceAt(blocks, at) !== undefined || !LINE_PREFIX.test(text.slice(start, at))) return;
    let end = at;
    while (end < eol && isIdentChar(text.charCodeAt(end))) end++;
    definedAfterVerb(text.slice(end, eol), names);
  });
}

function addName(names: Set<string>, name: string): void {
  if (isDistinctiveName(name)) names.add(name);
}

function stickyAt(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

/** A task that brings code into existence: its action says so, or its title starts with such a verb. */
function createsCode(task: SymbolSource): boolean {
  if (task.action !== undefined) return CREATING_ACTIONS.has(task.action.toUpperCase());
  const first = /^[\d.)\s]*([A-Za-z]+)/.exec(task.title)?.[1]?.toLowerCase();
  return first === 'add' || first === 'create' || first === 'implement';
}

/** A fenced code block: character offsets of its content and the indentation of its fence. */
interface Fence {
  start: number;
  end: number;
  indent: number;
}

function fences(body: string): Fence[] {
  const found: Fence[] = [];
  let open: { start: number; indent: number; marker: string } | undefined;
  for (const m of body.matchAll(FENCE)) {
    if (open === undefined) open = { start: m.index + m[0].length, indent: m[1]!.length, marker: m[2]![0]! };
    else if (m[2]![0] === open.marker) {
      found.push({ start: open.start, end: m.index, indent: open.indent });
      open = undefined;
    }
  }
  if (open) found.push({ start: open.start, end: body.length, indent: open.indent });
  return found;
}

function fenceAt(blocks: readonly Fence[], index: number): Fence | undefined {
  return blocks.find((b) => b.start <= index && index < b.end);
}

const FIRST_WORD = /^\**:?\**[ \t]*\**([A-Za-z]+)\b\**:?[ \t]*/;

/**
 * Names listed after a defining verb (`ADD DagNode, DagWorkflow types`, `IMPLEMENT: hashPassword(plain)`,
 * `EXPORTS: Export useToast hook`). When a label such as `IMPLEMENT:` is followed by a verb that changes
 * what exists ("IMPLEMENT: Remove task_order coupling"), the line adds nothing.
 */
function definedAfterVerb(rest: string, names: Set<string>): void {
  const first = FIRST_WORD.exec(rest);
  const word = first?.[1]!.toLowerCase();
  const labelled = /^\**:/.test(rest);
  if (labelled && word !== undefined && OTHER_VERBS.has(word)) return;
  namesBeforeStopWord(word !== undefined && DEFINING_VERBS.has(word) ? rest.slice(first![0].length) : rest, names);
}

/**
 * The names in `text` up to the first word that says where or how, skipping arguments in parentheses, type
 * annotations (`priority: TaskPriority`), dotted and path-like names.
 */
function namesBeforeStopWord(text: string, names: Set<string>): void {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123 || c === 60) depth++;
    else if ((c === 41 || c === 93 || c === 125 || c === 62) && depth > 0) depth--;
    if (!isIdentStart(c) || (i > 0 && isIdentChar(text.charCodeAt(i - 1)))) continue;
    let end = i;
    let hash = SEED;
    for (; end < text.length && isIdentChar(text.charCodeAt(end)); end++) hash = Math.imul(hash ^ (text.charCodeAt(end) | 32), PRIME) & MASK;
    if (depth === 0) {
      // Stop words are compared by hash, so the ordinary words of the line are never copied.
      if (STOP_HASHES.has(hash)) return;
      if (end - i >= 4 && !isPathPart(text, i, end) && !isAnnotation(text, i) && !isDotted(text, i, end)) addName(names, text.slice(i, end));
    }
    i = end - 1;
  }
}

/** `name` right after `field:` or `field?:` is the field's type, not something the line adds. */
function isAnnotation(text: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  if (i < 1 || text.charCodeAt(i) !== 58) return false;
  const before = text.charCodeAt(i - 1) === 63 ? i - 2 : i - 1;
  return before >= 0 && isIdentChar(text.charCodeAt(before));
}

function isDotted(text: string, start: number, end: number): boolean {
  return text.charCodeAt(start - 1) === 46 || (text.charCodeAt(end) === 46 && isIdentStart(text.charCodeAt(end + 1)));
}

/**
 * True when the identifier at [start, end) is part of a path or file name (`contexts/ToastContext`,
 * `useToast.ts`, `dag-executor`), where it names a file rather than a symbol.
 */
export function isPathPart(text: string, start: number, end: number): boolean {
  const before = start > 0 ? text.charCodeAt(start - 1) : 32;
  const after = end < text.length ? text.charCodeAt(end) : 32;
  if (before === 47 || before === 92 || after === 47 || after === 92) return true;
  if ((before === 45 && start > 1 && isIdentChar(text.charCodeAt(start - 2))) || (after === 45 && isIdentChar(text.charCodeAt(end + 1)))) return true;
  if (after !== 46) return false;
  let e = end + 1;
  while (e < text.length && isIdentChar(text.charCodeAt(e))) e++;
  return e > end + 1 && hasKnownExtension(text.slice(start, e));
}

/** The lower-case words of a camel- or snake-case name: `buildDependencyGraph` → build, dependency, graph. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_$]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}
