import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Prp } from '../../src/orchestrator/model';
import { parsePrp } from '../../src/orchestrator/prp';

const fixtures = path.resolve(__dirname, '../fixtures/prp');
const read = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');
const parse = (name: string) => parsePrp(read(name), { path: `PRPs/${name}` });
const codes = (prp: Prp) => prp.diagnostics.map((d) => d.code);
const byTitle = (prp: Prp, title: string) => {
  const task = prp.tasks.find((t) => t.title === title);
  if (!task) throw new Error(`no task titled ${title}; have ${prp.tasks.map((t) => t.title).join(' | ')}`);
  return task;
};

describe('parsePrp: YAML-fenced task lists (prp_base style)', () => {
  const prp = parse('yaml-tasks.md');

  it('reads the `name:` header before `---` without turning it into a heading', () => {
    expect(prp.title).toBe('Inventory Sync - YAML Task List');
    expect(prp.name).toBe('Inventory Sync - YAML Task List');
    expect(prp.description).toBe('## Purpose\nKeep warehouse stock in step with the shop.');
    expect(prp.sections.map((s) => s.heading)).toContain('Purpose');
    expect(prp.sections.some((s) => s.heading.startsWith('description'))).toBe(false);
  });

  it('finds `Task N:` and `Task N - Title:` entries, indented ones included, line by line', () => {
    expect(prp.tasks.map((t) => [t.id, t.number, t.title])).toEqual([
      ['T1', 1, 'Create the client'],
      ['T2', 2, 'Add the worker loop'],
      ['T3', 3, 'MODIFY sync/settings.toml'],
      ['T4', 4, 'Final cleanup'],
    ]);
    expect(prp.tasks.map((t) => t.range)).toEqual([
      { startLine: 28, endLine: 32 },
      { startLine: 34, endLine: 37 },
      { startLine: 39, endLine: 41 },
      { startLine: 44, endLine: 46 },
    ]);
  });

  it('takes target files from CREATE/MODIFY/DELETE lines, not from PATTERN or MIRROR references', () => {
    expect(prp.tasks.map((t) => t.files)).toEqual([['sync/client.py'], ['sync/worker.py'], ['sync/settings.toml'], ['legacy/old_client.py']]);
    expect(prp.tasks.map((t) => t.action)).toEqual(['CREATE', 'CREATE', 'MODIFY', 'DELETE']);
  });

  it('ends a task at a `Phase N:` line and keeps the body as written', () => {
    expect(byTitle(prp, 'MODIFY sync/settings.toml').body).toBe('    - ADD the interval setting\n    - Depends on: Tasks 1-2');
    expect(byTitle(prp, 'Final cleanup').body).toBe('DELETE legacy/old_client.py\nRUN the whole suite');
  });

  it('reads task dependencies but not a DEPENDENCIES line that names libraries', () => {
    expect(prp.tasks.map((t) => t.dependsOn)).toEqual([[], ['T1'], ['T1', 'T2'], []]);
  });

  it('never reads `# Task` comments or `##` lines inside other code blocks as tasks or headings', () => {
    expect(prp.tasks).toHaveLength(4);
    expect(prp.sections.map((s) => s.heading)).not.toContain('Neither is this heading');
  });

  it('fills goal, why, what and the success criteria', () => {
    expect(prp.goal).toBe('Sync stock levels every five minutes.');
    expect(prp.why).toBe('- Overselling costs refunds');
    expect(prp.what).toBe('A worker that pulls stock and pushes it to the shop.');
    expect(prp.successCriteria).toEqual([
      { text: 'Stock differs by at most one minute', done: false, line: 19 },
      { text: 'Worker restarts on crash', done: true, line: 20 },
    ]);
    expect(prp.validation).toEqual([{ level: 1, name: 'Lint', commands: [{ command: 'ruff check sync/ --fix', line: 62 }], range: { startLine: 60, endLine: 63 } }]);
    expect(prp.diagnostics).toEqual([]);
  });
});

