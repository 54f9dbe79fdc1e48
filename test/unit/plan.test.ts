import { describe, expect, it } from 'vitest';
import { buildTaskGraph, CycleError, planPrp, topologicalOrder } from '../../src/orchestrator/plan';
import { edgeList, makePrp } from './planFixtures';

describe('explicit dependencies', () => {
  it('become edges with reason explicit', () => {
    const graph = buildTaskGraph(
      makePrp([
        { title: 'Set up config' },
        { title: 'Write service', dependsOn: ['T1'] },
        { title: 'Write routes', dependsOn: ['T1', 'T2', 'T2'] },
      ]),
    );
    expect(edgeList(graph.dependencies)).toEqual(['T1>T2:explicit', 'T1>T3:explicit', 'T2>T3:explicit']);
  });

  it('report unknown and self dependencies as warnings on the task line and drop them', () => {
    const { graph, diagnostics } = planPrp(
      makePrp([{ title: 'First' }, { title: 'Second', dependsOn: ['T9', 'T2', 'T1'] }]),
    );
    expect(edgeList(graph.dependencies)).toEqual(['T1>T2:explicit']);
    const unknown = diagnostics.find((d) => d.code === 'unknown-dependency');
    expect(unknown).toMatchObject({ severity: 'warning', line: 11 });
    expect(unknown?.message).toContain('T9');
    expect(unknown?.message).toContain('"Second"');
    expect(diagnostics.map((d) => d.code).sort()).toEqual(['self-dependency', 'unknown-dependency']);
  });
});

