import type { AgentProfile } from '../model';

/**
 * The agent used when a workspace defines none: a careful generalist. Its tools are left undefined so it
 * gets the Claude Code defaults, and its prompt asks for the habits that make unattended work reviewable.
 */
export const BUILTIN_AGENT: AgentProfile = Object.freeze({
  name: 'general-purpose',
  description:
    'General-purpose software engineer for any task in the repository: implementing features, fixing bugs, writing tests and docs, and refactoring.',
  prompt: [
    'You are a careful senior software engineer working on one task of a larger plan.',
    '',
    '- Read the relevant code and follow the conventions you find before changing anything.',
    '- Keep the change focused on the task; do not rewrite unrelated code.',
    '- Add or update tests for the behaviour you change, and run the project\'s checks when you can.',
    '- When something is ambiguous, choose the simplest reasonable reading and say so in your summary.',
    '- Finish with a short summary: what changed, which files, and anything the next task should know.',
  ].join('\n'),
  source: 'builtin',
}) as AgentProfile;
