/**
 * Finds many words and phrases in a text in one pass. A phrase matches only on word boundaries, where a word
 * is a run of ASCII letters and digits: `go` does not match "good", while `pydantic` matches
 * `pydantic_settings`. Phrases are indexed by their first word, so the cost grows with the text, not with the
 * number of phrases (a table of a few hundred phrases costs one scan instead of a regular expression per row).
 */

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

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 160;
}

/** ASCII upper case to lower case; other characters unchanged. */
function fold(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

export class PhraseMatcher<T> {
  /** Keyed by the first word, lower-cased for case-insensitive phrases and as written for exact ones. */
  private readonly folded = new Map<string, Array<Entry<T>>>();
  private readonly exact = new Map<string, Array<Entry<T>>>();

  constructor(phrases: Iterable<Phrase<T>>) {
    for (const p of phrases) {
      const exact = p.exact ?? false;
      const phrase = exact ? p.phrase.trim() : p.phrase.trim().toLowerCase();
      const first = /[A-Za-z0-9]+/.exec(phrase);
      if (!first) continue;
      const index = exact ? this.exact : this.folded;
      const list = index.get(first[0]) ?? [];
      list.push({ phrase, offset: first.index, value: p.value, exact });
      index.set(first[0], list);
    }
  }

  /** The values of every phrase found in `text`. */
  matches(text: string): Set<T> {
    const found = new Set<T>();
    // A hand-written scan: a regular expression that builds a match object per word costs more than the lookups.
    let start = -1;
    for (let i = 0; i <= text.length; i++) {
      const inWord = i < text.length && isWordChar(text.charCodeAt(i));
      if (inWord && start < 0) start = i;
      else if (!inWord && start >= 0) {
        const word = text.slice(start, i);
        this.lookup(this.exact.get(word), text, start, found);
        this.lookup(this.folded.get(word.toLowerCase()), text, start, found);
        start = -1;
      }
    }
    return found;
  }

  private lookup(candidates: Array<Entry<T>> | undefined, text: string, wordStart: number, found: Set<T>): void {
    if (candidates === undefined) return;
    for (const c of candidates) if (!found.has(c.value) && matchesAt(text, wordStart - c.offset, c)) found.add(c.value);
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
    if ((entry.exact ? got : fold(got)) !== want) return false;
    i++;
  }
  return i >= text.length || !isWordChar(text.charCodeAt(i));
}
