/**
 * What a task's text points at: import statements (strong evidence), file paths, dotted module paths and
 * distinctive names such as `gmail_tool` or `UserService`. Plain words never count, so prose like "update the
 * config" does not tie a task to every file named `config.py`.
 */
import { hasKnownExtension, normalizePath, type Reference } from './paths';

const JS_IMPORT = /\b(?:from|import)\s*\(?\s*['"]([^'"\n]+)['"]|\brequire\s*\(\s*['"]([^'"\n]+)['"]/g;
const PY_FROM = /^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import\b/gm;
const PY_IMPORT = /^[ \t]*import[ \t]+([\w.]+)(?:[ \t]+as[ \t]+\w+)?[ \t]*(?:,|$)/gm;
const PHP_USE = /\buse\s+\\?([A-Za-z_]\w*(?:\\[A-Za-z_]\w*)+)\s*;/g;
/** Snake/kebab-case names (`gmail_tool`, `dag-executor`) and camel/Pascal-case names (`useToast`, `UserService`). */
const DISTINCTIVE = /^(?:[A-Za-z][A-Za-z0-9]*(?:[_-][A-Za-z0-9]+)+|[a-z]+[A-Z][A-Za-z0-9]*|[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*)$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Every reference in `text`, duplicates included (callers dedupe by the files they resolve to). */
export function extractReferences(text: string): Reference[] {
  const refs: Reference[] = [];
  importReferences(text, refs);
  const seen = new Set<string>();
  forEachToken(text, (token) => {
    if (!seen.has(token)) {
      seen.add(token);
      tokenReferences(token, refs);
    }
  });
  return refs;
}

/** Characters that may appear inside a path, a dotted module name or an identifier. */
function isTokenChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ||
    c === 95 || c === 64 || c === 126 || c === 36 || c === 46 || c === 45 || c === 47 || c === 92
  );
}

function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

/**
 * Calls `visit` with each token that could name a file: it holds a dot, slash, underscore or similar, or an
 * inner capital (`useToast`). Plain words are skipped without being copied, and so is the rest of a URL.
 */
function forEachToken(text: string, visit: (token: string) => void): void {
  let start = -1;
  let special = false;
  let camel = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    if (isTokenChar(c)) {
      if (start < 0) [start, special, camel] = [i, false, false];
      if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) special = true;
      else if (c <= 90 && c >= 65 && i > start && isLower(text.charCodeAt(i - 1))) camel = true;
      continue;
    }
    const isUrl = start > 0 && text.charCodeAt(start - 1) === 58 && text.startsWith('//', start);
    if (start >= 0 && (special || camel) && !isUrl) visit(text.slice(start, i));
    start = -1;
  }
}

function importReferences(text: string, refs: Reference[]): void {
  for (const m of text.matchAll(JS_IMPORT)) {
    const spec = m[1] ?? m[2] ?? '';
    const aliased = /^(?:\.{1,2}\/|[@~]\/)/.test(spec);
    if (aliased || spec.startsWith('/')) specifierReference(spec, refs);
  }
  for (const m of text.matchAll(PY_FROM)) pythonModule(m[1]!, refs);
  for (const m of text.matchAll(PY_IMPORT)) pythonModule(m[1]!, refs);
  for (const m of text.matchAll(PHP_USE)) {
    refs.push({ kind: 'module', segments: m[1]!.toLowerCase().split('\\'), strong: false });
  }
}

function specifierReference(spec: string, refs: Reference[]): void {
  const key = normalizePath(spec);
  if (key === undefined) return;
  const base = key.slice(key.lastIndexOf('/') + 1);
  if (hasKnownExtension(base)) refs.push({ kind: 'path', key });
  else refs.push({ kind: 'module', segments: key.split('/').filter(Boolean), strong: true });
}

function pythonModule(name: string, refs: Reference[]): void {
  const segments = name.replace(/^\.+/, '').toLowerCase().split('.').filter(Boolean);
  if (segments.length > 0) refs.push({ kind: 'module', segments, strong: true });
}

function tokenReferences(raw: string, refs: Reference[]): void {
  const token = raw.replace(/^[.-]+(?=[^A-Za-z0-9_])|[.:-]+$/g, '');
  if (token.length < 2) return;
  const slashed = token.replace(/\\/g, '/');
  const base = slashed.slice(slashed.lastIndexOf('/') + 1);
  if (hasKnownExtension(base) || /^\.[A-Za-z][\w.-]*$/.test(base)) {
    const key = normalizePath(slashed);
    if (key !== undefined) refs.push({ kind: 'path', key });
  } else if (slashed.includes('/')) {
    const key = normalizePath(slashed);
    const segments = key?.split('/').filter(Boolean) ?? [];
    if (segments.length > 1) refs.push({ kind: 'module', segments, strong: false });
  } else if (token.includes('.')) {
    const segments = token.split('.');
    if (segments.length > 1 && segments.every((s) => IDENTIFIER.test(s))) {
      refs.push({ kind: 'module', segments: segments.map((s) => s.toLowerCase()), strong: false });
    }
  }
  for (const piece of slashed.split(/[./]/)) {
    if (piece.length >= 5 && DISTINCTIVE.test(piece)) refs.push({ kind: 'stem', name: piece.toLowerCase() });
  }
}

/** Action words that say a task brings a file into existence. */
const CREATE_ACTIONS = new Set(['CREATE', 'NEW', 'GENERATE', 'SCAFFOLD']);
const DELETE_ACTIONS = new Set(['DELETE', 'REMOVE']);
const ACTION_LINE =
  /\b(CREATE|NEW|GENERATE|SCAFFOLD|MODIFY|UPDATE|EDIT|EXTEND|DELETE|REMOVE|ADD|REFACTOR|RENAME|MOVE|REPLACE|FIX)\b:?[ \t]+[`'"]?([^\s`'"]+)/g;

export type FileRole = 'create' | 'delete' | 'write';

export function fileRole(action: string | undefined): FileRole {
  const word = action?.toUpperCase();
  if (word !== undefined && CREATE_ACTIONS.has(word)) return 'create';
  if (word !== undefined && DELETE_ACTIONS.has(word)) return 'delete';
  return 'write';
}

/**
 * The action word written right before each path in `text` (`CREATE src/config.py:`), keyed by normalized
 * path; the first mention wins. A task with several files often names a different action for each.
 */
export function actionsByPath(text: string): Map<string, string> {
  const actions = new Map<string, string>();
  for (const m of text.matchAll(ACTION_LINE)) {
    const key = normalizePath(m[2]!);
    if (key !== undefined && !actions.has(key)) actions.set(key, m[1]!);
  }
  return actions;
}
