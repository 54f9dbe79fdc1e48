/**
 * Transitive reduction of inferred dependencies: an inferred edge A → C is dropped when another path
 * A → B → … → C already orders the two tasks. The schedule cannot change (the same tasks stay before each
 * other), while the graph a person reads keeps only the links that matter. Explicit dependencies are never
 * dropped: they are the author's words.
 */

/**
 * Above this many tasks the reduction is skipped: it keeps one bit per pair of tasks, and a plan that large
 * is read by a machine rather than a person.
 */
export const MAX_REDUCED_TASKS = 8192;

/**
 * Which edges are implied by other paths. `edges` are `[from, to]` task indexes in a graph without cycles
 * whose every edge points forward in `order`; only edges with `removable[k]` set are considered.
 */
export function impliedEdges(
  count: number,
  order: readonly number[],
  edges: ReadonlyArray<readonly [number, number]>,
  removable: readonly boolean[],
): boolean[] {
  const implied = edges.map(() => false);
  if (count > MAX_REDUCED_TASKS || !removable.some(Boolean)) return implied;
  const rank = new Int32Array(count);
  order.forEach((task, k) => (rank[task] = k));
  // Each task's outgoing edges (by edge index), nearest successor first.
  const outgoing: number[][] = Array.from({ length: count }, () => []);
  edges.forEach(([from], k) => outgoing[from]!.push(k));
  for (const list of outgoing) list.sort((a, b) => rank[edges[a]![1]]! - rank[edges[b]![1]]!);
  const words = (count + 31) >>> 5;
  const reach = new Uint32Array(count * words);
  const covered = new Uint32Array(words);
  // Reverse rank order visits every successor before its predecessors. A successor is implied when a
  // nearer successor already reaches it (a farther one cannot: every edge points forward in rank order).
  for (let k = order.length - 1; k >= 0; k--) {
    const u = order[k]!;
    covered.fill(0);
    for (const edge of outgoing[u]!) {
      const v = edges[edge]![1];
      const bit = 1 << (v & 31);
      if ((covered[v >>> 5]! & bit) !== 0) implied[edge] = removable[edge]!;
      covered[v >>> 5]! |= bit;
      const from = v * words;
      for (let w = 0; w < words; w++) covered[w]! |= reach[from + w]!;
    }
    reach.set(covered, u * words);
  }
  return implied;
}
