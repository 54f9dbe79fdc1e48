import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_AGENT, loadAgents } from '../../src/orchestrator/agents';
import type { AgentProfile } from '../../src/orchestrator/model';
import type { RoutableTask } from '../../src/orchestrator/routing';
import { DEFAULT_WEIGHTS, NoAgentsError, Router, RoutingWeightsError, SPECIALIZATION_THRESHOLD, normalizeWeights } from '../../src/orchestrator/routing';

const TEAM = path.resolve(__dirname, '../fixtures/agents/team');
let team: AgentProfile[];

beforeAll(async () => {
  ({ agents: team } = await loadAgents({ workspaceDir: TEAM, agentsDirs: [TEAM], userAgentsDir: null }));
});

const task = (title: string, body = '', files: string[] = [], tags: string[] = []): RoutableTask => ({ id: 'T1', title, body, files, tags });
const agentFor = (description: string) => team.find((a) => a.description.startsWith(description))!.name;

const FRONTEND = task('CREATE src/components/LoginForm.tsx', 'A form with email and password fields and inline validation messages.', ['src/components/LoginForm.tsx']);
const MIGRATION = task('Add an orders table', 'Write the migration with a foreign key to customers and an index on created_at.', ['db/migrations/004_orders.sql']);
const DOCS = task('Document the new export command', 'Update the README with usage and add a changelog entry.', ['README.md', 'CHANGELOG.md']);
const PIPELINE = task('Run the tests on every pull request', 'Add a workflow that installs dependencies and runs the test suite.', ['.github/workflows/ci.yml']);
const TESTS = task('Unit tests for the price calculator', 'Cover rounding and discount edge cases with Vitest.', ['src/pricing/calculator.test.ts']);
const REVIEW = task('Review the session handling for security problems', 'Report findings with file and line; do not change code.', ['src/auth/session.ts']);
const ENDPOINT = task('Implement POST /invoices', 'Validate the request body and return 201 with the created invoice; add auth middleware.', ['src/routes/invoices.ts']);

describe('Router specialization', () => {
  it.each([
    ['a frontend task', FRONTEND, 'Builds user interfaces'],
    ['a database migration', MIGRATION, 'Designs and changes the data layer'],
    ['a documentation task', DOCS, 'Writes and updates documentation'],
    ['a CI pipeline', PIPELINE, 'Handles build and deployment'],
    ['a testing task', TESTS, 'Writes automated tests'],
    ['a review', REVIEW, 'Reviews code'],
    ['an API endpoint', ENDPOINT, 'Server-side developer'],
  ])('sends %s to the agent whose definition describes it', (_label, t, description) => {
    expect(new Router(team).route(t).agent).toBe(agentFor(description));
  });

  it('follows the definitions, not the names: renamed agents get the same work', () => {
    const renamed = team.map((a, i) => ({ ...a, name: `agent-${String.fromCharCode(97 + ((i * 3) % team.length))}` }));
    const router = new Router(renamed);
    const original = new Router(team);
    for (const t of [FRONTEND, MIGRATION, DOCS, PIPELINE, TESTS, REVIEW, ENDPOINT]) {
      const chosen = renamed.find((a) => a.name === router.route(t).agent)!;
      expect(chosen.description).toBe(team.find((a) => a.name === original.route(t).agent)!.description);
    }
  });

  it('moves a task when two agents swap descriptions and prompts', () => {
    const ui = team.find((a) => a.name === agentFor('Builds user interfaces'))!;
    const data = team.find((a) => a.name === agentFor('Designs and changes the data layer'))!;
    const swapped = team.map((a) =>
      a === ui ? { ...a, description: data.description, prompt: data.prompt } : a === data ? { ...a, description: ui.description, prompt: ui.prompt } : a,
    );
    expect(new Router(swapped).route(FRONTEND).agent).toBe(data.name);
  });

  it('keeps agents that cannot edit files away from CREATE tasks and prefers them for reviews', () => {
    const base = { description: 'Works on the payments service: Stripe webhooks, refunds and invoices.', prompt: 'You know payments.', source: 'project' as const };
    const agents: AgentProfile[] = [
      { ...base, name: 'payments-reader', tools: ['Read', 'Grep', 'Glob'] },
      { ...base, name: 'payments-writer', tools: ['Read', 'Write', 'Edit', 'Bash'] },
    ];
    const router = new Router(agents);
    expect(router.route(task('CREATE src/payments/refunds.ts', 'Handle Stripe refund webhooks.')).agent).toBe('payments-writer');
    expect(router.route(task('Review the refund webhook handler', 'Look for missing idempotency checks.')).agent).toBe('payments-reader');
  });

  it('reports specialization in [0, 1] and the words that matched', () => {
    const router = new Router(team);
    const result = router.route(FRONTEND);
    for (const s of result.scores) {
      expect(s.breakdown.specialization).toBeGreaterThanOrEqual(0);
      expect(s.breakdown.specialization).toBeLessThanOrEqual(1);
    }
    expect(result.scores[0]!.matched).toEqual(expect.arrayContaining(['form']));
    expect(router.specialization(FRONTEND, result.agent)).toBeCloseTo(result.scores[0]!.breakdown.specialization, 3);
    expect(router.specialization(FRONTEND, 'no-such-agent')).toBe(0);
  });

  it('shows when no agent fits: the best specialization falls below the threshold', () => {
    const router = new Router(team);
    const foreign = task('Train an image classifier', 'Fine-tune a ResNet in PyTorch on the product photos and export ONNX weights.', ['ml/train.py']);
    const best = (t: RoutableTask) => Math.max(...router.route(t).scores.map((s) => s.breakdown.specialization));
    expect(best(foreign)).toBeLessThan(SPECIALIZATION_THRESHOLD);
    expect(router.route(foreign).reason).toMatch(/No agent specializes/);
    expect(best(FRONTEND)).toBeGreaterThanOrEqual(SPECIALIZATION_THRESHOLD);
  });
});

