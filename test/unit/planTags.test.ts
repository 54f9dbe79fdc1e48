import { describe, expect, it } from 'vitest';
import { TAG_RULES, tagTask } from '../../src/orchestrator/plan';

const tag = (title: string, body = '', files: string[] = []) => tagTask({ title, body, files });

describe('tagTask', () => {
  it.each([
    ['React + Tailwind component', tag('Create login form', 'A React component with useState; styled with Tailwind.', ['web/src/components/LoginForm.tsx']), ['typescript', 'css', 'react', 'tailwind', 'frontend']],
    ['pydantic settings', tag('Create settings', '- Use pydantic-settings\n- Load environment variables', ['config/settings.py']), ['python', 'pydantic', 'config']],
    ['SQL migration', tag('Add users table', 'CREATE TABLE users (id serial);', ['db/migrations/001_users.sql']), ['sql', 'database']],
    ['Laravel controller', tag('Laravel controller', 'Return the Blade view', ['app/Http/Controllers/UserController.php']), ['php', 'laravel', 'backend']],
    ['Docker', tag('Containerize', 'Add a Dockerfile and compose file', ['Dockerfile']), ['docker', 'devops']],
    ['Go from files', tag('Implement handler', 'Wire the handler.', ['internal/handler/users.go']), ['go']],
    ['docs', tag('Create Documentation', 'Setup and usage sections', ['README.md']), ['markdown', 'docs']],
    ['FastAPI', tag('Items endpoint', 'FastAPI route returning Pydantic models', ['app/routes/items.py']), ['python', 'fastapi', 'pydantic', 'backend', 'api']],
    ['Next implies React', tag('Home page', 'Use next/navigation', ['app/page.tsx']), ['typescript', 'react', 'next', 'frontend']],
    ['test files', tag('Service tests', '', ['src/services/tests/test_search.py']), ['python', 'testing']],
    ['vitest', tag('Unit tests for parser', 'Write vitest unit tests', ['test/unit/parser.test.ts']), ['typescript', 'vitest', 'testing']],
    ['security', tag('Hash passwords', 'Use bcrypt; add JWT authentication middleware', ['src/auth/password.ts']), ['typescript', 'backend', 'security']],
    ['shell and yaml', tag('CI script', '', ['scripts/release.sh', '.github/workflows/release.yml']), ['shell', 'yaml', 'github-actions', 'devops']],
    ['SQL in a body', tag('Priority column', 'CREATE TYPE task_priority AS ENUM (\'low\', \'high\');', ['migrate.py']), ['python', 'sql', 'database']],
    ['refactor', tag('Consolidate helpers', 'MOVE the helpers into one module', ['src/helpers.py']), ['python', 'refactor']],
  ])('tags %s', (_name, tags, expected) => {
    expect(tags).toEqual(expected);
  });

  it.each([
    ['"go" inside other words', tag('Good progress', 'A good algorithm; go to the next page; let it go.'), ['go']],
    ['"test" in latest/contest', tag('Latest contest', 'Show the latest contest results.'), ['testing']],
    ['tests only as a check to run', tag('Update the parser', 'Ensure tests pass; run `bun test` afterwards.', ['src/parser.py']), ['testing']],
    ['"react" as a verb', tag('Reaction time', 'The service should react quickly to reactive events.'), ['react', 'frontend']],
    ['"express" as a verb', tag('Expressive errors', 'Express the failure in the message.'), ['express', 'backend']],
    ['"API key"', tag('Store the key', 'Read the API key from the environment.'), ['api']],
    ['"rest of"', tag('Finish', 'Do the rest of the work.'), ['api']],
    ['"java" inside javascript', tag('Script', 'Plain JavaScript.', ['a.js']), ['java']],
    ['"docs" mentioned as a source', tag('Agent', 'Follow the pattern from the Pydantic AI docs.'), ['docs']],
    ['graph nodes', tag('DAG', 'Each node in the graph has edges.'), ['javascript']],
    ['"CREATE type" in prose', tag('CREATE type definitions in `types.ts`', 'Create the table of contents.', ['types.ts']), ['sql', 'database']],
  ])('does not tag %s', (_name, tags, absent) => {
    for (const t of absent) expect(tags).not.toContain(t);
  });

  it('returns lower-case tags without duplicates, languages before frameworks before roles', () => {
    const tags = tag('TypeScript React UI', 'React react-dom TypeScript typescript frontend UI', ['a.tsx', 'b.tsx', 'c.ts']);
    expect(tags).toEqual(['typescript', 'react', 'frontend']);
    const kinds = new Map(TAG_RULES.map((r) => [r.tag, r.kind]));
    const rank = { language: 0, framework: 1, role: 2 } as const;
    const all = tag('Everything', 'Python FastAPI pytest docker security refactor', ['x.py', 'y.sql']);
    const ranks = all.map((t) => rank[kinds.get(t)!]);
    expect(ranks).toEqual([...ranks].sort());
    expect(all.every((t) => t === t.toLowerCase())).toBe(true);
  });

  it('lists, for rules whose patterns have needs, a need that every pattern contains', () => {
    for (const rule of TAG_RULES) {
      if (rule.needs === undefined && rule.exactNeeds === undefined) continue;
      for (const source of rule.patterns ?? []) expect((rule.needs ?? []).some((n) => source.toLowerCase().includes(n.toLowerCase()))).toBe(true);
      for (const source of rule.exactPatterns ?? []) expect((rule.exactNeeds ?? []).some((n) => source.includes(n))).toBe(true);
    }
  });

  it('has a rule for every tag and every implied tag, each tag once', () => {
    const tags = TAG_RULES.map((r) => r.tag);
    expect(new Set(tags).size).toBe(tags.length);
    for (const rule of TAG_RULES) for (const implied of rule.implies ?? []) expect(tags).toContain(implied);
  });

  it('returns no tags for text that names nothing', () => {
    expect(tag('Think about it', 'Consider the options carefully.')).toEqual([]);
  });
});
