/**
 * Below this best specialization no agent really fits the task, and the engine should spawn a specialized
 * agent for it (EngineOptions.spawnThreshold). Chosen from bench/routing.ts: tasks of a domain no agent
 * covers score below it, tasks with a fitting agent above it.
 */
export const SPECIALIZATION_THRESHOLD = 0.35;

/**
 * Evidence scale of the absolute confidence: a best raw match of this size gives 1 − 1/e ≈ 0.63. On the
 * benchmark's tasks, those with a fitting agent reach 6 to 35, those of a foreign domain 2 to 6.
 */
const EVIDENCE_SCALE = 14;
/**
 * Query mass (sum of matched task-term weights) of a typical task of a title and a sentence or two. A longer
 * task finds more incidental matches, so its evidence is damped by the square root of its excess length.
 */
const TYPICAL_QUERY_MASS = 40;

/**
 * Turns raw BM25F matches into specializations in [0, 1] and returns the best one. The best agent gets an
 * absolute confidence that grows with the evidence of its match (so "nobody fits" stays visible); every
 * other agent gets that confidence scaled by its match relative to the best.
 */
export function calibrate(raw: Float64Array, out: Float64Array, queryMass: number): number {
  let best = 0;
  for (let i = 0; i < raw.length; i++) if (raw[i]! > best) best = raw[i]!;
  if (best <= 0) {
    out.fill(0);
    return 0;
  }
  const evidence = best / Math.sqrt(Math.max(1, queryMass / TYPICAL_QUERY_MASS));
  const confidence = 1 - Math.exp(-evidence / EVIDENCE_SCALE);
  const scale = confidence / best;
  for (let i = 0; i < raw.length; i++) out[i] = raw[i]! * scale;
  return confidence;
}