describe('parsePrp: `### Task N:` headings with dependencies', () => {
  const prp = parse('heading-tasks.md');

  it('takes each Task heading as a task that owns its sub-headings', () => {
    expect(prp.tasks.map((t) => t.title)).toEqual([
      'CREATE src/cart/store.ts',
      'UPDATE src/cart/api.ts for totals',
      'ADD price rounding',
      'Wire the checkout page',
      'Polish',
      'A second task four',
    ]);
    expect(byTitle(prp, 'UPDATE src/cart/api.ts for totals').body).toContain('#### Step 1: sub-step that belongs to Task 2');
  });

  it('reads files from the title, FILE: lines and action bullets, and skips VALIDATE commands', () => {
    expect(prp.tasks.map((t) => t.files)).toEqual([['src/cart/store.ts'], ['src/cart/api.ts'], ['src/cart/round.ts'], ['src/pages/checkout.tsx'], [], []]);
    expect(prp.tasks.map((t) => t.action)).toEqual(['CREATE', 'UPDATE', 'ADD', 'MODIFY', undefined, undefined]);
  });

  it('resolves None, Task N, Task N, Task M, Tasks N-M and T2 and T4', () => {
    expect(prp.tasks.map((t) => t.dependsOn)).toEqual([[], ['T1'], ['T1', 'T2'], ['T1', 'T2', 'T3'], ['T2', 'T4'], ['T4']]);
  });

  it('reports unknown, self and duplicate numbers with their lines', () => {
    const find = (code: string) => prp.diagnostics.filter((d) => d.code === code).map((d) => [d.severity, d.line]);
    expect(find('unknown-dependency')).toEqual([['warning', 26]]);
    expect(find('self-dependency')).toEqual([['warning', 36]]);
    expect(find('duplicate-task-number')).toEqual([['warning', 38]]);
    expect(prp.diagnostics.find((d) => d.code === 'unknown-dependency')!.message).toContain('Task 9');
  });

  it('keeps a fenced `### heading` inside a task body instead of splitting the task', () => {
    expect(byTitle(prp, 'Wire the checkout page').body).toContain('### Not a heading, inside a fence');
    expect(prp.sections.map((s) => s.heading)).not.toContain('Not a heading, inside a fence');
  });
});

describe('parsePrp: status markers', () => {
  const prp = parse('status-markers.md');

  it('reads [x], [ ], [~], [-], [wip], [f], ✅ COMPLETED, (DONE) and 🚧, and strips them from titles', () => {
    expect(prp.tasks.map((t) => [t.number, t.title, t.marker])).toEqual([
      [1, 'Done with backticks', 'done'],
      [2, 'Still to do', 'todo'],
      [3, 'Half way', 'in-progress'],
      [4, 'Also in progress', 'in-progress'],
      [5, 'Finished work', 'done'],
      [6, 'Work in progress', 'in-progress'],
      [7, 'Shipped', 'done'],
      [8, 'Under construction', 'in-progress'],
      [9, 'Failed once', 'todo'],
      [10, 'No marker at all', undefined],
    ]);
  });
});

describe('parsePrp: `### CREATE path:` action headings with frontmatter', () => {
  const prp = parse('action-headings.md');

  it('reads real frontmatter', () => {
    expect(prp.title).toBe('Toast Move');
    expect(prp.description).toBe('Move the toast component');
    expect(prp.frontmatter).toEqual({ name: 'Toast Move', description: 'Move the toast component', tags: ['ui', 'refactor'] });
  });

  it('takes each action heading as a task and skips the guidelines heading', () => {
    expect(prp.tasks.map((t) => [t.title, t.action, t.files, t.number])).toEqual([
      ['CREATE web/src/ui/toast.tsx', 'CREATE', ['web/src/ui/toast.tsx'], undefined],
      ['UPDATE web/src/App.tsx', 'UPDATE', ['web/src/App.tsx'], undefined],
      ['DELETE web/src/legacy/Toast.js', 'DELETE', ['web/src/legacy/Toast.js'], undefined],
    ]);
  });

  it('reads the COMPLETION CHECKLIST', () => {
    expect(prp.checklist).toEqual([
      { text: 'Toast created', done: false, line: 32 },
      { text: 'Old toast removed', done: true, line: 33 },
    ]);
  });
});

