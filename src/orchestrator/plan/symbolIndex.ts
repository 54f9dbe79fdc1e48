/**
 * The symbols earlier tasks define, and the lookup of every mention of them in a task's scanned text.
 *
 * A mention is the name as a whole identifier (`DagNode`, `self.url_handler.is_llms_variant(...)`, but not
 * `contexts/ToastContext` or `test_build_command`), or, for a name of three words or more, those words
 * written as a phrase: a comment "Build dependency graph" means `buildDependencyGraph`. Identifiers are
 * compared by the hash the scan computed (textScan.ts), so no word is copied out of the text to be looked up.
 */
import { isPathPart, nameWords } from './symbols';
import type { TextScan } from './textScan';
import { HASH_MASK, HASH_PRIME, HASH_SEED, HashFilter, foldCase, hashWord } from './wordHash';

interface PhraseEntry {
  name: string;
  /** The words after the first one, lower case. */
  rest: string[];
}

/** Names of three words or more are also matched as phrases. */
const PHRASE_MIN_WORDS = 3;

// Local copies for the per-character loop below (an imported binding can cost a lookup per use when the
// module is not bundled, as in tests and benchmarks).
const SEED = HASH_SEED;
const PRIME = HASH_PRIME;
const MASK = HASH_MASK;

function isIdentChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export class SymbolIndex {
  /** Name → the task that defined it last. */
  private readonly definer = new Map<string, number>();
  /** Names by their case-folded hash. */
  private readonly byHash = new Map<number, string[]>();
  private readonly phrases = new Map<string, PhraseEntry[]>();
  private readonly phraseHashes = new HashFilter();

  get size(): number {
    return this.definer.size;
  }

  define(name: string, task: number): void {
    const known = this.definer.has(name);
    this.definer.set(name, task);
    if (known) return;
    const hash = hashWord(name);
    this.byHash.set(hash, [...(this.byHash.get(hash) ?? []), name]);
    const words = nameWords(name);
    if (words.length < PHRASE_MIN_WORDS) return;
    const [first, ...rest] = words;
    const list = this.phrases.get(first!) ?? [];
    list.push({ name, rest });
    this.phrases.set(first!, list);
    this.phraseHashes.add(hashWord(first!));
  }

  definerOf(name: string): number | undefined {
    return this.definer.get(name);
  }

  /** Calls `visit` with each defined name that the scanned text mentions (possibly more than once). */
  forEachMention(scan: TextScan, visit: (name: string) => void): void {
    if (this.definer.size === 0) return;
    const { text, candidates } = scan;
    for (let k = 0; k < candidates.length; k += 3) {
      const start = candidates[k]!;
      const end = candidates[k + 1]!;
      for (const name of this.byHash.get(candidates[k + 2]!) ?? []) {
        if (name.length === end - start && text.startsWith(name, start) && !isPathPart(text, start, end)) visit(name);
      }
    }
    if (this.phrases.size > 0) this.phraseMentions(text, visit);
  }

  /** Names written as phrases: one more pass over the text, made only once some name has three words. */
  private phraseMentions(text: string, visit: (name: string) => void): void {
    let start = -1;
    let hash = SEED;
    for (let i = 0; i <= text.length; i++) {
      const c = i < text.length ? text.charCodeAt(i) : 32;
      if (isLetter(c)) {
        if (start < 0) {
          start = i;
          hash = SEED;
        }
        hash = Math.imul(hash ^ (c | 32), PRIME) & MASK;
        continue;
      }
      // A word glued to digits, `_` or `$` is part of an identifier, not prose.
      if (start >= 0 && !isIdentChar(c) && (start === 0 || !isIdentChar(text.charCodeAt(start - 1))) && this.phraseHashes.mayHave(hash)) {
        for (const entry of this.phrases.get(text.slice(start, i).toLowerCase()) ?? []) {
          if (phraseAt(text, i, entry.rest)) visit(entry.name);
        }
      }
      start = -1;
    }
  }
}

/** True when `words` follow position `at`, each after spaces or tabs and each a whole word. */
function phraseAt(text: string, at: number, words: readonly string[]): boolean {
  let i = at;
  for (const word of words) {
    const gap = i;
    while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    if (i === gap) return false;
    for (let k = 0; k < word.length; k++, i++) {
      if (i >= text.length || foldCase(text.charCodeAt(i)) !== word.charCodeAt(k)) return false;
    }
    if (i < text.length && isIdentChar(text.charCodeAt(i))) return false;
  }
  return true;
}
