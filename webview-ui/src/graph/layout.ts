/**
 * Layered layout of a task graph: a pure function of node ids and edges, so the same graph always gets the
 * same picture and a status change never moves anything.
 *
 * Ranks are longest-path levels (every edge points to a higher rank); the order inside each rank comes from
 * barycenter sweeps, down then up, which pull a node next to its neighbours and so remove most crossings;
 * coordinates then centre each node on its predecessors as far as spacing allows. It is linear in nodes and
 * edges per sweep, so 2000 tasks lay out in milliseconds where a general-purpose layout takes seconds.
 *
 * Invariants: ranks respect every edge of an acyclic graph; two nodes of one rank never overlap; nodes of
 * different ranks never overlap. A cycle (a broken PRP) is cut at the node that closes it, never an error.
 */

export interface LayoutEdge {
  from: string;
  to: string;
}

export interface LayoutOptions {
  /** 'LR' puts ranks in columns from left to right, 'TB' in rows from top to bottom. Default 'LR'. */
  direction?: 'LR' | 'TB';
  /** Width of every node box. Default 220. */
  nodeWidth?: number;
  /** Height of every node box. Default 76. */
  nodeHeight?: number;
  /** Free space between two ranks. Default 90. */
  rankGap?: number;
  /** Free space between two nodes of one rank. Default 18. */
  nodeGap?: number;
  /** Down-and-up barycenter sweeps. Default 4. */
  sweeps?: number;
}

export interface NodePosition {
  /** Top-left corner, as React Flow places nodes. */
  x: number;
  y: number;
}

export interface GraphLayout {
  positions: Record<string, NodePosition>;
  /** Rank of each node: 0 for nodes nothing points to. */
  ranks: Record<string, number>;
  /** Node ids of each rank in their final order. */
  layers: string[][];
  width: number;
  height: number;
}

interface Adjacency {
  preds: number[][];
  succs: number[][];
}

const DEFAULTS: Required<LayoutOptions> = { direction: 'LR', nodeWidth: 220, nodeHeight: 76, rankGap: 90, nodeGap: 18, sweeps: 4 };

export function layoutGraph(nodeIds: readonly string[], edges: readonly LayoutEdge[], options: LayoutOptions = {}): GraphLayout {
  const o = { ...DEFAULTS, ...options };
  const adjacency = buildAdjacency(nodeIds, edges);
  const rank = assignRanks(nodeIds.length, adjacency);
  const layers = orderLayers(rank, adjacency, o.sweeps);
  const crossSize = o.direction === 'LR' ? o.nodeHeight : o.nodeWidth;
  const rankSize = o.direction === 'LR' ? o.nodeWidth : o.nodeHeight;
  const cross = placeAcross(layers, adjacency, crossSize + o.nodeGap, nodeIds.length);
  const positions: Record<string, NodePosition> = {};
  const ranks: Record<string, number> = {};
  let maxCross = 0;
  for (let v = 0; v < nodeIds.length; v++) {
    const along = rank[v]! * (rankSize + o.rankGap);
    const id = nodeIds[v]!;
    positions[id] = o.direction === 'LR' ? { x: along, y: cross[v]! } : { x: cross[v]!, y: along };
    ranks[id] = rank[v]!;
    maxCross = Math.max(maxCross, cross[v]! + crossSize);
  }
  const alongExtent = layers.length === 0 ? 0 : layers.length * rankSize + (layers.length - 1) * o.rankGap;
  return {
    positions,
    ranks,
    layers: layers.map((layer) => layer.map((v) => nodeIds[v]!)),
    width: o.direction === 'LR' ? alongExtent : maxCross,
    height: o.direction === 'LR' ? maxCross : alongExtent,
  };
}

/** Index-based adjacency; edges to unknown nodes, self-loops and repeats are dropped. */
function buildAdjacency(nodeIds: readonly string[], edges: readonly LayoutEdge[]): Adjacency {
  const index = new Map<string, number>();
  nodeIds.forEach((id, i) => index.set(id, i));
  const preds: number[][] = nodeIds.map(() => []);
  const succs: number[][] = nodeIds.map(() => []);
  const seen = new Set<number>();
  const n = nodeIds.length;
  for (const edge of edges) {
    const from = index.get(edge.from);
    const to = index.get(edge.to);
    if (from === undefined || to === undefined || from === to) continue;
    const key = from * n + to;
    if (seen.has(key)) continue;
    seen.add(key);
    succs[from]!.push(to);
    preds[to]!.push(from);
  }
  return { preds, succs };
}

