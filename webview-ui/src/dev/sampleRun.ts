/**
 * A generated run for the bench page and the tests: N tasks in a layered graph with realistic fan-in, a few
 * agents, routing explanations, and the critical path. Deterministic for a given size and seed, so every
 * bench run renders the same picture.
 */
import type { AgentProfile, Assignment, Dependency, Task, TaskGraph } from '../../../src/orchestrator/model';
import { createDashboardState } from '../../../src/shared/dashboardState';
import type { DashboardState } from '../../../src/shared/dashboardState';

export const SAMPLE_RUN_ID = 'sample-run';
const AGENTS = ['backend', 'frontend', 'tester', 'docs-writer', 'devops', 'security'];

/** A small deterministic pseudo-random generator. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function sampleGraph(count: number, seed = 7): TaskGraph {
  const random = seededRandom(seed);
  const tasks: Task[] = [];
  const dependencies: Dependency[] = [];
  for (let i = 0; i < count; i++) {
    const id = `T${i + 1}`;
    tasks.push({
      id,
      title: `${['Create', 'Modify', 'Test', 'Document'][i % 4]} module ${i + 1}`,
      body: `- Implement feature ${i + 1} in src/module${i % 50}/feature_${i + 1}.ts\n- Add tests`,
      files: [`src/module${i % 50}/feature_${i + 1}.ts`],
      tags: [AGENTS[i % AGENTS.length]!],
      complexity: 1 + (i % 5),
      estimateMs: 30_000 + Math.floor(random() * 120_000),
      range: { startLine: 10 + i * 4, endLine: 13 + i * 4 },
    });
    // Each task waits for one to three of the forty before it, which gives long chains with wide layers.
    const parents = i === 0 ? 0 : 1 + Math.floor(random() * 3);
    const seen = new Set<number>();
    for (let p = 0; p < parents; p++) {
      const from = Math.max(0, i - 1 - Math.floor(random() * 40));
      if (seen.has(from)) continue;
      seen.add(from);
      dependencies.push({ from: `T${from + 1}`, to: id, reason: p === 0 ? 'explicit' : 'imports-file' });
    }
  }
  return { title: `Sample PRP with ${count} tasks`, tasks, dependencies };
}

export function sampleAgents(): AgentProfile[] {
  return AGENTS.map((name) => ({ name, description: `Handles ${name} work`, prompt: '', source: 'project', model: 'sonnet' }));
}

function sampleAssignments(graph: TaskGraph): Assignment[] {
  return graph.tasks.map((task, i) => {
    const agent = AGENTS[i % AGENTS.length]!;
    const others = AGENTS.filter((a) => a !== agent);
    const scores = [agent, others[0]!, others[1]!].map((name, rank) => ({
      agent: name,
      score: 0.9 - rank * 0.2,
      breakdown: { specialization: 0.8 - rank * 0.25, load: 1, history: 0.5, responseTime: 0.5 },
      matched: rank === 0 ? [agent] : [],
    }));
    return { taskId: task.id, agent, scores, fallbacks: others, reason: `${agent} matches the task's tags best.` };
  });
}

/** Bottom levels (estimate from a task's start to the end of the graph) and the longest chain. */
export function chainFacts(graph: TaskGraph): { bottomLevels: Record<string, number>; criticalPath: string[] } {
  const succs = new Map<string, string[]>();
  for (const d of graph.dependencies) succs.set(d.from, [...(succs.get(d.from) ?? []), d.to]);
  const estimate = new Map(graph.tasks.map((t) => [t.id, t.estimateMs]));
  const level: Record<string, number> = {};
  // Dependencies only point forwards in a generated graph, so one backward pass suffices.
  for (let i = graph.tasks.length - 1; i >= 0; i--) {
    const id = graph.tasks[i]!.id;
    const after = (succs.get(id) ?? []).reduce((m, s) => Math.max(m, level[s] ?? 0), 0);
    level[id] = estimate.get(id)! + after;
  }
  const path: string[] = [];
  let current = graph.tasks.reduce<string | undefined>((best, t) => (best === undefined || level[t.id]! > level[best]! ? t.id : best), undefined);
  while (current !== undefined) {
    path.push(current);
    const next: string[] = succs.get(current) ?? [];
    current = next.reduce<string | undefined>((best, s) => (best === undefined || level[s]! > level[best]! ? s : best), undefined);
  }
  return { bottomLevels: level, criticalPath: path };
}

/** The planned state of a generated run with `count` tasks. */
export function sampleState(count: number, seed = 7): DashboardState {
  const graph = sampleGraph(count, seed);
  const facts = chainFacts(graph);
  return createDashboardState({
    graph,
    agents: sampleAgents(),
    assignments: sampleAssignments(graph),
    criticalPath: facts.criticalPath,
    bottomLevels: facts.bottomLevels,
    runId: SAMPLE_RUN_ID,
    prpPath: '/workspace/PRPs/sample.md',
    workers: 4,
  });
}
