import type { AgentStats } from '../model';

/** Term value for an agent nothing is known about: neither favoured nor penalised. */
export const NEUTRAL = 0.5;

/**
 * Beta(2, 2) prior on the success rate: an agent with no runs scores 0.5, and a few lucky or unlucky runs
 * move it only a little, so one early failure does not exile an agent.
 */
const PRIOR_SUCCESSES = 2;
const PRIOR_FAILURES = 2;

/** Posterior mean success rate in [0, 1]; 0.5 without stats. */
export function historyTerm(stats: AgentStats | undefined): number {
  if (!stats || !(stats.attempts > 0)) return NEUTRAL;
  const successes = Math.min(Math.max(stats.successes, 0), stats.attempts);
  return (successes + PRIOR_SUCCESSES) / (stats.attempts + PRIOR_SUCCESSES + PRIOR_FAILURES);
}

/** Runs it takes before a mean duration is trusted halfway. */
const DURATION_TRUST_RUNS = 2;

/**
 * Speed relative to the median agent with stats: m / (m + d) is 0.5 at the median, higher when faster. It is
 * pulled towards 0.5 when an agent has few runs; 0.5 without stats.
 */
export function responseTimeTerms(agentNames: readonly string[], stats: ReadonlyMap<string, AgentStats>): number[] {
  const durations = agentNames
    .map((name) => stats.get(name))
    .filter((s): s is AgentStats => !!s && s.attempts > 0 && s.meanDurationMs > 0)
    .map((s) => s.meanDurationMs)
    .sort((a, b) => a - b);
  if (durations.length === 0) return agentNames.map(() => NEUTRAL);
  const middle = durations.length / 2;
  const median = durations.length % 2 === 1 ? durations[Math.floor(middle)]! : (durations[middle - 1]! + durations[middle]!) / 2;
  return agentNames.map((name) => {
    const s = stats.get(name);
    if (!s || !(s.attempts > 0) || !(s.meanDurationMs > 0)) return NEUTRAL;
    const raw = median / (median + s.meanDurationMs);
    const trust = s.attempts / (s.attempts + DURATION_TRUST_RUNS);
    return NEUTRAL + trust * (raw - NEUTRAL);
  });
}
