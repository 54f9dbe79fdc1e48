/**
 * File paths as PRP authors write them, and an index that resolves a reference (`loader.ts`,
 * `packages/core/src/types.ts`, `app.models`, `./auth/service`, `gmail_tool`) to the files tasks write.
 *
 * Authors name the same file in different ways (`types.ts` in one task, the full path in another), so two
 * paths match when one is a whole-segment suffix of the other. A bare, generic basename such as `index.ts` or
 * `README.md` is too common to link tasks on its own, so it matches only a path written the same way.
 */

/** Extensions that mark a token as a file path rather than a word or a dotted name. */
const KNOWN_EXTENSIONS = new Set(
  (
    'ts tsx mts cts js jsx mjs cjs py pyi go rs php sql css scss sass less html htm md mdx rst txt json jsonc ' +
    'yaml yml toml ini cfg conf env sh bash zsh ps1 vue svelte astro rb java kt kts swift c h cc cpp hpp cs ' +
    'prisma graphql gql proto lock xml csv example sample dockerfile tf hcl lua dart ex exs erl scala r ipynb'
  ).split(' '),
);

/** Basenames so common that, written alone, they cannot say which file they mean. */
const GENERIC_BASENAMES = new Set(
  (
    'index.ts index.tsx index.js index.jsx index.mjs index.cjs __init__.py main.py main.go main.ts main.js ' +
    'main.rs mod.rs lib.rs readme.md changelog.md package.json tsconfig.json .env .env.example conftest.py ' +
    'setup.py makefile dockerfile utils.py utils.ts helpers.ts'
  ).split(' '),
);

/** Stems that stand for their directory (`app/models/__init__.py` is the module `app.models`). */
const PACKAGE_STEMS = new Set(['index', '__init__', 'mod']);

export function hasKnownExtension(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot >= 0 && dot < name.length - 1 && KNOWN_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}

export function isGenericBasename(name: string): boolean {
  return GENERIC_BASENAMES.has(name.toLowerCase());
}

/** Characters that normalizePath removes or rewrites wherever they are: `'"()[],;:#\ */
const DECORATION = new Uint8Array(128);
for (const c of '`\'"()[],;:#\\') DECORATION[c.charCodeAt(0)] = 1;

/** True when normalizePath would change more than the case of `raw`; one pass, no pattern. */
function needsCleaning(raw: string): boolean {
  const n = raw.length;
  if (n === 0) return true;
  const first = raw.charCodeAt(0);
  // Leading or trailing white space (any non-ASCII end may be one), `/`, `./`, `../`, `@/`, `~/`.
  const last = raw.charCodeAt(n - 1);
  if (first <= 32 || first > 126 || last <= 32 || last > 126 || first === 47) return true;
  if ((first === 46 || first === 64 || first === 126) && (raw.charCodeAt(1) === 47 || (first === 46 && raw.charCodeAt(1) === 46 && raw.charCodeAt(2) === 47))) return true;
  let previous = 0;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if ((c < 128 && DECORATION[c] === 1) || (c === 47 && previous === 47)) return true;
    previous = c;
  }
  return false;
}

/**
 * The path as a comparable key: decoration (quotes, backticks, `:12-30` line suffixes, leading `./` or `/`)
 * removed, backslashes turned into slashes, lower-cased. Undefined when nothing path-like is left.
 */
export function normalizePath(raw: string): string | undefined {
  if (needsCleaning(raw)) return cleanPath(raw);
  // Most paths are written plainly; one pass over them is cheaper than the replacements of cleanPath.
  const key = raw.toLowerCase();
  return key.length > 0 && key !== '.' ? key : undefined;
}