/**
 * Longest-path ranks in topological order. When only nodes on a cycle remain, the first of them (in input
 * order) is taken as if its unranked predecessors were not there, which cuts the cycle at one edge.
 */
function assignRanks(n: number, { preds, succs }: Adjacency): Int32Array {
  const rank = new Int32Array(n);
  const waiting = Int32Array.from(preds, (p) => p.length);
  const done = new Uint8Array(n);
  const queue: number[] = [];
  for (let v = 0; v < n; v++) if (waiting[v] === 0) queue.push(v);
  let head = 0;
  let nextUnranked = 0;
  for (let placed = 0; placed < n; placed++) {
    if (head === queue.length) {
      while (done[nextUnranked]) nextUnranked++;
      queue.push(nextUnranked);
    }
    const v = queue[head++]!;
    done[v] = 1;
    let r = 0;
    for (const p of preds[v]!) if (done[p] && p !== v) r = Math.max(r, rank[p]! + 1);
    rank[v] = r;
    for (const s of succs[v]!) if (--waiting[s]! === 0 && !done[s]) queue.push(s);
  }
  return rank;
}

/** Barycenter sweeps over the layers; sorting is stable, so ties keep their order and the result is deterministic. */
function orderLayers(rank: Int32Array, { preds, succs }: Adjacency, sweeps: number): number[][] {
  const layers: number[][] = [];
  for (let v = 0; v < rank.length; v++) (layers[rank[v]!] ??= []).push(v);
  for (let r = 0; r < layers.length; r++) layers[r] ??= [];
  // Centred position of each node inside its layer, so layers of different widths line up on one axis.
  const pos = new Float64Array(rank.length);
  const setPositions = (layer: number[]) => layer.forEach((v, i) => (pos[v] = i - (layer.length - 1) / 2));
  layers.forEach(setPositions);
  const key = new Float64Array(rank.length);
  const reorder = (r: number, neighbours: number[][]) => {
    const layer = layers[r]!;
    for (const v of layer) {
      const list = neighbours[v]!;
      if (list.length === 0) key[v] = pos[v]!;
      else {
        let sum = 0;
        for (const u of list) sum += pos[u]!;
        key[v] = sum / list.length;
      }
    }
    layer.sort((a, b) => key[a]! - key[b]!);
    setPositions(layer);
  };
  for (let sweep = 0; sweep < sweeps; sweep++) {
    for (let r = 1; r < layers.length; r++) reorder(r, preds);
    for (let r = layers.length - 2; r >= 0; r--) reorder(r, succs);
  }
  return layers as number[][];
}

/**
 * Coordinates across the ranks. Each node wants the mean coordinate of its predecessors; a forward pass then
 * keeps the layer's order and the minimum spacing, and the layer is shifted so its mean matches what its
 * nodes wanted. Finally everything moves so the smallest coordinate is 0.
 */
function placeAcross(layers: number[][], { preds }: Adjacency, spacing: number, n: number): Float64Array {
  const cross = new Float64Array(n);
  for (const layer of layers) {
    let wantedSum = 0;
    let previous = -Infinity;
    for (let i = 0; i < layer.length; i++) {
      const v = layer[i]!;
      const wanted = wantedPosition(i, layer.length, preds[v]!, cross, spacing);
      wantedSum += wanted;
      cross[v] = Math.max(wanted, previous + spacing);
      previous = cross[v]!;
    }
    let placedSum = 0;
    for (const v of layer) placedSum += cross[v]!;
    const shift = layer.length === 0 ? 0 : (wantedSum - placedSum) / layer.length;
    for (const v of layer) cross[v] = cross[v]! + shift;
  }
  let min = Infinity;
  for (let v = 0; v < n; v++) min = Math.min(min, cross[v]!);
  if (Number.isFinite(min)) for (let v = 0; v < n; v++) cross[v] = Math.round(cross[v]! - min);
  return cross;
}

function wantedPosition(i: number, count: number, preds: number[], cross: Float64Array, spacing: number): number {
  if (preds.length === 0) return (i - (count - 1) / 2) * spacing;
  let sum = 0;
  for (const p of preds) sum += cross[p]!;
  return sum / preds.length;
}
