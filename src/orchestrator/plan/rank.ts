/**
 * The order in which inference walks tasks: a topological order of the explicit dependencies that stays as
 * close to document order as it can (Kahn's algorithm, always taking the ready task that comes first in the
 * document). Inferred edges only ever point forward in this order, so they can never close a cycle.
 */

/** Task indexes in rank order, or undefined when the edges (index pairs `[from, to]`) form a cycle. */
export function rankOrder(count: number, edges: ReadonlyArray<readonly [number, number]>): number[] | undefined {
  const successors: number[][] = Array.from({ length: count }, () => []);
  const indegree = new Int32Array(count);
  for (const [from, to] of edges) {
    successors[from]!.push(to);
    indegree[to]! += 1;
  }
  const ready = new MinHeap();
  for (let i = 0; i < count; i++) if (indegree[i] === 0) ready.push(i);
  const order: number[] = [];
  while (ready.size > 0) {
    const i = ready.pop();
    order.push(i);
    for (const s of successors[i]!) {
      indegree[s]! -= 1;
      if (indegree[s] === 0) ready.push(s);
    }
  }
  return order.length === count ? order : undefined;
}

/** A binary min-heap of non-negative integers; small enough not to need a library. */
class MinHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(value: number): void {
    const items = this.items;
    let i = items.push(value) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]! <= value) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = value;
  }

  pop(): number {
    const items = this.items;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && items[right]! < items[left]! ? right : left;
      if (items[child]! >= last) break;
      items[i] = items[child]!;
      i = child;
    }
    items[i] = last;
    return top;
  }
}