describe('inferred dependencies', () => {
  it('make a task that modifies a created file wait for its creator', () => {
    const graph = buildTaskGraph(
      makePrp([
        { title: 'Auth service', action: 'CREATE', files: ['src/auth/service.ts'] },
        { title: 'Add logout', action: 'MODIFY', files: ['src/auth/service.ts'] },
      ]),
    );
    expect(graph.dependencies).toEqual([{ from: 'T1', to: 'T2', reason: 'creates-file', detail: 'src/auth/service.ts' }]);
  });

  it('match one file written as a bare name in one task and a full path in another', () => {
    const graph = buildTaskGraph(
      makePrp([
        { title: 'CREATE type definitions in `types.ts`', action: 'CREATE', files: ['types.ts'] },
        { title: 'Unrelated', action: 'CREATE', files: ['src/other.ts'] },
        { title: 'UPDATE types', action: 'UPDATE', files: ['packages/core/src/workflows/types.ts'] },
      ]),
    );
    expect(edgeList(graph.dependencies)).toEqual(['T1>T3:creates-file']);
  });

  it('use the action written next to each file of a task with several files', () => {
    const graph = buildTaskGraph(
      makePrp([
        { title: 'Foundation', body: 'CREATE src/config.py:\n  - settings\nMODIFY src/app.py:\n  - wire it', files: ['src/config.py', 'src/app.py'] },
        { title: 'Use config', body: 'UPDATE src/config.py: add a field', files: ['src/config.py'] },
        { title: 'Touch app', body: 'MODIFY src/app.py: add a route', files: ['src/app.py'] },
      ]),
    );
    expect(edgeList(graph.dependencies)).toEqual(['T1>T2:creates-file', 'T1>T3:same-file']);
  });

  it('link a task that imports a module another task creates (JS, Python, PHP)', () => {
    const graph = buildTaskGraph(
      makePrp([
        { title: 'Auth service', action: 'CREATE', files: ['src/auth/service.ts'] },
        { title: 'Login route', action: 'CREATE', files: ['src/routes/login.ts'], body: "```ts\nimport { login } from '../auth/service';\n```" },
        { title: 'Models', action: 'CREATE', files: ['app/models.py'] },
        { title: 'API', action: 'CREATE', files: ['app/api.py'], body: 'from app.models import User\n' },
        { title: 'User model', action: 'CREATE', files: ['app/Models/User.php'] },
        { title: 'Controller', action: 'CREATE', files: ['app/Http/Controllers/UserController.php'], body: 'use App\\Models\\User;' },
      ]),
    );
    expect(edgeList(graph.dependencies)).toEqual(['T1>T2:imports-file', 'T3>T4:imports-file', 'T5>T6:imports-file']);
    expect(graph.dependencies.find((d) => d.to === 'T2')?.detail).toBe('src/auth/service.ts');
  });

  it('link a task that names a created module by its path or distinctive name', () => {
    const graph = buildTaskGraph(
      makePrp([
        { title: 'Brave search tool', action: 'CREATE', files: ['tools/brave_search.py'] },
        { title: 'Gmail tool', action: 'CREATE', files: ['tools/gmail_tool.py'] },
        { title: 'Email agent', action: 'CREATE', files: ['agents/email_agent.py'], body: '- Register gmail_tool as @agent.tool' },
        { title: 'Research agent', action: 'CREATE', files: ['agents/research_agent.py'], body: '- Register brave_search as tool\n- Register email_agent.run() as tool' },
        { title: 'CLI', action: 'CREATE', files: ['cli.py'], body: '- Follow the pattern of `agents/research_agent.py`' },
      ]),
    );
    expect(edgeList(graph.dependencies)).toEqual([
      'T1>T4:imports-file',
      'T2>T3:imports-file',
      'T3>T4:imports-file',
      'T4>T5:imports-file',
    ]);
  });

  it('ignore plain words, ambiguous basenames and files that nobody creates', () => {
    const graph = buildTaskGraph(
      makePrp([
        { title: 'Config', action: 'CREATE', files: ['src/config.py'] },
        { title: 'Index A', action: 'CREATE', files: ['src/a/index.ts'] },
        { title: 'Index B', action: 'CREATE', files: ['src/b/index.ts'] },
        { title: 'Readme', action: 'CREATE', files: ['README.md'] },
        {
          title: 'Widget',
          action: 'CREATE',
          files: ['src/widget.ts'],
          body: 'Update the config so models load. Re-export from index.ts. Follow examples/README.md. See utils.py, self.config and src/existing.ts.',
        },
      ]),
    );
    expect(graph.dependencies).toEqual([]);
  });

  it('order two tasks that write the same file in document order, as a chain', () => {
    const graph = buildTaskGraph(
      makePrp([
        { title: 'Readme intro', action: 'UPDATE', files: ['README.md'] },
        { title: 'Other', action: 'UPDATE', files: ['docs/other.md'] },
        { title: 'Readme usage', action: 'UPDATE', files: ['README.md'] },
        { title: 'Readme badges', action: 'UPDATE', files: ['./README.md'] },
      ]),
    );
    expect(edgeList(graph.dependencies)).toEqual(['T1>T3:same-file', 'T3>T4:same-file']);
  });

  it('make a deletion wait for earlier tasks that still read the file', () => {
    const graph = buildTaskGraph(
      makePrp([
        { title: 'Move search', action: 'CREATE', files: ['src/services/search.py'], body: '- MOVE search_documents from src/legacy_utils.py' },
        { title: 'Unrelated', action: 'CREATE', files: ['src/other.py'] },
        { title: 'Cleanup', body: 'DELETE src/legacy_utils.py', files: ['src/legacy_utils.py'] },
      ]),
    );
    expect(edgeList(graph.dependencies)).toEqual(['T1>T3:same-file']);
  });

  it('make files inside a created directory wait for the task that creates it', () => {
    const graph = buildTaskGraph(
      makePrp([
        { title: 'Tools package', action: 'CREATE', files: ['src/tools/'] },
        { title: 'Search tool', action: 'CREATE', files: ['src/tools/search.py'] },
        { title: 'Elsewhere', action: 'CREATE', files: ['src/toolsets/x.py'] },
        { title: 'Workflows A', action: 'CREATE', files: ['skills/a/workflows/'] },
        { title: 'Some workflows folder', action: 'CREATE', files: ['workflows/'] },
      ]),
    );
    expect(edgeList(graph.dependencies)).toEqual(['T1>T2:creates-file']);
  });

  it('keep the strongest reason when an explicit edge and an inferred one link the same pair', () => {
    const graph = buildTaskGraph(
      makePrp([
        { title: 'Create', action: 'CREATE', files: ['a.ts'] },
        { title: 'Modify', action: 'MODIFY', files: ['a.ts'], dependsOn: ['T1'] },
      ]),
    );
    expect(graph.dependencies).toEqual([{ from: 'T1', to: 'T2', reason: 'explicit' }]);
  });

  it('never close a cycle against explicit dependencies', () => {
    // T1 explicitly waits for T2, so the inferred "T2 modifies what T1 creates" edge must not be added.
    const graph = buildTaskGraph(
      makePrp([
        { title: 'Create', action: 'CREATE', files: ['a.ts'], dependsOn: ['T2'] },
        { title: 'Modify', action: 'MODIFY', files: ['a.ts'] },
      ]),
    );
    expect(edgeList(graph.dependencies)).toEqual(['T2>T1:explicit']);
    expect(topologicalOrder(graph)).toEqual(['T2', 'T1']);
  });
});