describe('parsePrp: unnumbered task sections, Step N headings and task lists', () => {
  it('takes the sub-headings of `## Step by Step Tasks` as tasks', () => {
    const prp = parse('step-by-step.md');
    expect(prp.tasks.map((t) => [t.title, t.files, t.number])).toEqual([
      ['Add the retry queue', ['server/webhooks/queue.py'], undefined],
      ['Update the sender', ['server/webhooks/sender.py'], undefined],
      ['Run Validation Commands', [], undefined],
    ]);
    expect(prp.validation.map((l) => [l.level, l.name, l.commands.map((c) => c.command)])).toEqual([
      [1, 'Validation Commands', ['cd server && uv run pytest tests/webhooks -v']],
    ]);
    expect(codes(prp)).toEqual([]);
  });

  it('takes `### Step N:` headings as numbered tasks', () => {
    const prp = parse('step-headings.md');
    expect(prp.tasks.map((t) => [t.number, t.title, t.marker])).toEqual([
      [1, 'Create the welcome page', undefined],
      [2, 'Add the tour', undefined],
      [3, 'Track completion', 'done'],
    ]);
    expect(prp.tasks[0]!.files).toEqual(['app/welcome/page.tsx']);
  });

  it('takes the outermost items of a `## Tasks` list, checkboxes as markers', () => {
    const prp = parse('list-tasks.md');
    expect(prp.tasks.map((t) => [t.title, t.marker, t.number, t.files])).toEqual([
      ['Rename `lib/old.ts` to `lib/new.ts`', 'done', undefined, ['lib/old.ts', 'lib/new.ts']],
      ['Update the README', 'todo', undefined, []],
      ['Bump the version in `package.json`', undefined, 3, ['package.json']],
    ]);
  });
});

describe('parsePrp: free-form PRPs', () => {
  const prp = parse('free-form.md');

  it('uses the leaf phases of the first phase group as tasks and says so', () => {
    expect(prp.tasks.map((t) => [t.title, t.files])).toEqual([
      ['1.1 Add an index', ['db/migrations/002_search_index.sql']],
      ['1.2 Cache results', ['server/search/cache.py']],
      ['2.1 Debounce the input', []],
    ]);
    const noTasks = prp.diagnostics.find((d) => d.code === 'no-tasks')!;
    expect(noTasks.severity).toBe('warning');
    expect(noTasks.line).toBe(10);
    expect(noTasks.message).toContain('3 phases/steps under "Proposed Solution"');
  });
});

describe('parsePrp: code fences', () => {
  const prp = parse('fences.md');

  it('never reads headings or `# Task` lines inside fences, and reports an unclosed fence', () => {
    expect(prp.tasks.map((t) => t.title)).toEqual(['CREATE src/a.ts', 'CREATE src/b.ts']);
    expect(prp.sections.map((s) => s.heading)).toEqual(['Fences', 'Tasks', 'Task 1: CREATE src/a.ts', 'Task 2: CREATE src/b.ts']);
    const fence = prp.diagnostics.find((d) => d.code === 'unterminated-fence')!;
    expect([fence.severity, fence.line, fence.endLine]).toEqual(['warning', 15, 17]);
  });
});

