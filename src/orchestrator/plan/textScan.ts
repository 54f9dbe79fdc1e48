/**
 * One pass over a task's text that collects everything planning reads from it: the tokens that may name a
 * file (for references.ts), the identifiers that may be symbol names (for SymbolIndex), the words the tag
 * table knows (through a WordSink), and where keywords occur, so the costlier patterns (imports, install
 * commands, defining lines) are tried only there. Planning a thousand-task PRP reads every character once
 * here instead of once per rule.
 */
import { HASH_MASK, HASH_PRIME, HASH_SEED, HashFilter, hashWord } from './wordHash';

/** Bits of TextScan.keywords. */
export const KEYWORD = {
  from: 1,
  import: 2,
  require: 4,
  use: 8,
  export: 16,
  pythonDefinition: 32,
  install: 64,
  dependency: 128,
  define: 256,
  action: 512,
  fence: 1024,
  /** `add` or `install` in any form, which may start "ADD x dependency". */
  addWord: 2048,
} as const;

const WORDS: ReadonlyArray<readonly [string, number]> = [
  ['from', KEYWORD.from],
  ['import', KEYWORD.import],
  ['require', KEYWORD.require],
  ['use', KEYWORD.use],
  ['export', KEYWORD.export | KEYWORD.define],
  ['def', KEYWORD.pythonDefinition],
  ['class', KEYWORD.pythonDefinition],
  // Install commands start with the tool's name.
  ...['npm', 'pnpm', 'yarn', 'bun', 'pip', 'pip3', 'uv', 'poetry', 'pipenv', 'composer', 'cargo', 'go', 'gem', 'bundle', 'dotnet'].map(
    (w) => [w, KEYWORD.install] as const,
  ),
  ['add', KEYWORD.define | KEYWORD.action | KEYWORD.addWord],
  ...['adds', 'added', 'adding', 'install', 'installs', 'installed', 'installing'].map((w) => [w, KEYWORD.addWord] as const),
  ['dependency', KEYWORD.dependency],
  ['dependencies', KEYWORD.dependency],
  ['package', KEYWORD.dependency],
  ['library', KEYWORD.dependency],
  ...['create', 'new', 'move'].map((w) => [w, KEYWORD.define | KEYWORD.action] as const),
  ...['define', 'implement', 'introduce', 'declare', 'extract'].map((w) => [w, KEYWORD.define] as const),
  ...['generate', 'scaffold', 'modify', 'update', 'edit', 'extend', 'delete', 'remove', 'refactor', 'rename', 'replace', 'fix'].map(
    (w) => [w, KEYWORD.action] as const,
  ),
];
/** Keyword bits by the word's hash (see wordHash.ts); a word whose hash collides only costs a needless test. */
const KEYWORD_BY_HASH = new Map<number, number>();
const KEYWORD_FILTER = new HashFilter();
for (const [word, bits] of WORDS) {
  KEYWORD_BY_HASH.set(hashWord(word), (KEYWORD_BY_HASH.get(hashWord(word)) ?? 0) | bits);
  KEYWORD_FILTER.add(hashWord(word));
}

/**
 * Receives the words (runs of ASCII letters and digits, case-insensitive) whose hash is in `filter`; the
 * tag matcher (phrases.ts) uses it to share the scan.
 */
export interface WordSink {
  readonly filter: HashFilter;
  /** A word that starts at `start` and has the case-folded `hash` (see wordHash.ts). */
  word(text: string, start: number, hash: number): void;
}

export interface TextScan {
  text: string;
  /** Tokens that may name a file: they hold `.`, `/`, `_`, `-` or similar, or an inner capital. */
  tokens: string[];
  /** Bits of KEYWORD for the keywords that occur as whole words, in any case. */
  keywords: number;
  /** Where each keyword occurrence starts, in text order, with its bits in `markBits`. */
  marks: number[];
  markBits: number[];
  /**
   * Identifiers that may be a distinctive symbol name (four characters or more, with a joiner, a digit or
   * an inner capital), as flat triples: start, end, case-folded hash (see wordHash.ts).
   */
  candidates: number[];
}

/** Calls `visit` with the start of each keyword occurrence that has any of `bits`. */
export function forEachMark(scan: TextScan, bits: number, visit: (at: number) => void): void {
  if ((scan.keywords & bits) === 0) return;
  for (let k = 0; k < scan.marks.length; k++) if (scan.markBits[k]! & bits) visit(scan.marks[k]!);
}

