import type { TaskIntent } from './capabilities';
import type { AgentFields } from './features';
import type { RoutableTask } from './types';

/**
 * The kind of work a task is, as opposed to the subjects it touches. A task that writes
 * `test/server/auth.test.ts` is testing work even though it is full of words about servers and tokens; an
 * agent made for testing should get it before an agent that merely knows servers.
 */
export type PrimaryRole = 'testing' | 'docs' | 'devops' | 'database' | 'frontend' | 'backend';

/** In order of precedence: a test file under `components/` is testing work, a `.sql` file in `docs/` is database work. */
export const PRIMARY_ROLES: readonly PrimaryRole[] = ['testing', 'docs', 'devops', 'database', 'frontend', 'backend'];

/** What a task is, with how sure we are: 1 when every target file (or the task's own verb) says so. */
export interface TaskRole {
  role: PrimaryRole;
  strength: number;
}

/**
 * Target files by the kind of work that writes them, one pattern per role in {@link PRIMARY_ROLES} order.
 * Only paths whose kind is unambiguous are listed.
 */
const FILE_ROLE: readonly RegExp[] = [
  /(?:^|\/)(?:tests?|__tests__|specs?|e2e|cypress|playwright)\/|\.(?:test|spec|cy|e2e)\.[a-z]+$|(?:^|\/)test_[^/]*\.py$|_(?:test|spec)\.[a-z]+$|(?:^|\/)(?:jest|vitest|cypress|playwright)\.config\.[a-z]+$/i,
  /(?:^|\/)(?:readme|changelog|contributing)(?:\.[a-z]+)?$|(?:^|\/)docs?\/.*\.(?:md|mdx|rst|adoc|txt)$/i,
  /(?:^|\/)dockerfile[^/]*$|(?:^|\/)docker-compose[^/]*\.ya?ml$|\.dockerignore$|(?:^|\/)\.github\/workflows\/|\.gitlab-ci\.ya?ml$|(?:^|\/)jenkinsfile$|(?:^|\/)\.circleci\/|(?:^|\/)(?:k8s|kubernetes|helm|charts)\/|\.tf$/i,
  /\.(?:sql|prisma)$|(?:^|\/)(?:migrations?|alembic)\//i,
  /\.(?:tsx|jsx|vue|svelte|css|scss|sass|less|html)$|(?:^|\/)components\//i,
  /(?:^|\/)(?:server|api|routes|controllers|handlers|middlewares?)\//i,
];

/**
 * A task whose own verb names its kind of work: the PRP action word, the title's first word, or the
 * action word of the body's first line (`- TEST: ...`). Only these leading words count: a backend task
 * that mentions "test coverage" somewhere in its body is still backend work.
 */
const VERB_ROLE: ReadonlyMap<string, PrimaryRole> = new Map([
  ['test', 'testing'],
  ['tests', 'testing'],
  ['document', 'docs'],
  ['dockerize', 'devops'],
  ['containerize', 'devops'],
]);
/** Titles that say they are about tests or docs ("Add unit tests for ...", "Update the README"). */
const TITLE_ROLE: ReadonlyArray<readonly [PrimaryRole, RegExp]> = [
  ['testing', /^(?:(?:write|add|create|extend|expand|improve|fix)\s+)?(?:(?:unit|integration|e2e|end-to-end|component|regression|missing|more|api|smoke|snapshot)\s+)*tests?\b(?!\s*(?:data|server|environment|env)\b)|^(?:raise|increase|improve)\s+(?:the\s+)?(?:test\s+)?coverage\b/i],
  ['docs', /^(?:(?:write|add|update|create)\s+)?(?:the\s+)?(?:docs|documentation|readme|changelog)\b/i],
];
const BODY_ACTION = /^\s*(?:[-*+]\s+)?\**([A-Za-z]+)\**\s*:/;
const FIRST_WORD = /^\s*([A-Za-z]+)/;

/**
 * The primary role of a task, or undefined when nothing says it clearly. Target files speak only for
 * tasks that write them: a review or a design task about a test file is a review or a design task.
 */
export function taskPrimaryRole(task: RoutableTask, intent: TaskIntent): TaskRole | undefined {
  const strength = scratch.fill(0);
  if (intent === 'change' || intent === 'unknown') {
    for (const file of task.files) {
      const at = fileRoleIndex(file);
      if (at !== -1) strength[at]! += 1 / task.files.length;
    }
  }
  const verb = verbRole(task);
  if (verb) {
    const at = PRIMARY_ROLES.indexOf(verb.role);
    strength[at] = Math.max(strength[at]!, verb.strength);
  }
  let best = -1;
  for (let at = 0; at < strength.length; at++) if (strength[at]! > (best === -1 ? 0 : strength[best]!)) best = at;
  return best !== -1 && strength[best]! >= MIN_ROLE_STRENGTH ? { role: PRIMARY_ROLES[best]!, strength: strength[best]! } : undefined;
}

/** Per-role strengths of the task being routed; reused, because this runs for every task. */
const scratch = new Float64Array(PRIMARY_ROLES.length);

/** A role only half the target files share is still the task's main kind of work; less is a side job. */
const MIN_ROLE_STRENGTH = 0.5;

/** The kind of work that writes a file, when its path or extension says so unambiguously. */
export function fileRole(file: string): PrimaryRole | undefined {
  const at = fileRoleIndex(file);
  return at === -1 ? undefined : PRIMARY_ROLES[at];
}