describe('Router scoring', () => {
  it('makes each score the weighted sum of its breakdown, best first, with every other agent as a fallback', () => {
    const result = new Router(team).route(ENDPOINT, new Map([[team[0]!.name, 0.5]]));
    const w = DEFAULT_WEIGHTS;
    for (const s of result.scores) {
      const b = s.breakdown;
      expect(s.score).toBeCloseTo(w.specialization * b.specialization + w.load * b.load + w.history * b.history + w.responseTime * b.responseTime, 3);
    }
    const values = result.scores.map((s) => s.score);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(result.fallbacks).toEqual(result.scores.slice(1).map((s) => s.agent));
    expect(new Set([result.agent, ...result.fallbacks])).toEqual(new Set(team.map((a) => a.name)));
    expect(result.reason).toContain(result.agent);
  });

  it('sends the task elsewhere when the specialist is fully busy, and says why', () => {
    const router = new Router(team);
    const specialist = router.route(FRONTEND).agent;
    const busy = router.route(FRONTEND, new Map([[specialist, 1]]));
    expect(busy.agent).not.toBe(specialist);
    expect(busy.fallbacks).toContain(specialist);
    expect(busy.reason).toMatch(/busy/);
  });

  it('lets history shift the choice between equally fit agents', () => {
    const twin = team.find((a) => a.name === agentFor('Builds user interfaces'))!;
    const agents = [{ ...twin, name: 'ui-a' }, { ...twin, name: 'ui-b' }];
    expect(new Router(agents).route(FRONTEND).agent).toBe('ui-a');
    const stats = [
      { agent: 'ui-a', attempts: 10, successes: 2, meanDurationMs: 60_000 },
      { agent: 'ui-b', attempts: 10, successes: 9, meanDurationMs: 60_000 },
    ];
    const withHistory = new Router(agents, { stats }).route(FRONTEND);
    expect(withHistory.agent).toBe('ui-b');
    expect(withHistory.scores[0]!.breakdown.history).toBeGreaterThan(0.5);
    expect(withHistory.scores[1]!.breakdown.history).toBeLessThan(0.5);
  });

  it('gives faster agents a higher response-time term and neutral terms without stats', () => {
    const stats = [
      { agent: team[0]!.name, attempts: 8, successes: 8, meanDurationMs: 20_000 },
      { agent: team[1]!.name, attempts: 8, successes: 8, meanDurationMs: 90_000 },
    ];
    const scores = new Router(team, { stats }).route(DOCS).scores;
    const term = (name: string) => scores.find((s) => s.agent === name)!.breakdown;
    expect(term(team[0]!.name).responseTime).toBeGreaterThan(0.5);
    expect(term(team[1]!.name).responseTime).toBeLessThan(0.5);
    expect(term(team[2]!.name)).toMatchObject({ history: 0.5, responseTime: 0.5 });
  });

  it('changes the outcome with the weights', () => {
    const specialist = new Router(team).route(FRONTEND).agent;
    const load = new Map(team.map((a) => [a.name, a.name === specialist ? 0.9 : 0.1]));
    expect(new Router(team, { weights: { specialization: 1, load: 0, history: 0, responseTime: 0 } }).route(FRONTEND, load).agent).toBe(specialist);
    expect(new Router(team, { weights: { specialization: 0.05, load: 1 } }).route(FRONTEND, load).agent).not.toBe(specialist);
  });

  it('normalises weights and rejects unusable ones', () => {
    const w = normalizeWeights({ specialization: 2, load: 2 });
    expect(w.specialization + w.load + w.history + w.responseTime).toBeCloseTo(1, 10);
    expect(w.specialization).toBeGreaterThan(w.history);
    expect(() => normalizeWeights({ load: -1 })).toThrow(RoutingWeightsError);
    expect(() => normalizeWeights({ specialization: 0, load: 0, history: 0, responseTime: 0 })).toThrow(RoutingWeightsError);
  });

  it('gives the same answer whatever the order of the agents', () => {
    const forward = new Router(team).route(MIGRATION);
    const backward = new Router([...team].reverse()).route(MIGRATION);
    expect(backward).toEqual(forward);
  });
});

