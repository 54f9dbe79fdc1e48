/**
 * Packages a task adds to the project (`bun add graph-data-structure`, `uv add pytest-asyncio`, "ADD
 * `@radix-ui/react-toast` dependency", a version line in a package.json it edits) and packages a task's
 * code imports, so the task that imports a package waits for the task that installs it.
 *
 * Names are compared in one normal form (lower case, `_` and `.` read as `-`), so the pip package
 * `pytest-asyncio` matches the Python module `pytest_asyncio`.
 */
import { hasKnownExtension } from './paths';
import { forEachImport } from './imports';
import { KEYWORD, forEachMark, scanText, type TextScan } from './textScan';

/** An install command and its arguments; tried (sticky) where the scan saw a tool's name. */
const INSTALL =
  /(?:(?:npm|pnpm|yarn|bun)[ \t]+(?:add|install|i)|pip3?[ \t]+install|uv[ \t]+(?:add|pip[ \t]+install)|poetry[ \t]+add|pipenv[ \t]+install|composer[ \t]+require|cargo[ \t]+add|go[ \t]+get|gem[ \t]+install|bundle[ \t]+add|dotnet[ \t]+add[ \t]+package)\b([^\n`'"&|;#)]*)/iy;
const ADD_DEPENDENCY =
  /(?:add|install)(?:s|ed|ing)?\**:?\**[ \t]+(?:the[ \t]+)?[`'"]?(@?[A-Za-z0-9][\w./@-]*)[`'"]?[ \t]+(?:(?:npm|pip|python|dev|runtime|new)[ \t]+)?(?:dependency|dependencies|package|library)\b/iy;
/** `"name": "^1.2.3"` in a package.json the task edits. */
const MANIFEST_ENTRY = /["'](@?[a-z0-9][\w./-]*)["'][ \t]*:[ \t]*["'](?:[~^<>=]*\d|\*|latest|next|workspace:)/gi;

/** Words that follow an install command in prose ("run npm install to fetch them") and end its arguments. */
const PROSE_WORDS = new Set(
  'to and or the then in on for with first again after before from inside if when so it this that all'.split(' '),
);

/** Words that the "ADD X dependency" pattern can catch but that never name a package. */
const NOT_PACKAGES = new Set(
  (
    'a an the new dev npm pip python any all required missing needed necessary external this that its their one ' +
    'development production optional extra test testing peer additional more some other project runtime'
  ).split(' '),
);

/** The one form in which package names are compared. */
export function packageKey(name: string): string {
  return name.toLowerCase().replace(/[_.]/g, '-');
}

/** A name specific enough to count when written in prose, not only in an import: `graph-data-structure`. */
export function isDistinctivePackage(key: string): boolean {
  return /[-/@]/.test(key) && key.length >= 5;
}

/**
 * Packages that `text` adds, by key; `manifest` says the task edits a package manifest such as
 * package.json. `scan` is the text's scan (see textScan.ts), made here when not given.
 */
export function addedPackages(text: string, manifest: boolean, scan: TextScan = scanText(text)): string[] {
  const found = new Set<string>();
  forEachMark(scan, KEYWORD.install, (at) => {
    INSTALL.lastIndex = at;
    const m = INSTALL.exec(text);
    if (m) installArguments(m[1]!, found);
  });
  if (scan.keywords & KEYWORD.dependency) {
    forEachMark(scan, KEYWORD.addWord, (at) => {
      ADD_DEPENDENCY.lastIndex = at;
      const m = ADD_DEPENDENCY.exec(text);
      if (m) addName(m[1]!, found);
    });
  }
  if (manifest) for (const m of text.matchAll(MANIFEST_ENTRY)) addName(m[1]!, found);
  return [...found];
}

function installArguments(args: string, found: Set<string>): void {
  for (const raw of args.trim().split(/[ \t]+/)) {
    if (raw.length === 0 || raw.startsWith('-')) continue;
    if (PROSE_WORDS.has(raw.toLowerCase())) return;
    addName(raw, found);
  }
}

function addName(raw: string, found: Set<string>): void {
  const name = stripVersion(raw.replace(/[,.:]+$/, ''));
  if (!/^@?[A-Za-z0-9][\w./@-]*$/.test(name) || /^\d/.test(name)) return;
  if (NOT_PACKAGES.has(name.toLowerCase()) || hasKnownExtension(name) || name.startsWith('.')) return;
  found.add(packageKey(name));
}

/** `react@18` → `react`, `@scope/pkg@^2` → `@scope/pkg`, `fastapi[all]>=0.100` → `fastapi`. */
function stripVersion(spec: string): string {
  const scoped = spec.startsWith('@');
  const at = spec.indexOf('@', scoped ? 1 : 0);
  const base = at > 0 ? spec.slice(0, at) : spec;
  return base.split(/[<>=!~[;]/)[0]!;
}

/** Packages the code in `text` imports, by key: bare JavaScript specifiers and top-level Python modules. */
export function importedPackages(text: string, scan: TextScan = scanText(text)): string[] {
  const found = new Set<string>();
  forEachImport(scan, (kind, spec) => {
    if (kind === 'javascript' && !/^(?:[./~#]|@\/|node:)/.test(spec)) {
      const parts = spec.split('/');
      found.add(packageKey(spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!));
    } else if (kind === 'python' && /^[A-Za-z_]/.test(spec)) found.add(packageKey(spec.split('.')[0]!));
  });
  return [...found];
}

/** The key of a token (see textScan.ts) as a package name, when it could be one written in prose. */
export function mentionedPackage(token: string): string | undefined {
  // A file path (`src/a.ts`) is the commonest token and never a package name (`chart.js` may be one).
  if ((token.includes('/') && hasKnownExtension(token)) || !/[-/@]/.test(token)) return undefined;
  const key = packageKey(token.replace(/^[-./~]+|[-./:~]+$/g, ''));
  return key.length > 0 ? key : undefined;
}