describe('parsePrp: validation levels', () => {
  const prp = parse('validation.md');
  const commands = (level: number) => prp.validation.find((l) => l.level === level)!.commands;

  it('finds every level, with or without commands', () => {
    expect(prp.validation.map((l) => [l.level, l.name])).toEqual([
      [1, 'Syntax & Style'],
      [2, 'Unit Tests'],
      [3, 'Placeholders'],
      [4, 'Manual'],
      [5, 'Console transcript'],
      [6, 'Validation Commands (inline)'],
    ]);
  });

  it('skips comments and expected output, and strips trailing comments', () => {
    expect(commands(1)).toEqual([
      { command: 'npm run lint', line: 8 },
      { command: 'npx tsc --noEmit 2>&1 | grep "src/"', line: 9 },
    ]);
  });

  it('joins backslash, open-quote, heredoc and pipe continuations; ignores python blocks', () => {
    expect(commands(2)).toEqual([
      { command: `curl -X POST http://localhost:3000/api -H "Content-Type: application/json" -d '{"a": 1}'`, line: 22 },
      { command: 'psql "$DATABASE_URL" -c "\n  SELECT 1;\n"', line: 25 },
      { command: 'cat <<EOF2 > out.txt\nline one\nEOF2', line: 28 },
      { command: 'npm test | tee test.log', line: 31 },
    ]);
  });

  it('marks template placeholders and warns about each', () => {
    expect(commands(3).map((c) => [c.command, c.placeholder ?? false])).toEqual([
      ['[your test command here]', true],
      ['curl http://localhost:8080/items/<item-id>', true],
      [`grep -E '[a-z]+' notes.txt`, false],
      ['echo "${HOME}" {name}', true],
    ]);
    expect(prp.diagnostics.filter((d) => d.code === 'placeholder-command').map((d) => d.line)).toEqual([37, 38, 40]);
  });

  it('reads console transcripts and inline list commands', () => {
    expect(commands(4)).toEqual([]);
    expect(commands(5).map((c) => c.command)).toEqual(['npm run e2e', 'echo done']);
    expect(commands(6)).toEqual([
      { command: 'pnpm build', line: 56 },
      { command: 'node dist/cli.js --help', line: 58 },
    ]);
    expect(prp.diagnostics.find((d) => d.code === 'manual-validation-level')!.line).toBe(43);
  });
});

describe('parsePrp: criteria', () => {
  const prp = parse('criteria.md');

  it('reads success and acceptance criteria, outermost items only', () => {
    expect(prp.successCriteria).toEqual([
      { text: 'First criterion', done: false, line: 7 },
      { text: 'Second criterion, already met', done: true, line: 8 },
      { text: 'Third written with a check mark', done: true, line: 12 },
      { text: 'Plain bullet criterion', done: false, line: 13 },
    ]);
  });

  it('reads the final checklist across its sub-headings but not an edge-case checklist', () => {
    expect(prp.checklist).toEqual([
      { text: 'Tests pass: `npm test`', done: false, line: 23 },
      { text: 'Feature works', done: true, line: 26 },
    ]);
  });
});

describe('parsePrp: files that are not PRPs', () => {
  it('gives a plain README a Prp with no tasks and actionable warnings', () => {
    const prp = parse('plain-readme.md');
    expect(prp.title).toBe('my-library');
    expect(prp.tasks).toEqual([]);
    expect(prp.validation).toEqual([]);
    expect(prp.diagnostics.map((d) => [d.severity, d.code, d.line])).toEqual([
      ['warning', 'no-tasks', 1],
      ['warning', 'no-validation', 1],
    ]);
  });

  it('falls back to the file name, then to "Untitled PRP", for the title', () => {
    expect(parsePrp('no heading here', { path: 'docs/PRPs/add-auth.md' }).title).toBe('add-auth');
    expect(parsePrp('no heading here').title).toBe('Untitled PRP');
    expect(parsePrp('', { path: 'C:\\work\\PRPs\\win.md' }).title).toBe('win');
  });

  it('reports invalid frontmatter and keeps going', () => {
    const prp = parsePrp('---\nname: [unclosed\n---\n# Title\n\n### Task 1: Do it\n');
    expect(prp.title).toBe('Title');
    expect(prp.tasks.map((t) => t.title)).toEqual(['Do it']);
    const diagnostic = prp.diagnostics.find((d) => d.code === 'invalid-frontmatter')!;
    expect([diagnostic.severity, diagnostic.line, diagnostic.endLine]).toEqual(['warning', 1, 3]);
  });

  it('warns about frontmatter that is never closed', () => {
    const prp = parsePrp('---\nname: Lost\n\n# Heading\n');
    expect(codes(prp)).toContain('unterminated-frontmatter');
    expect(prp.frontmatter).toBeUndefined();
  });
});