describe('Router agents', () => {
  it('routes everything to the built-in agent when it is the only one', () => {
    const result = new Router([BUILTIN_AGENT]).route(FRONTEND);
    expect(result.agent).toBe('general-purpose');
    expect(result.fallbacks).toEqual([]);
  });

  it('uses an added agent at once, and replaces one with the same name', () => {
    const router = new Router(team);
    const i18n = task('Translate the checkout page into French and German', 'Add locale files and translation keys for every string.', ['src/locales/fr.json']);
    const translator: AgentProfile = { name: 'helper-7', description: 'Localization specialist: translations, locale files and i18n keys.', prompt: 'You translate UI strings.', source: 'spawned' };
    router.addAgent(translator);
    expect(router.route(i18n).agent).toBe('helper-7');
    router.addAgent({ ...translator, description: 'Writes SQL migrations.', prompt: 'You write database migrations.' });
    expect(router.agents.filter((a) => a.name === 'helper-7')).toHaveLength(1);
    expect(router.route(i18n).agent).not.toBe('helper-7');
  });

  it('throws a NoAgentsError when there is nobody to route to', () => {
    expect(() => new Router([]).route(FRONTEND)).toThrow(NoAgentsError);
  });
});

describe('Router breakdown size', () => {
  const clones = (n: number): AgentProfile[] =>
    Array.from({ length: n }, (_, i) => ({ ...team[i % team.length]!, name: `clone-${String(i).padStart(2, '0')}` }));

  it('keeps the breakdown of the best few, and the next-best eight as fallbacks, in score order', () => {
    const agents = clones(30);
    const result = new Router(agents).route(FRONTEND);
    expect(result.scores.length).toBeGreaterThanOrEqual(8);
    expect(result.scores.length).toBeLessThanOrEqual(9);
    expect(result.fallbacks).toHaveLength(8);
    expect(result.fallbacks.slice(0, 7)).toEqual(result.scores.slice(1, 8).map((s) => s.agent));
    const ranked = result.scores.slice(0, 8).map((s) => s.score);
    expect(ranked).toEqual([...ranked].sort((a, b) => b - a));
    // Nobody left out scores above the last fallback.
    const router = new Router(agents);
    const cut = result.scores[7]!.score;
    const kept = new Set([result.agent, ...result.fallbacks]);
    for (const a of agents) if (!kept.has(a.name)) expect(router.specialization(FRONTEND, a.name) * 0.4 + 0.3 + 0.2 * 0.5 + 0.1 * 0.5).toBeLessThanOrEqual(cut + 1e-4);
  });

  it('keeps the best specialist in the breakdown even when load ranks it last', () => {
    const agents = clones(30);
    const router = new Router(agents);
    const free = router.route(FRONTEND);
    const specialist = free.scores.reduce((a, b) => (b.breakdown.specialization > a.breakdown.specialization ? b : a));
    // Every agent with the specialist's definition is fully busy, so none of them ranks near the top.
    const twins = agents.filter((a) => a.description === agents.find((b) => b.name === specialist.agent)!.description);
    const busy = new Map(twins.map((a) => [a.name, 1]));
    const loaded = router.route(FRONTEND, busy);
    expect(loaded.scores.slice(0, 8).some((s) => twins.some((t) => t.name === s.agent))).toBe(false);
    const best = Math.max(...loaded.scores.map((s) => s.breakdown.specialization));
    expect(best).toBeCloseTo(specialist.breakdown.specialization, 4);
  });
});
