import { describe, expect, it } from 'vitest';
import { buildTaskGraph } from '../../src/orchestrator/plan';
import { edgeList, makePrp } from './planFixtures';

const code = (lang: string, ...lines: string[]) => ['```' + lang, ...lines, '```'].join('\n');

describe('uses-symbol', () => {
  it('links a task that uses a type an earlier task exports in code', () => {
    const graph = buildTaskGraph(
      makePrp([
        { title: 'CREATE type definitions', action: 'CREATE', files: ['src/types.ts'], body: code('ts', 'export interface DagNode {', '  id: string;', '}', "export type TriggerRule = 'all' | 'one';") },
        { title: 'Unrelated', action: 'CREATE', files: ['src/other.ts'], body: 'Format dates.' },
        { title: 'CREATE executor', action: 'CREATE', files: ['src/run.ts'], body: code('ts', 'export function run(node: DagNode): void;') },
      ]),
    );
    expect(graph.dependencies).toEqual([{ from: 'T1', to: 'T3', reason: 'uses-symbol', detail: 'DagNode' }]);
  });

  it('reads the names an ACTION or ADD line lists, up to the word that says where', () => {
    const graph = buildTaskGraph(
      makePrp([
        { title: 'Types', action: 'UPDATE', files: ['a.ts'], body: '- **ACTION**: ADD DagNode, DagWorkflow, TriggerRule types' },
        { title: 'Field', action: 'UPDATE', files: ['b.py'], body: '- ADD: priority field to UpdateTaskRequest class\n- IMPLEMENT: Remove task_order coupling' },
        { title: 'Loader', action: 'UPDATE', files: ['c.ts'], body: 'Return a DagWorkflow or throw.' },
        { title: 'Client', action: 'UPDATE', files: ['d.ts'], body: 'Send an UpdateTaskRequest; drop task_order.' },
      ]),
    );
    expect(graph.dependencies).toEqual([{ from: 'T1', to: 'T3', reason: 'uses-symbol', detail: 'DagWorkflow' }]);
  });

  it('counts top-level Python definitions of a task that creates code, not nested ones or code shown in a change', () => {
    const graph = buildTaskGraph(
      makePrp([
        { title: 'Add variant detection', body: code('python', 'def is_llms_variant(url):', '    def inner_helper():', '        pass') },
        { title: 'Current code', action: 'MODIFY', files: ['x.py'], body: code('python', 'def existing_helper():', '    pass') },
        { title: 'Use it', action: 'MODIFY', files: ['y.py'], body: 'if self.url_handler.is_llms_variant(url) and inner_helper() and existing_helper():' },
      ]),
    );
    expect(graph.dependencies).toEqual([{ from: 'T1', to: 'T3', reason: 'uses-symbol', detail: 'is_llms_variant' }]);
  });

  it('matches a name of three words or more written as a phrase', () => {
    const graph = buildTaskGraph(
      makePrp([
        { title: 'Graph', action: 'CREATE', files: ['g.ts'], body: code('ts', 'export function buildDependencyGraph(): Graph;') },
        { title: 'Executor', action: 'UPDATE', files: ['e.ts'], body: '// 1. Build dependency graph\n// 2. Run it' },
        { title: 'Other', action: 'UPDATE', files: ['o.ts'], body: 'Build the graph of dependencies.' },
      ]),
    );
    expect(edgeList(graph.dependencies)).toEqual(['T1>T2:uses-symbol']);
  });

  it('ignores symbols that are common words, product names and path segments', () => {
    const graph = buildTaskGraph(
      makePrp([
        { title: 'Config', action: 'CREATE', files: ['config.ts'], body: code('ts', 'export const config = {};', 'export function update(): void;', 'export class Graph {}') },
        { title: 'Models', action: 'CREATE', files: ['m.ts'], body: '- DEFINE TypeScript interfaces for the models\n- ADD ToastContext provider' },
        { title: 'Use', action: 'UPDATE', files: ['u.ts'], body: "Update the config and the Graph in TypeScript.\nimport { useToast } from '../contexts/ToastContext'" },
      ]),
    );
    expect(graph.dependencies).toEqual([]);
  });

  it('never links to a task that comes later, where the name was only mentioned first', () => {
    const graph = buildTaskGraph(
      makePrp([
        { title: 'Route', action: 'CREATE', files: ['route.ts'], body: 'Call UserService.find().' },
        { title: 'Service', action: 'CREATE', files: ['service.ts'], body: code('ts', 'export class UserService {}') },
        { title: 'Handler', action: 'CREATE', files: ['handler.ts'], body: 'Inject UserService.' },
      ]),
    );
    expect(edgeList(graph.dependencies)).toEqual(['T2>T3:uses-symbol']);
  });
});

