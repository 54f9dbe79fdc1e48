import type { Task } from '../model';

/**
 * Past durations refine the planner's estimates. The planner guesses from a task's text (estimate.ts); what
 * past runs measured says how far off such guesses were, per agent and per tag. Everything here works on
 * the log of actual ÷ planned, so a task twice as slow and one twice as fast cancel out.
 */

/** One task that succeeded in a past run: what the planner expected and what it took. */
export interface DurationSample {
  agent: string;
  tags: readonly string[];
  /** The planner's own estimate, before any refinement, in ms. */
  plannedMs: number;
  /** How long the successful attempt took, in ms. */
  actualMs: number;
}

/**
 * Imaginary samples at ratio 1 that every group starts with: a group's own evidence outweighs the prior
 * only once it has more samples than this, so two lucky runs do not halve every estimate.
 */
export const PRIOR_SAMPLES = 4;

/** The most an estimate is scaled either way (× 20 or ÷ 20): a handful of odd runs cannot make it absurd. */
export const MAX_FACTOR = 20;

interface Group {
  n: number;
  /** Sum of ln(actual ÷ planned). */
  sum: number;
}

/** The samples summed per agent and per tag, ready to answer `estimateFactor` for any task. */
export interface DurationStats {
  all: Group;
  byAgent: ReadonlyMap<string, Group>;
  byTag: ReadonlyMap<string, Group>;
}

function add(groups: Map<string, Group>, key: string, l: number): void {
  const group = groups.get(key);
  if (group === undefined) groups.set(key, { n: 1, sum: l });
  else {
    group.n += 1;
    group.sum += l;
  }
}

/** Sums the usable samples (both durations positive and finite); the rest are skipped. */
export function summarizeDurations(samples: readonly DurationSample[]): DurationStats {
  const all: Group = { n: 0, sum: 0 };
  const byAgent = new Map<string, Group>();
  const byTag = new Map<string, Group>();
  for (const s of samples) {
    if (!(s.plannedMs > 0 && s.actualMs > 0 && Number.isFinite(s.plannedMs) && Number.isFinite(s.actualMs))) continue;
    const l = Math.log(s.actualMs / s.plannedMs);
    all.n += 1;
    all.sum += l;
    add(byAgent, s.agent, l);
    for (const tag of new Set(s.tags)) add(byTag, tag, l);
  }
  return { all, byAgent, byTag };
}

/** A group's mean log ratio, pulled towards `prior` as if it also held PRIOR_SAMPLES samples at `prior`. */
function shrunk(group: Group | undefined, prior: number): number {
  if (group === undefined) return prior;
  return (group.sum + PRIOR_SAMPLES * prior) / (group.n + PRIOR_SAMPLES);
}

/**
 * How much to scale the planner's estimate of a task that `agent` will do: 1 without history. The agent's
 * and the task's tags' records each pull towards the overall record, which pulls towards 1; the two are
 * weighed by how many samples they hold.
 */
export function estimateFactor(stats: DurationStats, agent: string | undefined, tags: readonly string[]): number {
  if (stats.all.n === 0) return 1;
  const overall = shrunk(stats.all, 0);
  let weight = 0;
  let sum = 0;
  const byAgent = agent === undefined ? undefined : stats.byAgent.get(agent);
  if (byAgent !== undefined) {
    weight += byAgent.n;
    sum += byAgent.n * shrunk(byAgent, overall);
  }
  for (const tag of new Set(tags)) {
    const byTag = stats.byTag.get(tag);
    if (byTag === undefined) continue;
    weight += byTag.n;
    sum += byTag.n * shrunk(byTag, overall);
  }
  const l = weight === 0 ? overall : sum / weight;
  const limit = Math.log(MAX_FACTOR);
  return Math.exp(Math.min(limit, Math.max(-limit, l)));
}

/**
 * The tasks with their estimates scaled by what past durations say, each by its assigned agent (from
 * `agentOf`) and its tags. Returns the same array when there is no usable sample. Estimates stay whole
 * milliseconds of at least 1.
 */
export function refineEstimates(tasks: readonly Task[], samples: readonly DurationSample[], agentOf: (taskId: string) => string | undefined): readonly Task[] {
  const stats = summarizeDurations(samples);
  if (stats.all.n === 0) return tasks;
  return tasks.map((task) => {
    const factor = estimateFactor(stats, agentOf(task.id), task.tags);
    return { ...task, estimateMs: Math.max(1, Math.round(task.estimateMs * factor)) };
  });
}
