import { cleanPathToken, codeSpans, isPathLike, pathsInCodeSpans } from './paths';
import { ACTION_VERBS, FILE_VERBS, type TitleInfo } from './taskTitles';

export interface BodyLine {
  text: string;
  /** 1-based line in the PRP. */
  line: number;
}

/** A `Task 2`, `Tasks 2-9` reference: inclusive number ranges, and the line that made it. */
export interface DependencyRef {
  line: number;
  ranges: Array<[number, number]>;
}

export interface TaskDetails {
  files: string[];
  action?: string;
  dependencies: DependencyRef[];
}

/** `**Dependencies**: ...`, `- FILE: ...`, `ACTION: ...`: an optional bullet, a short label, a colon. */
const LABEL = /^\s*(?:[-*+]\s+|\d{1,3}[.)]\s+)?(?:\[[ xX]\]\s+)?(?:\*\*|__)?([A-Za-z][A-Za-z -]{0,30}?)(?:\*\*|__)?\s*:(?:\*\*|__)?\s*(.*)$/;
/** `CREATE path:`, `- MODIFY path`, `**DELETE** path`: an upper-case word, then a token. */
const TARGET = /^\s*(?:[-*+]\s+)?(?:\*\*)?([A-Z][A-Z_]{1,19})(?:\*\*)?:?\s+(\S+)(.*)$/;
const DEPENDS_ON = /^\s*(?:[-*+]\s+)?(?:\*\*|__)?depends\s+on(?:\*\*|__)?\s*:?\s*(.+)$/i;

const DEPENDENCY_LABELS = new Set(['DEPENDENCIES', 'DEPENDENCY', 'DEPENDS ON', 'DEPENDS', 'PREREQUISITES', 'PREREQUISITE', 'REQUIRES', 'BLOCKED BY']);
const FILE_LABELS = new Set(['FILE', 'FILES', 'PATH', 'PATHS', 'TARGET', 'TARGET FILE', 'TARGET FILES', 'FILES TO CHANGE', 'FILES MODIFIED']);
/** Labels whose paths are references to read or commands to run, not files the task changes. */
const REFERENCE_LABELS = new Set([
  'VALIDATE', 'VALIDATION', 'GOTCHA', 'GOTCHAS', 'PATTERN', 'PATTERNS', 'FOLLOW', 'FOLLOW PATTERN', 'PATTERN FROM', 'MIRROR',
  'REFERENCE', 'REFERENCES', 'SEE', 'SIMILAR TO', 'COPY FROM', 'NOTE', 'NOTES', 'NAMING', 'PLACEMENT', 'CRITICAL', 'EXAMPLE',
  'EXAMPLES', 'WHY', 'IMPORTS', 'EXPECT', 'EXPECTED', 'LOCATION', 'SOURCE', 'READ', 'DOCS', 'DOCUMENTATION', 'URL', 'LINK', 'COMMAND',
]);

/**
 * Reads a task's files, action word and explicit dependencies from its title and body lines.
 * Action precedence: the title's own verb, then an `ACTION:` label, then a `VERB path` target line, then the
 * first upper-case verb that starts a body line, then a title-case verb that starts the title.
 */
export function analyzeTask(title: TitleInfo, body: BodyLine[]): TaskDetails {
  const reader = new TaskReader();
  if (title.path) reader.files.add(title.path);
  for (const span of pathsInCodeSpans(title.title)) reader.files.add(span);
  // Bare words in a title count only when they are clearly paths (`src/app.ts`): `Add llms.txt Detection`
  // names a format, not a file to change.
  for (const word of title.title.split(/\s+/)) {
    const token = cleanPathToken(word);
    if (!word.includes('`') && token.includes('/') && isPathLike(token, false)) reader.files.add(token);
  }
  for (const { text, line } of body) {
    if (text.trim() !== '') reader.readLine(text, line);
  }
  const details: TaskDetails = { files: reader.files.items, dependencies: reader.dependencies };
  const titleCase = /^([A-Za-z]+)\b/.exec(title.title)?.[1]?.toUpperCase();
  const { label, target, body: bodyVerb } = reader.verbs;
  const action = title.verb ?? label ?? target ?? bodyVerb ?? (titleCase && ACTION_VERBS.has(titleCase) ? titleCase : undefined);
  if (action) details.action = action;
  return details;
}

/** Collects what a task's body lines say, one line at a time. */
class TaskReader {
  readonly files = new FileList();
  readonly dependencies: DependencyRef[] = [];
  /** The first action word seen in each kind of place, for the precedence in `analyzeTask`. */
  readonly verbs: { label?: string; target?: string; body?: string } = {};

