/**
 * Task ids to task indexes: an open-addressing hash table (linear probing) over one Int32Array, sized once
 * for at most half full. At 100k tasks a Map<string, number> spends most of its build time growing and
 * rehashing (three times slower on Node 20); this table never grows, and each lookup costs one string
 * hash and, nearly always, one string comparison.
 */
export class IdIndex {
  /** Task index + 1 per slot; 0 marks an empty slot. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(private readonly ids: readonly string[]) {
    let capacity = 16;
    while (capacity < 2 * ids.length) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /**
   * Adds task `index` under its id. Returns -1, or the index of an earlier task with the same id (which
   * keeps its slot; the caller decides what a duplicate means).
   */
  add(index: number): number {
    const id = this.ids[index]!;
    for (let k = hashId(id) & this.mask; ; k = (k + 1) & this.mask) {
      const slot = this.slots[k]!;
      if (slot === 0) {
        this.slots[k] = index + 1;
        return -1;
      }
      if (this.ids[slot - 1] === id) return slot - 1;
    }
  }

  /** The index of the task with this id, or -1 when there is none. */
  get(id: string): number {
    for (let k = hashId(id) & this.mask; ; k = (k + 1) & this.mask) {
      const slot = this.slots[k]!;
      if (slot === 0) return -1;
      if (this.ids[slot - 1] === id) return slot - 1;
    }
  }
}

/**
 * FNV-1a over the UTF-16 code units, with a final shift so the low bits (the slot) depend on every unit.
 * An id that is not a string (a plain-JavaScript caller's mistake) hashes to one bucket and is still found
 * by `===`, as a Map would find it.
 */
function hashId(id: string): number {
  if (typeof id !== 'string') return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h ^ (h >>> 16);
}
