import type { AgentFields } from './features';
import type { TaskIntent } from './capabilities';
import { conceptsOfStem } from './concepts';
import { stem, words } from './text';

/**
 * The kinds of work an agent may be made for. Every agent mentions reviews or planning somewhere, so these
 * words are weak evidence as plain terms; but whether an agent's name and description are mostly about
 * doing, inspecting or planning says a lot about which tasks it should get.
 */
type RoleGroup = 'doing' | 'inspecting' | 'planning';
const GROUP_OF_CONCEPT: Readonly<Record<string, RoleGroup>> = {
  implement: 'doing',
  review: 'inspecting',
  analysis: 'inspecting',
  verification: 'inspecting',
  planning: 'planning',
  architecture: 'planning',
};
const GROUP_OF_INTENT: Readonly<Record<TaskIntent, RoleGroup>> = {
  change: 'doing',
  unknown: 'doing',
  inspect: 'inspecting',
  plan: 'planning',
};
/** Where an agent says what it is: its name most, then its description, then its prompt's first paragraph. */
const ROLE_FIELD_WEIGHT = { name: 3, description: 2, lead: 1 } as const;

export type RoleProfile = Readonly<Record<RoleGroup, number>>;

export function roleProfile(fields: AgentFields): RoleProfile {
  const mass: Record<RoleGroup, number> = { doing: 0, inspecting: 0, planning: 0 };
  for (const [field, weight] of Object.entries(ROLE_FIELD_WEIGHT) as Array<[keyof typeof ROLE_FIELD_WEIGHT, number]>) {
    for (const word of words(fields[field])) {
      const groups = new Set(conceptsOfStem(stem(word)).map((c) => GROUP_OF_CONCEPT[c]).filter((g) => g !== undefined));
      for (const group of groups) mass[group] += weight;
    }
  }
  return mass;
}

/** The lowest multiplier for an agent made for another kind of work; a task with no stated intent is penalised less. */
const ROLE_FLOOR = 0.35;
const UNKNOWN_INTENT_FLOOR = 0.7;

/**
 * Multiplier in [floor, 1]: 1 when the task's kind of work is (one of) the agent's main kinds, lower the
 * more the agent's own words are about something else. An agent that names no role is not penalised.
 */
export function roleFactor(profile: RoleProfile, intent: TaskIntent): number {
  const top = Math.max(profile.doing, profile.inspecting, profile.planning);
  const fit = (profile[GROUP_OF_INTENT[intent]] + 1) / (top + 1);
  const floor = intent === 'unknown' ? UNKNOWN_INTENT_FLOOR : ROLE_FLOOR;
  return floor + (1 - floor) * fit;
}
