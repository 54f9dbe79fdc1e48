/**
 * A hash of a word computed one character at a time while a text is scanned, and a bitmap that says
 * whether a hash may belong to a word of interest. Scanners test the bitmap before they copy a word out of
 * the text, so the thousands of ordinary words in a PRP cost no allocation and no map lookup.
 *
 * Scanners inline the step `hash = Math.imul(hash ^ (code | 32), HASH_PRIME) & HASH_MASK` (a function call per
 * character costs more than the step itself); `code | 32` makes upper- and lower-case letters hash alike,
 * and the mask keeps every hash a small integer, which V8 stores without allocating.
 */

export const HASH_MASK = 0x3fffffff;
/** The FNV-1a offset basis, masked. */
export const HASH_SEED = 2166136261 & HASH_MASK;
export const HASH_PRIME = 16777619;

/** ASCII upper case to lower case; other characters unchanged. */
export function foldCase(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

/** The hash scanners compute for `word`, in any case. */
export function hashWord(word: string): number {
  let hash = HASH_SEED;
  for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ (word.charCodeAt(i) | 32), HASH_PRIME) & HASH_MASK;
  return hash;
}

/** A set of hashes with false positives (one bit per 16-bit bucket) and no false negatives. */
export class HashFilter {
  private readonly bits = new Uint8Array(8192);
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(hash: number): void {
    const bucket = hash & 0xffff;
    this.bits[bucket >>> 3]! |= 1 << (bucket & 7);
    this.count++;
  }

  mayHave(hash: number): boolean {
    const bucket = hash & 0xffff;
    return (this.bits[bucket >>> 3]! & (1 << (bucket & 7))) !== 0;
  }
}
