/**
 * What a task's text points at: import statements (strong evidence), file paths, dotted module paths and
 * distinctive names such as `gmail_tool` or `UserService`. Plain words never count, so prose like "update the
 * config" does not tie a task to every file named `config.py`.
 */
import { hasKnownExtension, normalizePath, type Reference } from './paths';
import { forEachImport } from './imports';
import { KEYWORD, forEachMark, scanText, type TextScan } from './textScan';

/** Snake/kebab-case names (`gmail_tool`, `dag-executor`) and camel/Pascal-case names (`useToast`, `UserService`). */
const DISTINCTIVE = /^(?:[A-Za-z][A-Za-z0-9]*(?:[_-][A-Za-z0-9]+)+|[a-z]+[A-Z][A-Za-z0-9]*|[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*)$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Every reference in `text`, duplicates included (callers dedupe by the files they resolve to). */
export function extractReferences(text: string, scan: TextScan = scanText(text)): Reference[] {
  const refs: Reference[] = [];
  importReferences(scan, refs);
  const seen = new Set<string>();
  for (const token of scan.tokens) {
    if (!seen.has(token)) {
      seen.add(token);
      tokenReferences(token, refs);
    }
  }
  return refs;
}

/** Import statements; only the aliased and relative JavaScript specifiers can name a file of the PRP. */
function importReferences(scan: TextScan, refs: Reference[]): void {
  forEachImport(scan, (kind, spec) => {
    if (kind === 'python') pythonModule(spec, refs);
    else if (kind === 'php') refs.push({ kind: 'module', segments: spec.toLowerCase().split('\\'), strong: false });
    else if (/^(?:\.{1,2}\/|[@~]\/)/.test(spec) || spec.startsWith('/')) specifierReference(spec, refs);
  });
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
/** An upper-case action word and the path after it; tried (sticky) where the scan saw an action word. */
const ACTION_LINE =
  /(CREATE|NEW|GENERATE|SCAFFOLD|MODIFY|UPDATE|EDIT|EXTEND|DELETE|REMOVE|ADD|REFACTOR|RENAME|MOVE|REPLACE|FIX)\b:?[ \t]+[`'"]?([^\s`'"]+)/y;

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
export function actionsByPath(text: string, scan: TextScan = scanText(text)): Map<string, string> {
  const actions = new Map<string, string>();
  forEachMark(scan, KEYWORD.action, (at) => {
    ACTION_LINE.lastIndex = at;
    const m = ACTION_LINE.exec(text);
    const key = m ? normalizePath(m[2]!) : undefined;
    if (key !== undefined && !actions.has(key)) actions.set(key, m![1]!);
  });
  return actions;
}
