import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAgents } from '../../src/orchestrator/agents';
import type { AgentProfile } from '../../src/orchestrator/model';
import { planPrp } from '../../src/orchestrator/plan';
import { parsePrp } from '../../src/orchestrator/prp';
import type { RoutableTask } from '../../src/orchestrator/routing';
import { Router, SPECIALIZATION_THRESHOLD, routeGraph } from '../../src/orchestrator/routing';
import { taskIntent } from '../../src/orchestrator/routing/capabilities';
import { agentFields } from '../../src/orchestrator/routing/features';
import { declaredRoles, fileRole, roleMismatch, taskPrimaryRole } from '../../src/orchestrator/routing/primaryRole';

const EXAMPLE = path.resolve(__dirname, '../../examples/add-auth');
const AGENTS_DIR = path.join(EXAMPLE, '.claude/agents');
let agents: AgentProfile[];

beforeAll(async () => {
  ({ agents } = await loadAgents({ workspaceDir: EXAMPLE, agentsDirs: [AGENTS_DIR], userAgentsDir: null }));
});

const task = (title: string, body = '', files: string[] = [], action?: string): RoutableTask => ({ id: 'T', title, body, files, tags: [], action });
const roleOf = (t: RoutableTask) => taskPrimaryRole(t, taskIntent(t.title, t.body, t.action))?.role;
const spec = (router: Router, t: RoutableTask, agent: string) => router.route(t).scores.find((s) => s.agent === agent)!.breakdown.specialization;

const AUTH_TEST = task(
  'CREATE test/server/auth.test.ts',
  '- TEST: register, login, wrong password, missing token, expired token, cross-user note access\n- USE: supertest against the Express app with a throwaway database schema',
  ['test/server/auth.test.ts'],
  'CREATE',
);

describe('primary role of a task', () => {
  it.each([
    ['test/server/auth.test.ts', 'testing'],
    ['src/pricing/calculator.spec.ts', 'testing'],
    ['pkg/auth/login_test.go', 'testing'],
    ['tests/test_auth.py', 'testing'],
    ['app/auth_test.py', 'testing'],
    ['src/components/LoginForm.test.tsx', 'testing'],
    ['tests/fixtures/users.json', 'testing'],
    ['README.md', 'docs'],
    ['docs/authentication.md', 'docs'],
    ['db/migrations/002_create_users.sql', 'database'],
    ['prisma/schema.prisma', 'database'],
    ['src/web/components/LoginForm.tsx', 'frontend'],
    ['src/styles/theme.css', 'frontend'],
    ['Dockerfile', 'devops'],
    ['.github/workflows/ci.yml', 'devops'],
    ['src/server/routes/auth.ts', 'backend'],
    ['src/lib/slugify.ts', undefined],
    ['PRPs/add-auth.md', undefined],
  ])('reads %s as %s work', (file, role) => {
    expect(fileRole(file)).toBe(role);
  });

  it('takes the kind of work from the target files of a change', () => {
    expect(taskPrimaryRole(AUTH_TEST, 'change')).toEqual({ role: 'testing', strength: 1 });
    expect(taskPrimaryRole(task('Tidy up', '', ['docs/a.md', 'src/a.ts']), 'change')).toEqual({ role: 'docs', strength: 0.5 });
    expect(taskPrimaryRole(task('Touch up', '', ['docs/a.md', 'src/a.ts', 'src/b.ts']), 'change')).toBeUndefined();
  });

  it('takes it from the action word or leading verb when the files do not say', () => {
    expect(roleOf(task('Check the login endpoint', '', [], 'TEST'))).toBe('testing');
    expect(roleOf(task('Test LoginForm with React Testing Library'))).toBe('testing');
    expect(roleOf(task('Write unit tests for the password helpers'))).toBe('testing');
    expect(roleOf(task('Document the auth endpoints', 'curl examples and JWT_SECRET'))).toBe('docs');
    expect(taskPrimaryRole(task('Login flow', '- TEST: wrong password and expired token'), 'unknown')).toEqual({ role: 'testing', strength: 0.5 });
  });

  it('lets target files outweigh the first bullet of the body', () => {
    expect(roleOf(task('CREATE src/server/routes/notes.ts', '- TEST: run the notes suite', ['src/server/routes/notes.ts']))).toBe('backend');
  });

  it('ignores words the task merely mentions', () => {
    const backend = task('Add rate limiting to the login endpoint', 'Limit attempts per IP in an Express middleware and keep test coverage above 90%.', ['src/lib/rateLimit.ts']);
    expect(roleOf(backend)).toBeUndefined();
    expect(roleOf(task('Run the tests on every pull request', 'A workflow that runs the test suite.', ['.github/workflows/ci.yml']))).toBe('devops');
  });

  it('does not read a review or a design task as the kind of file it looks at', () => {
    expect(roleOf(task('Review the auth tests for flaky timing', '', ['test/server/auth.test.ts']))).toBeUndefined();
    expect(roleOf(task('Design the architecture for real-time sync', 'Write an ADR.', ['docs/adr/0007-realtime.md']))).toBeUndefined();
  });
});