/** True when only spaces or tabs come before `at` on its line. */
export function atLineStart(text: string, at: number): boolean {
  for (let i = at - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** The whole line that holds position `at`, and where it starts. */
export function lineAt(text: string, at: number): { line: string; start: number } {
  const start = text.lastIndexOf('\n', at - 1) + 1;
  const end = text.indexOf('\n', at);
  return { line: text.slice(start, end < 0 ? text.length : end), start };
}

const NONE = 0;
const LOWER = 1;
const DIGIT = 2;
const UPPER = 3;
/** `_` and `$`: inside identifiers and file names. */
const JOINER = 4;
/** `@ ~ . - / \`: inside file names only. */
const PATH = 5;
const CHAR_CLASS = new Uint8Array(128);
for (let c = 97; c <= 122; c++) CHAR_CLASS[c] = LOWER;
for (let c = 48; c <= 57; c++) CHAR_CLASS[c] = DIGIT;
for (let c = 65; c <= 90; c++) CHAR_CLASS[c] = UPPER;
for (const c of '_$') CHAR_CLASS[c.charCodeAt(0)] = JOINER;
for (const c of '@~.-/\\') CHAR_CLASS[c.charCodeAt(0)] = PATH;

// Local copies: the loop uses them for every character, and an imported binding can cost a lookup per use
// when the module is not bundled (tests, benchmarks).
const SEED = HASH_SEED;
const PRIME = HASH_PRIME;
const MASK = HASH_MASK;

/** Scans `text` once; `words`, when given, is shown the words its filter may want (tags.ts uses it). */
export function scanText(text: string, words?: WordSink): TextScan {
  return new Scanner(text, words).run();
}

/**
 * Runs, not characters, drive the loops: run() skips to a token (a run of name characters), token() walks
 * the token, identifier() each identifier in it (`self.url_handler` holds two).
 */
class Scanner {
  readonly scan: TextScan;
  private readonly filter: HashFilter | undefined;
  /** What token() learns about the token being read: it holds a joiner or path character; an inner capital. */
  private special = false;
  private camelToken = false;

  constructor(
    private readonly text: string,
    private readonly words: WordSink | undefined,
  ) {
    const fence = text.includes('```') || text.includes('~~~') ? KEYWORD.fence : 0;
    this.scan = { text, tokens: [], keywords: fence, marks: [], markBits: [], candidates: [] };
    this.filter = words?.filter;
  }

  run(): TextScan {
    const text = this.text;
    let i = 0;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c >= 128 || CHAR_CLASS[c] === NONE) i++;
      else i = this.token(i);
    }
    return this.scan;
  }

  /** Reads the token that starts at `start`; returns where it ends. */
  private token(start: number): number {
    const text = this.text;
    this.special = false;
    this.camelToken = false;
    // A token of punctuation alone (`-`, `./`, `...`) names nothing.
    let named = false;
    let i = start;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      const kind = c < 128 ? CHAR_CLASS[c]! : NONE;
      if (kind === NONE) break;
      if (kind === PATH) {
        this.special = true;
        i++;
      } else {
        named = true;
        i = this.identifier(i);
      }
    }
    if (named && (this.special || this.camelToken) && !isUrlRest(text, start)) this.scan.tokens.push(text.slice(start, i));
    return i;
  }

  /**
   * Reads the identifier that starts at `start`; returns where it ends. The words inside it, for `words`,
   * end at `_` and `$`; until the first of those a word's hash is the identifier's, so a second hash is
   * kept only after one.
   */
  private identifier(start: number): number {
    const text = this.text;
    let hash = SEED;
    let plain = true;
    let camel = false;
    let previous = NONE;
    let word = start;
    let wordHash = SEED;
    let joined = false;
    let i = start;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const k = c < 128 ? CHAR_CLASS[c]! : NONE;
      if (k === NONE || k === PATH) break;
      if (k === JOINER) {
        if (i > word) this.word(word, joined ? wordHash : hash);
        plain = false;
        joined = true;
        word = i + 1;
        wordHash = SEED;
        this.special = true;
      } else {
        if (k === UPPER) {
          if (i > start) camel = true;
          if (previous === LOWER) this.camelToken = true;
        } else if (k === DIGIT) plain = false;
        if (joined) wordHash = Math.imul(wordHash ^ (c | 32), PRIME) & MASK;
      }
      hash = Math.imul(hash ^ (c | 32), PRIME) & MASK;
      previous = k;
    }
    if (i > word) this.word(word, joined ? wordHash : hash);
    this.record(start, i, plain, camel, hash);
    return i;
  }

  private word(start: number, hash: number): void {
    if (this.filter !== undefined && this.filter.mayHave(hash)) this.words!.word(this.text, start, hash);
  }

  /** At the end of an identifier: note a keyword, or keep a possible symbol name. */
  private record(start: number, end: number, plain: boolean, camel: boolean, hash: number): void {
    const scan = this.scan;
    if (plain && KEYWORD_FILTER.mayHave(hash)) {
      const bits = KEYWORD_BY_HASH.get(hash) ?? 0;
      if (bits !== 0) {
        scan.keywords |= bits;
        scan.marks.push(start);
        scan.markBits.push(bits);
      }
    }
    if (end - start >= 4 && (camel || !plain)) scan.candidates.push(start, end, hash);
  }
}

/** True when the token at `start` follows `scheme:` and starts with `//`, i.e. it is the rest of a URL. */
function isUrlRest(text: string, start: number): boolean {
  return start > 0 && text.charCodeAt(start - 1) === 58 && text.startsWith('//', start);
}
