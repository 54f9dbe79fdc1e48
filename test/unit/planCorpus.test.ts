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
