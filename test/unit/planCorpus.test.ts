import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCycle, planPrp, topologicalOrder } from '../../src/orchestrator/plan';
import { parsePrp } from '../../src/orchestrator/prp';

const corpus = path.resolve(__dirname, '../../../shared/prp-corpus');
const files = existsSync(corpus) ? readdirSync(corpus).filter((f) => f.endsWith('.md') && f !== 'README.md') : [];

describe.skipIf(files.length === 0)('planning the real PRP corpus', () => {
  it.each(files)('%s plans without errors or cycles, tasks as written', (file) => {
    const prp = parsePrp(readFileSync(path.join(corpus, file), 'utf8'), { path: file });
    const { graph, diagnostics } = planPrp(prp);
    expect([...prp.diagnostics, ...diagnostics].filter((d) => d.severity === 'error')).toEqual([]);
    expect(findCycle(graph)).toBeUndefined();
    expect(topologicalOrder(graph)).toHaveLength(prp.tasks.length);
    expect(graph.tasks.map((t) => [t.id, t.title, t.files, t.marker])).toEqual(
      prp.tasks.map((t) => [t.id, t.title, t.files, t.marker]),
    );
    for (const task of graph.tasks) {
      expect(task.complexity).toBeGreaterThanOrEqual(1);
      expect(task.complexity).toBeLessThanOrEqual(5);
      expect(task.estimateMs).toBeGreaterThan(0);
    }
    // Every explicit dependency the author wrote is kept.
    const edges = new Set(graph.dependencies.map((d) => `${d.from}>${d.to}`));
    for (const task of prp.tasks) for (const dep of task.dependsOn) expect(edges).toContain(`${dep}>${task.id}`);
  });
});

const dagFile = 'coleam00__Archon__true-dag-workflow-engine.plan.md';

describe.skipIf(!files.includes(dagFile))('the DAG workflow engine PRP', () => {
  // The describe body runs even when skipped, so the file is read only when it is there.
  const prp = parsePrp(files.includes(dagFile) ? readFileSync(path.join(corpus, dagFile), 'utf8') : '', { path: dagFile });
  const { graph, diagnostics } = planPrp(prp);
  const id = (n: number) => prp.tasks.find((t) => t.number === n)!.id;
  const edge = (from: number, to: number) => graph.dependencies.find((d) => d.from === id(from) && d.to === id(to));

  it('links the dependencies a reader sees: package, types, executor, tests', () => {
    expect(edge(1, 4)).toMatchObject({ reason: 'uses-package', detail: 'graph-data-structure' });
    expect(edge(1, 6)).toMatchObject({ reason: 'uses-package' });
    expect(edge(2, 6)).toMatchObject({ reason: 'uses-symbol' });
    expect(edge(2, 6)!.detail).toContain('DagNode');
    expect(edge(6, 7)).toMatchObject({ reason: 'uses-symbol' });
    expect(edge(6, 13)).toMatchObject({ reason: 'tests-code', detail: 'dag-executor.ts' });
    expect(graph.dependencies.filter((d) => d.to === id(14)).length).toBeGreaterThan(0);
  });

  it('keeps unrelated tasks parallel and notes the author asked for order', () => {
    for (const n of [11, 12]) expect(graph.dependencies.filter((d) => d.to === id(n) || d.from === id(n))).toEqual([]);
    expect(diagnostics).toContainEqual(expect.objectContaining({ code: 'author-order', severity: 'info', line: 330 }));
  });
});
