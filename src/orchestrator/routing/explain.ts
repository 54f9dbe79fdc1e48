import type { AgentScore } from '../model';
import { NEUTRAL } from './history';

const pct = (x: number) => `${Math.round(x * 100)}%`;
const num = (x: number) => x.toFixed(2);

function matchedClause(score: AgentScore): string {
  return score.matched && score.matched.length > 0 ? ` (matched ${score.matched.slice(0, 4).join(', ')})` : '';
}

function stateClause(score: AgentScore): string {
  const parts = [score.breakdown.load >= 1 ? 'is idle' : `is ${pct(1 - score.breakdown.load)} busy`];
  if (score.breakdown.history !== NEUTRAL) parts.push(`has a ${pct(score.breakdown.history)} expected success rate`);
  return parts.join(' and ');
}

/** Why the runner-up specialist lost to the chosen agent, in a few words. */
function whyNotSpecialist(chosen: AgentScore, specialist: AgentScore): string {
  if (specialist.breakdown.load < chosen.breakdown.load) return `is ${pct(1 - specialist.breakdown.load)} busy`;
  if (specialist.breakdown.history < chosen.breakdown.history) return `has a lower expected success rate (${pct(specialist.breakdown.history)})`;
  if (specialist.breakdown.responseTime < chosen.breakdown.responseTime) return 'has been slower';
  return 'scores lower overall';
}

/** One sentence saying why the first agent of `scores` (sorted best first) was chosen. */
export function explainChoice(scores: readonly AgentScore[], threshold: number): string {
  const chosen = scores[0]!;
  const specialist = scores.reduce((best, s) => (s.breakdown.specialization > best.breakdown.specialization ? s : best), chosen);
  const bestSpec = specialist.breakdown.specialization;
  if (bestSpec < threshold) {
    return `No agent specializes in this task (best specialization ${num(bestSpec)} is below ${num(threshold)}), so ${chosen.agent} was chosen because it ${stateClause(chosen)}.`;
  }
  if (specialist !== chosen) {
    const matched = chosen.matched && chosen.matched.length > 0 ? `; matched ${chosen.matched.slice(0, 4).join(', ')}` : '';
    return `${chosen.agent} was chosen (specialization ${num(chosen.breakdown.specialization)}${matched}) over the closer specialist ${specialist.agent} (${num(bestSpec)}), which ${whyNotSpecialist(chosen, specialist)}.`;
  }
  return `${chosen.agent} fits best with specialization ${num(bestSpec)}${matchedClause(chosen)} and ${stateClause(chosen)}.`;
}