describe('parallelism', () => {
  it('adds no edge between tasks that share nothing, whatever their order', () => {
    const graph = buildTaskGraph(
      makePrp([
        { title: 'Add login page', action: 'CREATE', files: ['web/login.tsx'], body: 'A React form.' },
        { title: 'Add migration', action: 'CREATE', files: ['db/migrations/001_users.sql'], body: 'CREATE TABLE users' },
        { title: 'Write docs', action: 'UPDATE', files: ['docs/auth.md'] },
        { title: 'Add CI job', action: 'CREATE', files: ['.github/workflows/ci.yml'] },
        { title: 'Tune settings', action: 'MODIFY', files: ['config/settings.py'] },
      ]),
    );
    expect(graph.tasks).toHaveLength(5);
    expect(graph.dependencies).toEqual([]);
  });

  it("chains every task after the previous one with order: 'document'", () => {
    const prp = makePrp([{ title: 'A' }, { title: 'B' }, { title: 'C' }, { title: 'D', dependsOn: ['T2'] }]);
    expect(edgeList(buildTaskGraph(prp, { order: 'document' }).dependencies)).toEqual([
      'T1>T2:document-order',
      'T2>T3:document-order',
      'T2>T4:explicit',
      'T3>T4:document-order',
    ]);
    expect(buildTaskGraph(prp).dependencies).toHaveLength(1);
  });

  it("bends document order around a backward explicit dependency instead of making a cycle", () => {
    const prp = makePrp([{ title: 'A', dependsOn: ['T3'] }, { title: 'B' }, { title: 'C' }]);
    const graph = buildTaskGraph(prp, { order: 'document' });
    expect(topologicalOrder(graph)).toEqual(['T2', 'T3', 'T1']);
    expect(edgeList(graph.dependencies)).toEqual(['T2>T3:document-order', 'T3>T1:explicit']);
  });
});

describe('cycles', () => {
  const prp = makePrp([
    { title: 'Schema', dependsOn: ['T3'] },
    { title: 'Service', dependsOn: ['T1'] },
    { title: 'Routes', dependsOn: ['T2'] },
    { title: 'Docs' },
  ]);

  it('make buildTaskGraph throw a CycleError that names its path with titles', () => {
    let error: unknown;
    try {
      buildTaskGraph(prp);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CycleError);
    const cycle = error as CycleError;
    expect(cycle.reason).toBe('cycle');
    expect(cycle.path[0]).toBe(cycle.path[cycle.path.length - 1]);
    expect(new Set(cycle.path)).toEqual(new Set(['T1', 'T2', 'T3']));
    for (const title of ['"Schema"', '"Service"', '"Routes"']) expect(cycle.message).toContain(title);
  });

  it('make planPrp return the tasks and an error diagnostic instead of throwing', () => {
    const { graph, diagnostics } = planPrp(prp);
    expect(graph.tasks.map((t) => t.id)).toEqual(['T1', 'T2', 'T3', 'T4']);
    const cycle = diagnostics.filter((d) => d.code === 'cycle');
    expect(cycle).toHaveLength(1);
    expect(cycle[0]!.severity).toBe('error');
    expect(cycle[0]!.message).toMatch(/T\d "\w+" → T\d "\w+" → T\d "\w+" → T\d "\w+"/);
  });
});

describe('tasks', () => {
  it('keep title, body, files, action, range and marker, and get tags and an estimate', () => {
    const { graph } = planPrp(
      makePrp([
        { title: 'CREATE src/api/users.ts', body: 'Express router for users.', files: ['src/api/users.ts'], action: 'CREATE', marker: 'done' },
        { title: 'Plain', body: 'Nothing much.' },
      ]),
    );
    const [first, second] = graph.tasks;
    expect(first).toMatchObject({
      id: 'T1',
      title: 'CREATE src/api/users.ts',
      body: 'Express router for users.',
      files: ['src/api/users.ts'],
      action: 'CREATE',
      marker: 'done',
      range: { startLine: 1, endLine: 9 },
    });
    expect(first!.tags).toEqual(expect.arrayContaining(['typescript', 'express', 'backend']));
    expect(first!.complexity).toBeGreaterThanOrEqual(1);
    expect(first!.estimateMs).toBeGreaterThan(0);
    expect(second!.marker).toBeUndefined();
    expect(second!.action).toBeUndefined();
    expect(graph.title).toBe('Test PRP');
  });
});

describe('large plans', () => {
  it('plan 1000 tasks: each module waits only for the module it imports', () => {
    // Task i creates module i and imports module i - 10 (when there is one): ten independent chains.
    const literals = Array.from({ length: 1000 }, (_, i) => ({
      title: `Module ${i}`,
      action: 'CREATE',
      files: [`src/m${i}/feature_${i}.ts`],
      body: i >= 10 ? `import { f } from '../m${i - 10}/feature_${i - 10}';\nKeep it small.` : 'Keep it small.',
    }));
    const graph = buildTaskGraph(makePrp(literals));
    expect(graph.dependencies).toHaveLength(990);
    expect(graph.dependencies.every((d) => d.reason === 'imports-file')).toBe(true);
    expect(graph.dependencies.every((d) => Number(d.to.slice(1)) - Number(d.from.slice(1)) === 10)).toBe(true);
  });
});
