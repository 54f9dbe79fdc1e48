import type { AgentProfile } from '../model';

/** What a task asks for: changing files, only looking at them, deciding how to build something, or unclear. */
export type TaskIntent = 'change' | 'inspect' | 'plan' | 'unknown';

const CHANGE_VERBS = new Set(
  'create add implement build write modify update fix refactor delete remove rename move migrate replace introduce port setup wire generate convert extract expose integrate upgrade install configure split wrap raise store cache schedule'.split(' '),
);
const INSPECT_VERBS = new Set('review audit analyze analyse investigate inspect assess check verify inventory report explore'.split(' '));
const PLAN_VERBS = new Set('plan design decide choose clarify define compare evaluate propose outline scope specify architect'.split(' '));

const INTENT_OF_VERB = new Map<string, TaskIntent>([
  ...[...CHANGE_VERBS].map((v) => [v, 'change'] as const),
  ...[...INSPECT_VERBS].map((v) => [v, 'inspect'] as const),
  ...[...PLAN_VERBS].map((v) => [v, 'plan'] as const),
]);
/** One pass over a text finds its first intent verb; this runs for every task routed. */
const VERB = new RegExp(`\\b(${[...INTENT_OF_VERB.keys()].join('|')})\\b`, 'i');

function firstVerbIntent(text: string): TaskIntent {
  const match = VERB.exec(text);
  return match ? INTENT_OF_VERB.get(match[1]!.toLowerCase())! : 'unknown';
}

/**
 * Reads the intent from the PRP action word when there is one, else from the first verb of the title, else
 * of the body's first sentence: PRP tasks start with what to do ("CREATE src/x.ts", "Review the API").
 */
export function taskIntent(title: string, body = '', action?: string): TaskIntent {
  const fromAction = action ? (INTENT_OF_VERB.get(action.toLowerCase()) ?? 'unknown') : 'unknown';
  if (fromAction !== 'unknown') return fromAction;
  const fromTitle = firstVerbIntent(title);
  if (fromTitle !== 'unknown') return fromTitle;
  const end = body.search(/[.;:\n]/);
  return firstVerbIntent(end === -1 ? body : body.slice(0, end));
}

/**
 * The role concepts a task of each intent asks of its agent, with their query weights. A task that does not
 * say is taken as implementation work, which is what most PRP tasks are.
 */
export const INTENT_ROLES: Readonly<Record<TaskIntent, ReadonlyArray<readonly [string, number]>>> = {
  change: [['implement', 1]],
  unknown: [['implement', 1]],
  inspect: [['review', 2]],
  plan: [['planning', 1.5], ['architecture', 1.5]],
};

/** What an agent's tool list lets it do. An agent without a `tools` list has every tool. */
export interface Capabilities {
  canEdit: boolean;
  readOnly: boolean;
}

const EDIT_TOOLS = /^(Write|Edit|MultiEdit|NotebookEdit)\b/;

export function capabilitiesOf(agent: AgentProfile): Capabilities {
  if (!agent.tools) return { canEdit: true, readOnly: false };
  const canEdit = agent.tools.some((tool) => EDIT_TOOLS.test(tool));
  return { canEdit, readOnly: !canEdit };
}

/** An agent that cannot write files can hardly carry out a CREATE task; only what it reports is of use. */
const CANNOT_CHANGE_FACTOR = 0.35;
/** A read-only agent is made for reviews: it cannot damage the worktree while it looks. */
const READ_ONLY_REVIEW_FACTOR = 1.2;

/** Multiplier on an agent's text match for a task of the given intent. */
export function capabilityFactor(capabilities: Capabilities, intent: TaskIntent): number {
  if (intent === 'change' && !capabilities.canEdit) return CANNOT_CHANGE_FACTOR;
  if (intent === 'inspect' && capabilities.readOnly) return READ_ONLY_REVIEW_FACTOR;
  return 1;
}
