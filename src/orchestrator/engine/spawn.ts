import type { AgentProfile, Assignment, Task } from '../model';

/*
 * Words that name a language or a role, to order a task's tags into "language, frameworks, role" when
 * naming and prompting a spawned agent. They shape the new agent's name and wording only; routing never
 * looks at them.
 */
const LANGUAGES = new Set([
  'typescript', 'javascript', 'python', 'go', 'rust', 'java', 'kotlin', 'swift', 'ruby', 'php', 'csharp', 'c',
  'cpp', 'scala', 'elixir', 'dart', 'sql', 'shell', 'bash', 'html', 'css', 'lua', 'r', 'haskell', 'clojure',
]);
const ROLES = new Set([
  'frontend', 'backend', 'fullstack', 'testing', 'docs', 'documentation', 'devops', 'database', 'security', 'infra',
  'infrastructure', 'api', 'ui', 'ux', 'data', 'ml', 'mobile', 'cli', 'ci', 'performance', 'refactoring', 'config',
  'migration', 'deployment', 'design', 'accessibility', 'observability',
]);

/** The best specialization any candidate has for the task, from the router's breakdown. */
export function bestSpecialization(assignment: Assignment): number {
  let best = 0;
  for (const score of assignment.scores) if (score.breakdown.specialization > best) best = score.breakdown.specialization;
  return best;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function titleCase(word: string): string {
  return word.length <= 3 && word !== 'go' ? word.toUpperCase() : word[0]!.toUpperCase() + word.slice(1);
}

/**
 * A specialized agent for a task no agent fits: named from the task's language and role (for example
 * `spawned-python-backend`), with a role prompt built from its languages, frameworks and role. Returns
 * undefined when the task has no tags to specialize on. The profile is plain data a person can save as
 * `.claude/agents/<name>.md`.
 */
export function specializedProfile(task: Task): AgentProfile | undefined {
  const tags = [...new Set(task.tags.map((t) => t.toLowerCase()).filter((t) => slug(t) !== ''))];
  if (tags.length === 0) return undefined;
  const languages = tags.filter((t) => LANGUAGES.has(t));
  const roles = tags.filter((t) => ROLES.has(t));
  const frameworks = tags.filter((t) => !LANGUAGES.has(t) && !ROLES.has(t));
  const nameParts = [languages[0] ?? frameworks[0], roles[0] ?? (languages[0] ? frameworks[0] : frameworks[1])].filter((p): p is string => p !== undefined);
  const name = `spawned-${nameParts.map(slug).join('-')}`;
  const skill = [languages.map(titleCase).join('/'), frameworks.length > 0 ? `(${frameworks.join(', ')})` : '', roles.join(' and ')]
    .filter((s) => s !== '')
    .join(' ');
  return {
    name,
    description: `Specialist in ${skill} work. Spawned by the orchestrator for tasks like "${task.title}", which no existing agent fitted.`,
    prompt: rolePrompt(skill, languages, frameworks, roles),
    source: 'spawned',
  };
}

function rolePrompt(skill: string, languages: string[], frameworks: string[], roles: string[]): string {
  const lines = [`You are a senior engineer specialised in ${skill} work.`];
  if (languages.length > 0) lines.push(`Write idiomatic ${languages.map(titleCase).join(' and ')} that follows the conventions already used in the repository.`);
  if (frameworks.length > 0) lines.push(`Use ${frameworks.join(', ')} the way their current documentation recommends.`);
  if (roles.length > 0) lines.push(`Think like a ${roles.join(' and ')} specialist: get the details of that discipline right.`);
  lines.push('Read the surrounding code before changing it, keep changes small and focused, run the checks the task names, and finish with a short summary of what you changed.');
  return lines.join('\n');
}