  readLine(text: string, line: number): void {
    const label = LABEL.exec(text);
    const name = label ? label[1]!.toUpperCase().replace(/[\s-]+/g, ' ').trim() : '';
    const dependencyText = label && DEPENDENCY_LABELS.has(name) ? label[2]! : DEPENDS_ON.exec(text)?.[1];
    if (dependencyText !== undefined) {
      const ranges = parseDependencyList(dependencyText);
      if (ranges.length > 0) this.dependencies.push({ line, ranges });
    } else if (label && REFERENCE_LABELS.has(name)) {
      return;
    } else if (label && FILE_LABELS.has(name)) {
      for (const token of label[2]!.split(/[\s,]+/)) this.addIfPath(cleanPathToken(token));
    } else if (label && name === 'ACTION') {
      const word = /^[`*_]*([A-Za-z]+)/.exec(label[2]!)?.[1];
      if (word) this.verbs.label ??= word.toUpperCase();
      pathsInCodeSpans(label[2]!).forEach((p) => this.files.add(p));
    } else {
      this.readTarget(text);
      for (const span of codeSpans(text)) this.addIfPath(cleanPathToken(span));
    }
  }

  private addIfPath(path: string): void {
    if (isPathLike(path)) this.files.add(path);
  }

  /** `CREATE src/a.ts:` names a target; `COPY a to b` targets `b`; `MOVE a to b` touches both. */
  private readTarget(text: string): void {
    const target = TARGET.exec(text);
    if (!target) return;
    const verb = target[1]!;
    const path = cleanPathToken(target[2]!);
    const rest = target[3]!;
    // A bare `WORD path:` line declares a target whatever the word (authors write `DONT pyproject.toml:`).
    const structural = /^\s*:?\s*$/.test(rest);
    // With words after it (`CREATE login/logout functionality`) the token must look like a real path.
    const plausible = structural ? isPathLike(path) : isPathLike(path, false) || (isPathLike(path) && (path.endsWith('/') || path.split('/').length > 2));
    if (!plausible || !(FILE_VERBS.has(verb) || structural)) {
      if (ACTION_VERBS.has(verb)) this.verbs.body ??= verb;
      return;
    }
    const to = /\bto\s+(\S+)/.exec(rest);
    const destination = to ? cleanPathToken(to[1]!) : '';
    const hasDestination = (verb === 'COPY' || verb === 'MOVE' || verb === 'RENAME') && isPathLike(destination);
    if (!hasDestination || verb !== 'COPY') this.files.add(path);
    if (hasDestination) this.files.add(destination);
    if (ACTION_VERBS.has(verb)) this.verbs.target ??= verb;
  }
}

const KEYWORD = /\b(?:[Tt]asks?\s*#?\s*|T(?=\d))(?=\d)/g;
const FIRST_NUMBER = /(\d{1,6})/y;
const NEXT_NUMBER = /\s*(?:(-|–|—|\.\.|to\b|through\b)|(,|&|\/|and\b|or\b))\s*(?:[Tt]asks?\s*#?\s*|T)?(\d{1,6})/y;

/**
 * `Task 1`, `Tasks 2-9`, `Task 1, Task 3`, `T2 and T4`, or bare `1, 3` → inclusive ranges.
 * `None` and text that names no task (`pydantic, httpx`) → no ranges, so a library list is never a task dependency.
 */
export function parseDependencyList(value: string): Array<[number, number]> {
  const text = value.replace(/[*_`]/g, '').trim().slice(0, 2000);
  if (/^(?:none|n\/a|nothing|no dependencies|-|—)\b/i.test(text)) return [];
  const ranges: Array<[number, number]> = [];
  KEYWORD.lastIndex = 0;
  for (let m = KEYWORD.exec(text); m; m = KEYWORD.exec(text)) {
    const end = readNumbers(text, KEYWORD.lastIndex, ranges);
    KEYWORD.lastIndex = Math.max(end, KEYWORD.lastIndex + 1);
  }
  if (ranges.length === 0 && /^\d[\d\s,&–—-]*$/.test(text)) readNumbers(text, 0, ranges);
  return ranges;
}

function readNumbers(text: string, from: number, ranges: Array<[number, number]>): number {
  FIRST_NUMBER.lastIndex = from;
  const first = FIRST_NUMBER.exec(text);
  if (!first) return from;
  let previous = Number(first[1]);
  ranges.push([previous, previous]);
  let position = FIRST_NUMBER.lastIndex;
  for (;;) {
    NEXT_NUMBER.lastIndex = position;
    const next = NEXT_NUMBER.exec(text);
    if (!next) return position;
    const value = Number(next[3]);
    if (next[1]) ranges[ranges.length - 1] = [Math.min(previous, value), Math.max(previous, value)];
    else ranges.push([value, value]);
    previous = value;
    position = NEXT_NUMBER.lastIndex;
  }
}

/** Files in first-mention order, each once. */
class FileList {
  readonly items: string[] = [];
  private readonly seen = new Set<string>();
  add(path: string): void {
    if (this.seen.has(path)) return;
    this.seen.add(path);
    this.items.push(path);
  }
}
