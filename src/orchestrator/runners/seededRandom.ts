/*
 * Randomness that depends only on a seed and a key, never on call order. The simulated runner draws each
 * outcome from (seed, task, agent, attempt), so a run's results do not change when the scheduler starts
 * tasks in another order or with more workers.
 */

/** FNV-1a over a string, continuing from `hash`. */
function mixString(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/** A murmur3-style finaliser that spreads the bits of `h`, returned as an unsigned 32-bit integer. */
function finalise(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

function start(seed: number): number {
  return (0x811c9dc5 ^ Math.imul(seed | 0, 0x9e3779b1)) >>> 0;
}

/** A 32-bit hash of (seed, a, b, n), computed without building a key string. */
export function hashParts(seed: number, a: string, b: string, n: number): number {
  let h = mixString(start(seed), a);
  h = Math.imul(h ^ 0xff, 0x01000193);
  h = mixString(h, b);
  h = Math.imul(h ^ (n | 0), 0x01000193);
  return finalise(h);
}

/** An independent number in [0, 1) for each `salt` drawn from one hash. */
export function unitFrom(hash: number, salt: number): number {
  return finalise(hash ^ Math.imul(salt + 1, 0x9e3779b1)) / 4294967296;
}

/** A number in [0, 1) that depends only on `seed` and `key`. */
export function hashRandom(seed: number, key: string): number {
  return finalise(mixString(start(seed), key)) / 4294967296;
}
