import { describe, expect, it } from 'vitest';
import type { AgentProfile } from '../../src/orchestrator/model';
import { Router } from '../../src/orchestrator/routing';
import { taskIntent } from '../../src/orchestrator/routing/capabilities';
import { stem, words } from '../../src/orchestrator/routing/text';

describe('words', () => {
  it('lower-cases, drops stopwords and splits identifiers while keeping brand names whole', () => {
    expect(words('Add the useDebounce hook to SearchBox')).toEqual(['add', 'usedebounce', 'debounce', 'hook', 'searchbox', 'search', 'box']);
    expect(words('TypeScript and GraphQL')).toEqual(['typescript', 'type', 'script', 'graphql', 'graph', 'ql']);
    expect(words('.github/workflows/ci.yml')).toEqual(['github', 'workflows', 'ci', 'yml']);
  });

  it('stems inflections together and leaves words with digits alone', () => {
    expect(stem('migrations')).toBe(stem('migration'));
    expect(stem('testing')).toBe(stem('tests'));
    expect(stem('e2e')).toBe('e2e');
  });
});

describe('taskIntent', () => {
  it.each([
    ['CREATE src/a.ts', '', undefined, 'change'],
    ['Review the payment service', '', undefined, 'inspect'],
    ['Design the sync architecture', '', undefined, 'plan'],
    ['Worker pool for resizing', 'Add goroutines. Then review.', undefined, 'change'],
    ['Session store', '', 'MODIFY', 'change'],
    ['Login page', 'Looks nice', undefined, 'unknown'],
  ] as const)('reads %j as %s', (title, body, action, expected) => {
    expect(taskIntent(title, body, action)).toBe(expected);
  });
});

describe('concept expansion', () => {
  const agent = (name: string, description: string): AgentProfile => ({ name, description, prompt: '', source: 'project' });
  const agents = [
    agent('alpha', 'Responsive styling and visual polish of screens.'),
    agent('beta', 'Relational schema changes and query tuning.'),
    agent('gamma', 'Container images and deployment pipelines.'),
  ];
  const route = (title: string, files: string[] = []) => new Router(agents).route({ id: 'T', title, body: '', files, tags: [] }).agent;

  it('matches a task to an agent through related words they do not share', () => {
    expect(route('Use Tailwind breakpoints on the pricing cards')).toBe('alpha');
    expect(route('Add a foreign key from orders to customers')).toBe('beta');
    expect(route('Write a Dockerfile for the worker')).toBe('gamma');
  });

  it('reads concepts from file extensions and paths', () => {
    expect(route('Update it', ['db/004_orders.sql'])).toBe('beta');
    expect(route('Update it', ['src/theme.scss'])).toBe('alpha');
    expect(route('Update it', ['docker-compose.yml'])).toBe('gamma');
  });
});
