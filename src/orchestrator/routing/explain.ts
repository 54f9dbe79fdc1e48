import type { AgentScore } from '../model';
import { NEUTRAL } from './history';
import type { PrimaryRole, TaskRole } from './primaryRole';

const pct = (x: number) => `${Math.round(x * 100)}%`;
const num = (x: number) => x.toFixed(2);
// Rounded down, so a value just under a threshold never prints as equal to it ("0.35 is below 0.35").
const below = (x: number) => (Math.floor(x * 100) / 100).toFixed(2);

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

const ROLE_WORDS: Readonly<Record<PrimaryRole, string>> = {
  testing: 'testing',
  docs: 'documentation',
  devops: 'build and deployment',
  database: 'database',
  frontend: 'frontend',
  backend: 'backend',
};

/**
 * What to add to the reason when the task's primary role changed which agent fits best: without it, a
 * person would see the agent with the most matching words lose and not know why.
 */
export function roleNote(role: TaskRole | undefined, displaced: string | undefined): string | undefined {
  if (!role || !displaced) return undefined;
  return `The task reads as ${ROLE_WORDS[role.role]} work, which outweighs the subject words ${displaced} shares with it.`;
}

/** One sentence saying why the first agent of `scores` (sorted best first) was chosen, and a note if any. */
export function explainChoice(scores: readonly AgentScore[], threshold: number, note?: string): string {
  const sentence = explainAgent(scores, threshold);
  return note ? `${sentence} ${note}` : sentence;
}

function explainAgent(scores: readonly AgentScore[], threshold: number): string {
  const chosen = scores[0]!;
  if (scores.length === 1) {
    return `${chosen.agent} is the only agent available (specialization ${num(chosen.breakdown.specialization)}${matchedClause(chosen)}).`;
  }
  const specialist = mostSpecialized(scores);
  const bestSpec = specialist.breakdown.specialization;
  if (bestSpec < threshold) {
    return `No agent specializes in this task (best specialization ${below(bestSpec)} is below ${num(threshold)}), so ${chosen.agent} was chosen because it ${stateClause(chosen)}.`;
  }
  if (specialist !== chosen) {
    const matched = chosen.matched && chosen.matched.length > 0 ? `; matched ${chosen.matched.slice(0, 4).join(', ')}` : '';
    return `${chosen.agent} was chosen (specialization ${num(chosen.breakdown.specialization)}${matched}) over the closer specialist ${specialist.agent} (${num(bestSpec)}), which ${whyNotSpecialist(chosen, specialist)}.`;
  }
  return `${chosen.agent} fits best with specialization ${num(bestSpec)}${matchedClause(chosen)} and ${stateClause(chosen)}.`;
}

/** The score with the highest specialization, the first (best ranked) on ties. A loop: this runs per task. */
function mostSpecialized(scores: readonly AgentScore[]): AgentScore {
  let best = scores[0]!;
  for (let r = 1; r < scores.length; r++) if (scores[r]!.breakdown.specialization > best.breakdown.specialization) best = scores[r]!;
  return best;
}
