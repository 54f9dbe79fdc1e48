/**
 * Finds many words and phrases in a text in one pass. A phrase matches only on word boundaries, where a word
 * is a run of ASCII letters and digits: `go` does not match "good", while `pydantic` matches
 * `pydantic_settings`. Phrases are indexed by their first word, so the cost grows with the text, not with the
 * number of phrases (a table of a few hundred phrases costs one scan instead of a regular expression per row).
 */
import type { WordSink } from './textScan';
import { HASH_MASK, HASH_PRIME, HASH_SEED, HashFilter, foldCase, hashWord } from './wordHash';

export interface Phrase<T> {
  /** The word or phrase; a space in it matches any run of white space in the text. */
  phrase: string;
  value: T;
  /** Compare letters with their exact case (default false: case-insensitive). */
  exact?: boolean;
}

interface Entry<T> {
  phrase: string;
  /** Where the first word starts inside the phrase (`.net` starts one character before `net`). */
  offset: number;
  value: T;
  exact: boolean;
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** 1 for the characters of a word (ASCII letters and digits), 0 for the rest; a table beats the comparisons. */
const WORD_CHARS = new Uint8Array(128);
for (let c = 0; c < 128; c++) WORD_CHARS[c] = isWordChar(c) ? 1 : 0;
// Local copies: the scan uses them for every character, and an imported binding can cost a lookup per use
// when the module is not bundled (tests, benchmarks).
const SEED = HASH_SEED;
const PRIME = HASH_PRIME;
const MASK = HASH_MASK;

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 160;
}


export class PhraseMatcher<T> {
  /**
   * Phrases by the case-folded hash of their first word (see wordHash.ts). matchesAt compares every
   * character, so a hash that two words share only costs a comparison.
   */
  private readonly byHash = new Map<number, Array<Entry<T>>>();
  /** The same hashes as a bitmap, so most words of a text are dismissed without a map lookup. */
  private readonly firstWords = new HashFilter();

  constructor(phrases: Iterable<Phrase<T>>) {
    for (const p of phrases) {
      const exact = p.exact ?? false;
      const phrase = exact ? p.phrase.trim() : p.phrase.trim().toLowerCase();
      const first = /[A-Za-z0-9]+/.exec(phrase);
      if (!first) continue;
      const hash = hashWord(first[0]);
      const list = this.byHash.get(hash) ?? [];
      list.push({ phrase, offset: first.index, value: p.value, exact });
      this.byHash.set(hash, list);
      this.firstWords.add(hash);
    }
  }

  /** The values of every phrase found in `text`. */
  matches(text: string): Set<T> {
    const found = new Set<T>();
    // A hand-written scan: a regular expression that builds a match object per word costs more than the lookups.
    let start = -1;
    let hash = SEED;
    const length = text.length;
    for (let i = 0; i <= length; i++) {
      const c = i < length ? text.charCodeAt(i) : 32;
      if (c < 128 && WORD_CHARS[c] === 1) {
        if (start < 0) {
          start = i;
          hash = SEED;
        }
        hash = Math.imul(hash ^ (c | 32), PRIME) & MASK;
      } else if (start >= 0) {
        if (this.firstWords.mayHave(hash)) this.lookup(hash, text, start, found);
        start = -1;
      }
    }
    return found;
  }

  /**
   * A receiver for scanText (textScan.ts) that adds to `found` the values of the phrases starting at the
   * words it is shown, so a caller that scans the text anyway need not call matches().
   */
  sink(found: Set<T>): WordSink {
    return new PhraseSink(this, this.firstWords, found);
  }

  /** Adds to `found` the values of the phrases that start at the word at `wordStart`, whose hash is `hash`. */
  lookup(hash: number, text: string, wordStart: number, found: Set<T>): void {
    const candidates = this.byHash.get(hash);
    if (candidates === undefined) return;
    for (const c of candidates) if (!found.has(c.value) && matchesAt(text, wordStart - c.offset, c)) found.add(c.value);
  }
}

class PhraseSink<T> implements WordSink {
  constructor(
    private readonly matcher: PhraseMatcher<T>,
    readonly filter: HashFilter,
    private readonly found: Set<T>,
  ) {}

  word(text: string, start: number, hash: number): void {
    this.matcher.lookup(hash, text, start, this.found);
  }
}

function matchesAt<T>(text: string, start: number, entry: Entry<T>): boolean {
  if (start < 0 || (start > 0 && isWordChar(text.charCodeAt(start - 1)))) return false;
  let i = start;
  for (let k = 0; k < entry.phrase.length; k++) {
    const want = entry.phrase.charCodeAt(k);
    if (want === 32) {
      if (i >= text.length || !isSpace(text.charCodeAt(i))) return false;
      while (i < text.length && isSpace(text.charCodeAt(i))) i++;
      continue;
    }
    if (i >= text.length) return false;
    const got = text.charCodeAt(i);
    if ((entry.exact ? got : foldCase(got)) !== want) return false;
    i++;
  }
  return i >= text.length || !isWordChar(text.charCodeAt(i));
}
