import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAgents } from '../../src/orchestrator/agents';
import type { AgentProfile, Dependency, Task, TaskGraph } from '../../src/orchestrator/model';
import { Router, routeGraph } from '../../src/orchestrator/routing';

const TEAM = path.resolve(__dirname, '../fixtures/agents/team');
let team: AgentProfile[];
beforeAll(async () => {
  ({ agents: team } = await loadAgents({ workspaceDir: TEAM, agentsDirs: [TEAM], userAgentsDir: null }));
});

const uiTask = (i: number): Task => ({
  id: `T${i}`,
  title: `CREATE src/components/Widget${i}.tsx`,
  body: 'A React component with props, a form and responsive CSS.',
  files: [`src/components/Widget${i}.tsx`],
  tags: ['react', 'frontend'],
  complexity: 2,
  estimateMs: 60_000,
});
/** The fixture team plus two more agents whose own words make them fit for UI work. */
const withUiColleagues = (): AgentProfile[] => [
  ...team,
  { name: 'web-ui-developer', description: 'Implements web UI in React: components, forms, props and responsive CSS.', prompt: 'You build React components.', source: 'project' },
  { name: 'design-system-dev', description: 'Builds the design system: React components, CSS tokens and responsive layout.', prompt: 'You build reusable UI components.', source: 'project' },
];
const graphOf = (tasks: Task[], dependencies: Dependency[] = []): TaskGraph => ({ title: 'g', tasks, dependencies });
const counts = (agents: string[]) => agents.reduce((m, a) => m.set(a, (m.get(a) ?? 0) + 1), new Map<string, number>());

describe('routeGraph', () => {
  it('returns one assignment per task, in the graph order', () => {
    const tasks = [uiTask(1), uiTask(2), uiTask(3)];
    const result = routeGraph(graphOf(tasks), new Router(team));
    expect(result.map((a) => a.taskId)).toEqual(['T1', 'T2', 'T3']);
  });

  it('spreads 20 similar tasks over the agents that fit them, never to one that does not', () => {
    const router = new Router(withUiColleagues());
    const result = routeGraph(graphOf(Array.from({ length: 20 }, (_, i) => uiTask(i + 1))), router);
    const perAgent = counts(result.map((a) => a.agent));
    expect([...perAgent.keys()].sort()).toEqual(['design-system-dev', 'frontend-engineer', 'web-ui-developer']);
    expect(Math.max(...perAgent.values())).toBeLessThanOrEqual(15);
  });

  it('gives more of the batch to an agent that can run more at once', () => {
    const graph = graphOf(Array.from({ length: 20 }, (_, i) => uiTask(i + 1)));
    const single = counts(routeGraph(graph, new Router(withUiColleagues())).map((a) => a.agent)).get('web-ui-developer')!;
    const wide = withUiColleagues().map((a) => (a.name === 'web-ui-developer' ? { ...a, maxConcurrency: 4 } : a));
    const parallel = counts(routeGraph(graph, new Router(wide)).map((a) => a.agent)).get('web-ui-developer')!;
    expect(parallel).toBeGreaterThan(single);
  });

  it('routes in dependency order, so a prerequisite listed last is served first', () => {
    const twin = team.find((a) => a.description.startsWith('Builds user interfaces'))!;
    const router = new Router([{ ...twin, name: 'ui-a' }, { ...twin, name: 'ui-b' }]);
    const graph = graphOf([uiTask(1), uiTask(2)], [{ from: 'T2', to: 'T1', reason: 'explicit' }]);
    const [t1, t2] = routeGraph(graph, router);
    expect(t2!.agent).toBe('ui-a');
    expect(t1!.agent).toBe('ui-b');
  });

  it('routes a graph with a cycle in document order instead of failing', () => {
    const graph = graphOf([uiTask(1), uiTask(2)], [
      { from: 'T1', to: 'T2', reason: 'explicit' },
      { from: 'T2', to: 'T1', reason: 'explicit' },
    ]);
    expect(routeGraph(graph, new Router(team)).map((a) => a.taskId)).toEqual(['T1', 'T2']);
  });
});