describe('role an agent declares', () => {
  const agent = (name: string, description: string, prompt = ''): AgentProfile => ({ name, description, prompt, source: 'project' });

  it('comes from its name and the first sentence of its description most', () => {
    const writer = declaredRoles(agentFields(agent('test-writer', 'Testing specialist. Use for vitest suites.')));
    const backend = declaredRoles(agentFields(agent('api-dev', 'Node.js and TypeScript server developer. Writes tests for its endpoints.')));
    expect(writer.testing).toBeGreaterThan(0);
    expect(writer.backend).toBe(0);
    // "Node.js" does not end the first sentence, so "server" still counts there; the later mention of tests counts little.
    expect(backend.backend).toBeGreaterThan(backend.testing);
    expect(backend.testing).toBeGreaterThan(0);
  });

  it('discounts an agent for another kind of work, never one that declares none or the same', () => {
    const backend = declaredRoles(agentFields(agent('backend-engineer', 'Server developer for Express APIs.')));
    const fullStack = declaredRoles(agentFields(agent('full-stack-dev', 'Full-stack developer.')));
    const neutral = declaredRoles(agentFields(agent('security-auditor', 'Finds vulnerabilities and unsafe secrets handling.')));
    expect(roleMismatch(backend, 'testing')).toBeGreaterThan(0.5);
    expect(roleMismatch(backend, 'backend')).toBe(0);
    expect(roleMismatch(fullStack, 'frontend')).toBe(0);
    expect(roleMismatch(neutral, 'testing')).toBe(0);
  });
});

describe('routing by primary role (examples/add-auth)', () => {
  it('sends the auth test suite to the testing agent, above the threshold, and says why', () => {
    const router = new Router(agents);
    const bare = task('CREATE test/server/auth.test.ts', '', ['test/server/auth.test.ts']);
    for (const t of [bare, AUTH_TEST]) {
      const result = router.route(t);
      expect(result.agent).toBe('test-writer');
      expect(spec(router, t, 'test-writer')).toBeGreaterThanOrEqual(SPECIALIZATION_THRESHOLD);
      expect(spec(router, t, 'test-writer')).toBeGreaterThan(spec(router, t, 'backend-engineer') + 0.1);
      expect(result.reason).toMatch(/testing work.*backend-engineer/);
    }
  });

  it('routes every task of the example PRP to the agent of its kind of work, with or without load', () => {
    const text = readFileSync(path.join(EXAMPLE, 'PRPs/add-auth.md'), 'utf8');
    const { graph } = planPrp(parsePrp(text, { path: 'PRPs/add-auth.md' }));
    const expected = (file: string) =>
      file.startsWith('test/') ? 'test-writer'
      : file.startsWith('docs/') ? 'docs-writer'
      : file.startsWith('db/migrations/') ? 'database-architect'
      : file.startsWith('src/web/components/') ? 'frontend-engineer'
      : 'backend-engineer';
    const router = new Router(agents);
    const assignments = routeGraph(graph, router);
    expect(graph.tasks).toHaveLength(9);
    graph.tasks.forEach((t, i) => {
      expect(t.files).toHaveLength(1);
      expect([t.title, assignments[i]!.agent]).toEqual([t.title, expected(t.files[0]!)]);
      expect([t.title, router.route(t).agent]).toEqual([t.title, expected(t.files[0]!)]);
    });
  });

  it('keeps a backend task that merely mentions test coverage with the backend agent', () => {
    const router = new Router(agents);
    const inServer = task('CREATE src/server/routes/notes.ts', '- IMPLEMENT: GET and POST /api/notes with zod validation\n- KEEP: test coverage of the router above 90%', ['src/server/routes/notes.ts']);
    const elsewhere = task('Add rate limiting to the login endpoint', 'Limit attempts per IP in an Express middleware; keep test coverage above 90%.', ['src/lib/rateLimit.ts']);
    expect(router.route(inServer).agent).toBe('backend-engineer');
    expect(router.route(elsewhere).agent).toBe('backend-engineer');
    expect(router.route(elsewhere).reason).not.toMatch(/reads as/);
  });

  it('follows the definitions, not the names: anonymous agents get the same work', () => {
    const renamed = agents.map((a, i) => ({ ...a, name: `agent-${i}` }));
    const router = new Router(renamed);
    const chosen = router.route(AUTH_TEST).agent;
    expect(renamed.find((a) => a.name === chosen)!.description).toMatch(/^Testing specialist/);
  });
});