/** normalizePath without its shortcut for plain paths; exported so a test can check the two agree. */
export function cleanPath(raw: string): string | undefined {
  let p = raw.trim().replace(/^[`'"([]+|[`'")\],;]+$/g, '');
  p = p.replace(/(?::\d+(?:-\d+)?|#L\d+(?:-L?\d+)?)$/, '').replace(/:$/, '');
  p = p.replace(/\\/g, '/').replace(/\/{2,}/g, '/');
  while (p.startsWith('./') || p.startsWith('../')) p = p.slice(p.indexOf('/') + 1);
  p = p.replace(/^[@~]?\//, '');
  const key = p.toLowerCase();
  return key.length > 0 && key !== '.' ? key : undefined;
}

/** True when `short` equals the last `short.length` segments of `long`. */
export function isSegmentSuffix(short: readonly string[], long: readonly string[]): boolean {
  if (short.length === 0 || short.length > long.length) return false;
  const offset = long.length - short.length;
  for (let i = 0; i < short.length; i++) if (short[i] !== long[offset + i]) return false;
  return true;
}

/** One file (or directory, written with a trailing slash) that some task writes. */
export interface FileEntry {
  key: string;
  segments: string[];
  base: string;
  /** Module path: segments without the extension, `index`/`__init__` folded into their directory. */
  moduleSegments: string[];
  isDirectory: boolean;
}

export function fileEntry(key: string): FileEntry {
  const isDirectory = key.endsWith('/');
  const segments = key.split('/').filter((s) => s.length > 0);
  const base = segments[segments.length - 1] ?? key;
  const moduleSegments = segments.slice(0, -1);
  const dot = base.lastIndexOf('.');
  const stem = !isDirectory && dot > 0 && hasKnownExtension(base) ? base.slice(0, dot) : base;
  if (!PACKAGE_STEMS.has(stem) || moduleSegments.length === 0) moduleSegments.push(stem);
  return { key, segments, base, moduleSegments, isDirectory };
}

/** What a task's text points at; see references.ts for how these are found. */
export type Reference =
  /** A path with a file extension, e.g. `src/auth/service.ts` or `loader.ts`. */
  | { kind: 'path'; key: string }
  /** A module path without extension, e.g. `app.models` → `app/models`. `strong` when it came from an import. */
  | { kind: 'module'; segments: string[]; strong: boolean }
  /** A distinctive bare name such as `gmail_tool` or `UserService`. */
  | { kind: 'stem'; name: string };

/** Every file the tasks of one PRP write, indexed by basename and module name for fast reference lookups. */
export class FileIndex {
  private readonly entries = new Map<string, FileEntry>();
  private readonly byBase = new Map<string, FileEntry[]>();
  private readonly byModuleName = new Map<string, FileEntry[]>();

  add(key: string): FileEntry {
    const existing = this.entries.get(key);
    if (existing) return existing;
    const entry = fileEntry(key);
    this.entries.set(key, entry);
    push(this.byBase, entry.base, entry);
    const name = entry.moduleSegments[entry.moduleSegments.length - 1];
    if (name !== undefined && !entry.isDirectory) push(this.byModuleName, name, entry);
    return entry;
  }

  get(key: string): FileEntry | undefined {
    return this.entries.get(key);
  }

  /**
   * The key one written path stands for: itself, or the one longer path it is a suffix of (so `types.ts`
   * and `packages/core/types.ts` become one file). Ambiguous or generic short paths stay themselves.
   */
  canonical(key: string): string {
    const entry = this.entries.get(key) ?? fileEntry(key);
    // A bare generic name (`index.ts`) or a bare directory (`workflows/`) could be any of many places.
    if (entry.segments.length === 1 && (entry.isDirectory || isGenericBasename(entry.base))) return key;
    const longer = (this.byBase.get(entry.base) ?? []).filter(
      (e) => e.key !== key && e.isDirectory === entry.isDirectory && isSegmentSuffix(entry.segments, e.segments),
    );
    const maximal = longer.filter((e) => !longer.some((o) => o !== e && isSegmentSuffix(e.segments, o.segments)));
    return maximal.length === 1 ? maximal[0]!.key : key;
  }

  /** The written files a reference may mean; empty when it matches none or is ambiguous. */
  resolve(ref: Reference): FileEntry[] {
    if (ref.kind === 'path') return this.resolvePath(ref.key);
    if (ref.kind === 'module') return this.resolveModule(ref.segments, ref.strong);
    const candidates = this.byModuleName.get(ref.name) ?? [];
    return distinctFiles(candidates) === 1 ? candidates : [];
  }

  private resolvePath(key: string): FileEntry[] {
    const ref = fileEntry(key);
    const generic = isGenericBasename(ref.base);
    const matches = (this.byBase.get(ref.base) ?? []).filter((e) => {
      if (e.key === ref.key) return true;
      if (isSegmentSuffix(ref.segments, e.segments)) return ref.segments.length > 1 || !generic;
      return isSegmentSuffix(e.segments, ref.segments) && (e.segments.length > 1 || !generic);
    });
    const exact = matches.filter((e) => e.key === ref.key);
    if (exact.length > 0) return exact;
    return ref.segments.length === 1 && matches.length > 1 ? [] : matches;
  }

  private resolveModule(segments: string[], strong: boolean): FileEntry[] {
    const name = segments[segments.length - 1];
    if (name === undefined) return [];
    const matches = (this.byModuleName.get(name) ?? []).filter((e) => {
      const mod = e.moduleSegments;
      if (segments.length === 1) return strong;
      return isSegmentSuffix(segments, mod) || (mod.length > 1 && isSegmentSuffix(mod, segments));
    });
    return segments.length === 1 && distinctFiles(matches) > 1 ? [] : matches;
  }
}

function distinctFiles(entries: readonly FileEntry[]): number {
  return new Set(entries.map((e) => e.moduleSegments.join('/'))).size;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