describe('uses-package', () => {
  it('links a task that imports a package to the task that installs it', () => {
    const graph = buildTaskGraph(
      makePrp([
        { title: 'ADD graph-data-structure dependency', body: '- **IMPLEMENT**: `bun add graph-data-structure`' },
        { title: 'Loader', action: 'UPDATE', files: ['loader.ts'], body: "- **IMPORTS**: `import Graph from 'graph-data-structure'`" },
        { title: 'Setup pytest', files: ['pyproject.toml'], body: '- ADD pytest and pytest-asyncio by running uv add pytest pytest-asyncio' },
        { title: 'Async fixtures', action: 'CREATE', files: ['conftest.py'], body: code('python', 'import pytest_asyncio') },
      ]),
    );
    expect(graph.dependencies).toEqual([
      { from: 'T1', to: 'T2', reason: 'uses-package', detail: 'graph-data-structure' },
      { from: 'T3', to: 'T4', reason: 'uses-package', detail: 'pytest-asyncio' },
    ]);
  });

  it('reads "ADD x dependency" and package.json entries, and distinctive names in prose', () => {
    const graph = buildTaskGraph(
      makePrp([
        { title: 'INSTALL', files: ['web/package.json'], body: '- ADD: "@radix-ui/react-toast" dependency\n- Add `"zod": "^3.22.0"` to dependencies' },
        { title: 'Toast', action: 'CREATE', files: ['toast.tsx'], body: 'Wrap the primitives of @radix-ui/react-toast.' },
        { title: 'Schema', action: 'CREATE', files: ['schema.ts'], body: "import { z } from 'zod';" },
      ]),
    );
    expect(edgeList(graph.dependencies)).toEqual(['T1>T2:uses-package', 'T1>T3:uses-package']);
  });

  it('does not count a package whose name is a common word unless it is imported', () => {
    const graph = buildTaskGraph(
      makePrp([
        { title: 'Dependencies', files: ['requirements.txt'], body: 'Run `pip install requests` then npm install to fetch the rest.\n- Add development dependencies group' },
        { title: 'Retry', action: 'CREATE', files: ['retry.py'], body: 'Handle requests gracefully; retry failed requests.' },
        { title: 'Client', action: 'CREATE', files: ['client.py'], body: code('python', 'import requests') },
      ]),
    );
    expect(graph.dependencies).toEqual([{ from: 'T1', to: 'T3', reason: 'uses-package', detail: 'requests' }]);
  });
});

describe('tests-code', () => {
  it('makes a test file wait for the file it tests', () => {
    const graph = buildTaskGraph(
      makePrp([
        { title: 'Toast primitive', action: 'CREATE', files: ['web/src/ui/toast.tsx'] },
        { title: 'Other', action: 'CREATE', files: ['web/src/other.ts'] },
        { title: 'Toast tests', action: 'CREATE', files: ['web/test/ui/toast.test.tsx'], body: 'Component tests for Toast primitives' },
      ]),
    );
    expect(graph.dependencies).toEqual([{ from: 'T1', to: 'T3', reason: 'tests-code', detail: 'web/src/ui/toast.tsx' }]);
  });

  it('reads the glob of the command a test task runs', () => {
    const graph = buildTaskGraph(
      makePrp([
        { title: 'CREATE dag-executor.ts', action: 'CREATE', files: ['src/dag-executor.ts'] },
        { title: 'CREATE condition-evaluator.ts', action: 'CREATE', files: ['src/condition-evaluator.ts'] },
        { title: 'CREATE unit tests for DAG execution', action: 'CREATE', body: '- **ACTION**: CREATE test suite\n- **VALIDATE**: `bun test src/dag-*.test.ts`' },
      ]),
    );
    expect(edgeList(graph.dependencies)).toEqual(['T1>T3:tests-code']);
  });

  it('makes a test task that names nothing wait for the code written before it, not for documents', () => {
    const graph = buildTaskGraph(
      makePrp([
        { title: 'Models', action: 'CREATE', files: ['app/models.py'] },
        { title: 'API', action: 'CREATE', files: ['app/api.py'], body: 'from app.models import User' },
        { title: 'Settings', action: 'CREATE', files: ['app/settings.py'] },
        { title: 'Readme', action: 'CREATE', files: ['README.md'] },
        { title: 'Add Integration Tests', body: 'Exercise the whole API end to end.' },
        { title: 'CLI', action: 'CREATE', files: ['app/cli.py'] },
      ]),
    );
    // T1 is behind T2, so the test waits for T2 and T3 only; the later CLI stays parallel.
    expect(edgeList(graph.dependencies)).toEqual(['T1>T2:imports-file', 'T2>T5:tests-code', 'T3>T5:tests-code']);
  });

  it('leaves a test task with stated dependencies, and a task that writes code and its tests, as they are', () => {
    const graph = buildTaskGraph(
      makePrp([
        { title: 'Page', action: 'CREATE', files: ['index.html'] },
        { title: 'Footer', action: 'CREATE', files: ['footer.html'] },
        { title: 'Responsive Testing & Polish', dependsOn: ['T2'], body: 'Test all breakpoints.' },
        { title: 'Search service', action: 'CREATE', files: ['src/search.py', 'src/tests/test_search.py'] },
      ]),
    );
    expect(edgeList(graph.dependencies)).toEqual(['T2>T3:explicit']);
  });
});

describe('transitive reduction', () => {
  it('drops an inferred edge that a path already implies, never an explicit one', () => {
    const prp = makePrp([
      { title: 'Types', action: 'CREATE', files: ['types.ts'], body: code('ts', 'export interface NodeState {}', 'export interface DagNode {}') },
      { title: 'Guard', action: 'CREATE', files: ['guard.ts'], body: code('ts', 'export function isDagNode(x: DagNode): boolean;') },
      { title: 'Executor', action: 'CREATE', files: ['executor.ts'], body: 'Uses NodeState and isDagNode.' },
    ]);
    expect(edgeList(buildTaskGraph(prp).dependencies)).toEqual(['T1>T2:uses-symbol', 'T2>T3:uses-symbol']);
    prp.tasks[2]!.dependsOn = ['T1'];
    expect(edgeList(buildTaskGraph(prp).dependencies)).toEqual(['T1>T2:uses-symbol', 'T1>T3:explicit', 'T2>T3:uses-symbol']);
  });
});