function fileRoleIndex(file: string): number {
  const normalized = file.includes('\\') ? file.replace(/\\/g, '/') : file;
  for (let at = 0; at < FILE_ROLE.length; at++) if (FILE_ROLE[at]!.test(normalized)) return at;
  return -1;
}

/**
 * The role the task's own leading words name. The PRP action word and the title say what the task is; the
 * body's first action word is weaker (its files outweigh it), since PRP bullets also list side steps.
 */
function verbRole(task: RoutableTask): TaskRole | undefined {
  for (const word of [task.action, FIRST_WORD.exec(task.title)?.[1]]) {
    const role = word ? VERB_ROLE.get(word.toLowerCase()) : undefined;
    if (role) return { role, strength: 1 };
  }
  for (const [role, pattern] of TITLE_ROLE) if (pattern.test(task.title)) return { role, strength: 1 };
  const bodyWord = BODY_ACTION.exec(task.body)?.[1];
  const role = bodyWord ? VERB_ROLE.get(bodyWord.toLowerCase()) : undefined;
  return role ? { role, strength: BODY_VERB_STRENGTH } : undefined;
}

/** A role named only by the body's first bullet counts half: enough to apply, too little to beat a file. */
const BODY_VERB_STRENGTH = 0.5;

/**
 * How an agent names its own kind of work. Matched against its name and the first sentences of its
 * description and prompt, where people write what an agent IS ("Testing specialist.", "You write docs").
 */
const DECLARED_ROLE: Readonly<Record<PrimaryRole, RegExp>> = {
  testing: /\b(?:tests?|testing|tester|qa|quality assurance|e2e|end-to-end|tdd)\b/,
  docs: /\b(?:docs?|documentation|documenter|readmes?|changelogs?|technical writ(?:er|ing)|tech writer|docstrings?|jsdoc|tsdoc)\b/,
  devops: /\b(?:devops|docker(?:files?)?|containers?|containeri[sz]ation|kubernetes|k8s|helm|ci|ci\/cd|continuous (?:integration|delivery|deployment)|github actions|deployments?|terraform|sre)\b/,
  database: /\b(?:databases?|db|dba|sql|postgres(?:ql)?|mysql|sqlite|mongodb|redis|schemas?|migrations?|data-access|orm)\b/,
  frontend: /\b(?:frontend|front-end|front end|full-?stack|ui|ux|react|vue|angular|svelte|components?|css|styling|client-side|browser|user interfaces?)\b/,
  backend: /\b(?:backend|back-end|back end|full-?stack|server|server-side|endpoints?|express|fastify|nestjs|microservices?)\b/,
};

/**
 * Where an agent says what it is, and how much each place counts. The name and the description's first
 * sentence weigh most; the rest of the description and the prompt's opening sentence confirm it.
 */
const DECLARATION_WEIGHT = { name: 3, firstSentence: 2, restOfDescription: 0.5, lead: 1 } as const;

/** How strongly an agent's own definition claims each role (0 = not at all). */
export type DeclaredRoles = Readonly<Record<PrimaryRole, number>>;

/** Each place that names a role adds its weight once: a long list of skills does not make a role stronger. */
export function declaredRoles(fields: AgentFields): DeclaredRoles {
  const description = fields.description.toLowerCase();
  const split = sentenceEnd(description);
  const places: Array<[string, number]> = [
    [fields.name.toLowerCase(), DECLARATION_WEIGHT.name],
    [description.slice(0, split), DECLARATION_WEIGHT.firstSentence],
    [description.slice(split), DECLARATION_WEIGHT.restOfDescription],
    [fields.lead.slice(0, sentenceEnd(fields.lead)).toLowerCase(), DECLARATION_WEIGHT.lead],
  ];
  const mass = {} as Record<PrimaryRole, number>;
  for (const role of PRIMARY_ROLES) {
    mass[role] = places.reduce((sum, [text, weight]) => sum + (DECLARED_ROLE[role].test(text) ? weight : 0), 0);
  }
  return mass;
}

/** End of the first sentence: a stop followed by a space (so that "Node.js" does not end it). */
function sentenceEnd(text: string): number {
  const match = /[.!?](?:\s|$)/.exec(text);
  return match ? match.index + 1 : text.length;
}

/** The lowest multiplier for an agent that declares another kind of work than the task's. */
const ROLE_MISMATCH_FLOOR = 0.25;

/**
 * How much a task of the given role discounts an agent, in [0, 1 − floor]: 0 when the agent declares that
 * role as (one of) its main ones, or declares no role at all (a cross-cutting specialist such as a security
 * or SEO agent); more the more its own words claim other kinds of work. The match is multiplied by
 * 1 − strength × mismatch, so a clear primary-role match beats an agent that only shares the task's subject.
 * The multiplier never exceeds 1: a role cannot make any agent look more specialized than its words do, so
 * SPECIALIZATION_THRESHOLD keeps its meaning (a foreign task stays below it).
 */
export function roleMismatch(declared: DeclaredRoles, role: PrimaryRole): number {
  let top = 0;
  for (const r of PRIMARY_ROLES) top = Math.max(top, declared[r]);
  const fit = (declared[role] + 1) / (top + 1);
  return (1 - ROLE_MISMATCH_FLOOR) * (1 - fit);
}
