import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Prp } from '../../src/orchestrator/model';
import { parsePrp } from '../../src/orchestrator/prp';

/**
 * Facts read by hand from each real PRP in ../shared/prp-corpus. The folder is third-party input that lives
 * outside the repository, so these tests skip where it is absent.
 */
const corpus = path.resolve(__dirname, '../../../shared/prp-corpus');
const present = existsSync(corpus);
const files = present ? readdirSync(corpus).filter((f) => f.endsWith('.md') && f !== 'README.md') : [];
const cache = new Map<string, { prp: Prp; lines: string[] }>();

function load(name: string): { prp: Prp; lines: string[] } {
  let entry = cache.get(name);
  if (!entry) {
    const text = readFileSync(path.join(corpus, name), 'utf8');
    entry = { prp: parsePrp(text, { path: name }), lines: text.split('\n') };
    cache.set(name, entry);
  }
  return entry;
}
const titles = (prp: Prp) => prp.tasks.map((t) => t.title);
const task = (prp: Prp, id: string) => prp.tasks.find((t) => t.id === id)!;
const commands = (prp: Prp, level: number) => prp.validation.find((l) => l.level === level)!.commands.map((c) => c.command);
const codes = (prp: Prp) => prp.diagnostics.map((d) => d.code);

describe.skipIf(!present)('PRP corpus: every file', () => {
  it('holds the twelve files whose facts this suite checks (more may be added; each still gets the generic checks)', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  it.each(files)('%s parses with tasks, sound ranges and text as written', (name) => {
    const { prp, lines } = load(name);
    expect(codes(prp)).not.toContain('internal-error');
    expect(prp.tasks.length).toBeGreaterThan(0);
    expect(prp.source.lineCount).toBe(lines[lines.length - 1] === '' ? lines.length - 1 : lines.length);
    prp.tasks.forEach((t, i) => {
      expect(t.id).toBe(`T${i + 1}`);
      expect(t.range.startLine).toBeGreaterThanOrEqual(1);
      expect(t.range.endLine).toBeGreaterThanOrEqual(t.range.startLine);
      expect(t.range.endLine).toBeLessThanOrEqual(prp.source.lineCount);
      // The title is the text on the task's first line, markers and numbering aside.
      expect(lines[t.range.startLine - 1]).toContain(t.title);
      for (const dep of t.dependsOn) expect(prp.tasks.some((other) => other.id === dep && other !== t)).toBe(true);
    });
    for (const level of prp.validation) {
      for (const c of level.commands) {
        // A joined command starts with the text of its first line, as written there.
        expect(lines[c.line - 1]).toContain(c.command.split('\n', 1)[0]!.slice(0, 12));
      }
    }
  });
});

describe.skipIf(!present)('PRP corpus: file by file', () => {
  it('JakeRyanio glr-landing-page: Task headings, **Dependencies** None / Task 1 / Tasks 2-9, inline validation', () => {
    const { prp } = load('JakeRyanio__GlobalLuxuryRealty__glr-landing-page.md');
    expect(prp.title).toBe('PRP: Global Luxury Realty Landing Page');
    expect(prp.tasks.map((t) => t.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(titles(prp)).toContain('Social Proof - Sold Properties Section');
    expect(task(prp, 'T7').title).toBe('Testimonial/Quote Section (Optional Enhancement)');
    expect(task(prp, 'T11').title).toBe('Responsive Testing & Polish');
    expect(prp.tasks.map((t) => t.dependsOn)).toEqual([
      [],
      ['T1'],
      ['T1'],
      ['T1'],
      ['T1'],
      ['T1'],
      ['T5'],
      ['T1'],
      ['T1'],
      ['T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9'],
      ['T10'],
    ]);
    expect(task(prp, 'T1').files).toEqual(['tailwind.config.js', 'src/input.css', 'index.html']);
    expect(task(prp, 'T1').range).toEqual({ startLine: 85, endLine: 109 });
    expect(task(prp, 'T1').body).toContain("gold: { DEFAULT: '#c9a962', light: '#d4b978', dark: '#b8944d' },");
    expect(prp.validation).toHaveLength(1);
    expect(prp.validation[0]!.name).toBe('Per-Task Validation');
    expect(prp.validation[0]!.commands).toEqual([{ command: 'npx tailwindcss -i ./src/input.css -o ./dist/output.css', line: 276 }]);
    expect(prp.checklist).toHaveLength(10);
    expect(prp.checklist[0]).toEqual({ text: 'Open in Chrome DevTools, test all responsive breakpoints', done: false, line: 287 });
    expect(codes(prp)).toEqual([]);
  });

  it('Web-CHEMBIM school-management-system: 13 YAML tasks, six Laravel levels, joined curl', () => {
    const { prp } = load('Web-CHEMBIM__context-engineering-intro__school-management-system.md');
    expect(prp.title).toBe('Laravel School Management System with Cuba Admin Theme');
    expect(prp.tasks).toHaveLength(13);
    expect(task(prp, 'T1').title).toBe('Laravel Project Setup & Dependencies');
    expect(task(prp, 'T9').title).toBe('School Management Dashboard Widgets');
    expect(task(prp, 'T13').title).toBe('Testing & Quality Assurance');
    expect([task(prp, 'T1').action, task(prp, 'T4').action]).toEqual(['CREATE', 'CONFIGURE']);
    expect(task(prp, 'T9').body).toContain('  - Parent Statistics (if needed)');
    expect(prp.validation.map((l) => l.name)).toEqual([
      'Laravel Standards & Setup',
      'Model Relationships & Database',
      'Role-Based Access Control',
      'Cuba Theme Integration',
      'Widget Functionality',
      'API Endpoints',
    ]);
    expect(commands(prp, 1).slice(0, 5)).toEqual(['composer install', 'cp .env.example .env', 'php artisan key:generate', 'php artisan migrate:fresh --seed', 'php artisan about']);
    expect(commands(prp, 1)).toContain('php artisan vendor:publish --provider="Spatie\\Permission\\PermissionServiceProvider"');
    const api = prp.validation[5]!.commands;
    expect(api[0]).toEqual({ command: `curl -X POST http://localhost:8000/api/login -H "Content-Type: application/json" -d '{"email": "admin@test.com", "password": "password"}'`, line: 497 });
    expect(api[1]).toEqual({ command: 'curl -X GET http://localhost:8000/api/students -H "Authorization: Bearer {token}"', line: 502, placeholder: true });
    expect(prp.successCriteria).toHaveLength(8);
    expect(prp.checklist).toHaveLength(10);
  });

  it('Wirasm consolidate-prp-skills: `[x]` Task headings, ACTION bullets, inline validation commands', () => {
    const { prp } = load('Wirasm__PRPs-agentic-eng__consolidate-prp-skills.plan.md');
    expect(prp.title).toBe('Feature: Consolidate the PRP skill suite (18 → 12)');
    expect(prp.tasks.map((t) => [t.number, t.marker])).toEqual([1, 2, 3, 4, 5, 6].map((n) => [n, 'done']));
    expect(titles(prp).slice(0, 2)).toEqual(['Remove `prp-core-runner`', 'Merge review pair → `prp-review`']);
    expect([task(prp, 'T1').action, task(prp, 'T1').files]).toEqual(['DELETE', ['.claude/skills/prp-core-runner/']]);
    expect(task(prp, 'T5').files).toEqual(expect.arrayContaining(['prp_loop.py', '.claude/hooks/prp-ralph-stop.sh', '.claude/settings.local.json']));
    expect(prp.tasks.every((t) => t.dependsOn.length === 0)).toBe(true);
    expect(prp.validation.map((l) => l.name)).toEqual(['Validation Commands']);
    expect(prp.validation[0]!.commands.slice(0, 2)).toEqual([
      { command: 'ls -1d .claude/skills/*/ | wc -l', line: 100 },
      { command: 'python3 -m py_compile .claude/PRPs/scripts/prp_loop.py', line: 101 },
    ]);
    expect(prp.successCriteria[0]).toEqual({ text: '12 skills remain; the 6 removed/merged are gone', done: false, line: 108 });
    expect(prp.successCriteria).toHaveLength(5);
  });

  it('Wirasm crawl4ai refactor: `name:` header, `Task N - Title:` entries, CREATE/DELETE files', () => {
    const { prp } = load('Wirasm__PRPs-agentic-eng__example-from-workshop-mcp-crawl4ai-refactor-1.md');
    expect(prp.title).toBe('MCP Crawl4AI RAG Refactor - Phase 1: Foundation First');
    expect(prp.tasks).toHaveLength(12);
    expect(task(prp, 'T1')).toMatchObject({ title: 'Setup UV and pytest', files: ['pyproject.toml'] });
    expect(task(prp, 'T2')).toMatchObject({ title: 'Create foundation structure', files: ['src/__init__.py', 'main.py', 'src/conftest.py'], action: 'CREATE' });
    expect(task(prp, 'T10').files).toEqual(['src/utils/__init__.py', 'src/utils/text_processing.py', 'src/utils/reranking.py', 'src/utils/tests/']);
    expect(task(prp, 'T12')).toMatchObject({ title: 'Final cleanup', files: ['src/crawl4ai_mcp.py', 'src/utils.py'] });
    expect(prp.validation.map((l) => [l.level, l.name])).toEqual([
      [1, 'Syntax & Style'],
      [2, 'Unit Tests for each component'],
      [3, 'Integration Test'],
    ]);
    expect(commands(prp, 1)).toEqual(['uv run ruff check src/new_file.py --fix', 'uv run mypy src/new_file.py']);
    expect(commands(prp, 2)).toEqual(['uv run pytest src/services/tests/test_database.py -v']);
    expect(commands(prp, 3)).toEqual(['uv run python main.py']);
    expect(prp.sections.map((s) => s.heading)).toContain('Purpose');
    expect(prp.checklist).toHaveLength(8);
  });

  it('Archon decouple-task-priority: indented YAML `Task N: ACTION path`, DEPENDENCIES: Task 1, placeholders', () => {
    const { prp } = load('coleam00__Archon__decouple-task-priority-from-order.md');
    expect(prp.title).toBe('Decouple Task Priority from Task Order - Implementation-Focused PRP');
    expect(prp.tasks).toHaveLength(8);
    expect(task(prp, 'T1')).toMatchObject({ title: 'CREATE migration/add_priority_column_to_tasks.sql', action: 'CREATE', files: ['migration/add_priority_column_to_tasks.sql'] });
    expect(task(prp, 'T8')).toMatchObject({ action: 'MODIFY', files: ['archon-ui-main/src/features/projects/tasks/components/TaskEditModal.tsx'] });
    expect(prp.tasks.map((t) => t.dependsOn)).toEqual([[], [], ['T1'], [], [], [], [], []]);
    expect(prp.validation).toHaveLength(4);
    expect(prp.validation[2]!.commands).toContainEqual({
      command: `curl -X PUT http://localhost:8181/api/tasks/[task-id] -H "Content-Type: application/json" -d '{"priority": "high"}' | jq .`,
      line: 420,
      placeholder: true,
    });
    const multiline = prp.validation[3]!.commands[0]!;
    expect(multiline.line).toBe(444);
    expect(multiline.command.startsWith('psql $DATABASE_URL -c "\n  SELECT priority, task_order, ')).toBe(true);
    expect(multiline.command.endsWith('  LIMIT 10;\n"')).toBe(true);
    expect(prp.successCriteria).toHaveLength(7);
    expect(prp.checklist).toHaveLength(24);
  });

  it('Archon fix-claude-cli: `## Step by Step Tasks` with unnumbered headings, one Validation Commands block', () => {
    const { prp } = load('coleam00__Archon__fix-claude-cli-integration.md');
    expect(titles(prp)).toEqual([
      'Fix CLI Command Builder',
      'Add Configuration Options',
      'Update CLI Executor to Use Config',
      'Improve Error Handling',
      'Update Unit Tests',
      'Add Integration Tests',
      'Test End-to-End Workflow',
      'Update Documentation',
      'Run Validation Commands',
    ]);
    expect(prp.tasks.every((t) => t.number === undefined)).toBe(true);
    expect(task(prp, 'T1').files).toEqual(['python/src/agent_work_orders/agent_executor/agent_cli_executor.py']);
    expect(prp.validation.map((l) => l.name)).toEqual(['Validation Commands']);
    const all = commands(prp, 1);
    expect(all).toHaveLength(12);
    expect(all).toContain('sleep 3');
    expect(all).toContain('pkill -f "uvicorn src.agent_work_orders.main:app"');
    const post = all.find((c) => c.startsWith('curl -s -X POST'))!;
    expect(post.startsWith(`curl -s -X POST http://localhost:8888/agent-work-orders -H "Content-Type: application/json" -d '{\n    "repository_url"`)).toBe(true);
    expect(post.endsWith(`  }' | jq .`)).toBe(true);
    expect(all.some((c) => c.includes('--dangerously-skip-permissions'))).toBe(false);
  });

  it('Archon llms-txt-link-following: free-form, its phases become tasks', () => {
    const { prp } = load('coleam00__Archon__llms-txt-link-following.md');
    expect(titles(prp)).toEqual([
      '1.1 Modify Discovery Mode Link Extraction',
      '1.2 Add Subdomain Checking Method',
      '1.3 Add llms.txt Variant Detection to URLHandler',
      '2.1 Add Discovery Metadata to Progress Updates',
      '2.2 Add Linked Files Progress',
      '3.1 Progress Tracker UI Enhancement',
      '3.2 Progress Status Messages',
    ]);
    expect(task(prp, 'T1').files).toEqual(['python/src/server/services/crawling/crawling_service.py']);
    expect(task(prp, 'T3').files).toEqual(['python/src/server/services/crawling/helpers/url_handler.py']);
    expect(task(prp, 'T6').files).toEqual(['archon-ui-main/src/features/progress/components/ProgressCard.tsx']);
    const noTasks = prp.diagnostics.find((d) => d.code === 'no-tasks')!;
    expect(noTasks.message).toContain('under "Proposed Solution"');
    expect(prp.validation).toEqual([]);
    expect(codes(prp)).toContain('no-validation');
    expect(prp.successCriteria).toHaveLength(5);
  });

  it('Archon story_toast_migration: frontmatter, `### CREATE path:` / `### UPDATE path:` headings, COMPLETION CHECKLIST', () => {
    const { prp } = load('coleam00__Archon__story_toast_migration_features.md');
    expect(prp.title).toBe('Toast Migration to Features Directory - Radix UI Implementation');
    expect(prp.description).toBe('Migrate toast notifications from legacy context to Radix UI primitives within features vertical slice architecture');
    expect(prp.tasks).toHaveLength(21);
    expect(task(prp, 'T1')).toMatchObject({ title: 'INSTALL archon-ui-main/package.json', action: 'INSTALL', files: ['archon-ui-main/package.json'] });
    expect(task(prp, 'T21')).toMatchObject({ title: 'UPDATE archon-ui-main/src/App.tsx', action: 'UPDATE', files: ['archon-ui-main/src/App.tsx'] });
    expect(titles(prp)).not.toContain('Guidelines for Tasks');
    expect(prp.tasks.filter((t) => t.action === 'CREATE')).toHaveLength(5);
    expect(commands(prp, 1)).toEqual(['cd archon-ui-main', 'npm run biome:ai-fix', 'npm run biome', 'npx tsc --noEmit 2>&1 | grep "src/features"', 'npx tsc --noEmit']);
    expect(prp.validation[3]!.commands[0]).toEqual({
      command: `echo '{"method": "tools/call", "params": {"name": "create_project", "arguments": {"title": "Test Toast"}}}' | docker exec -i archon-mcp python -m src.main`,
      line: 271,
    });
    expect(prp.checklist).toHaveLength(12);
  });

  it('Archon true-dag plan: `### Task N: ACTION target`, `depends_on` domain text is not a dependency', () => {
    const { prp } = load('coleam00__Archon__true-dag-workflow-engine.plan.md');
    expect(prp.tasks.map((t) => t.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(task(prp, 'T1')).toMatchObject({ title: 'ADD graph-data-structure dependency', action: 'ADD', files: [] });
    expect(task(prp, 'T9')).toMatchObject({ title: 'UPDATE db/workflows.ts for node state tracking', files: ['db/workflows.ts'] });
    expect(task(prp, 'T11').files).toEqual(['.archon/workflows/defaults/archon-unified-resolver.yaml']);
    expect(task(prp, 'T12').body).toContain('# Issue Classification');
    expect(prp.tasks.every((t) => t.dependsOn.length === 0)).toBe(true);
    expect(codes(prp)).not.toContain('unknown-dependency');
    expect(prp.sections.map((s) => s.heading)).not.toContain('Issue Classification');
    expect(prp.validation.map((l) => l.name)).toEqual(['STATIC_ANALYSIS', 'UNIT_TESTS', 'FULL_SUITE', 'MANUAL_VALIDATION']);
    expect(commands(prp, 1)).toEqual(['bun run lint && bun run type-check']);
    expect(commands(prp, 4)).toEqual(['bun run cli workflow list', 'bun run cli workflow run archon-unified-resolver "Fix the login button not working"']);
    expect(prp.successCriteria).toHaveLength(11);
    expect(prp.checklist).toHaveLength(8);
  });

  it('context-engineering EXAMPLE_multi_agent: canonical prp_base, library DEPENDENCIES are not task dependencies', () => {
    const { prp } = load('coleam00__context-engineering-intro__EXAMPLE_multi_agent_prp.md');
    expect(prp.title).toBe('Multi-Agent System: Research Agent with Email Draft Sub-Agent');
    expect(prp.tasks).toHaveLength(8);
    expect(task(prp, 'T1')).toMatchObject({ title: 'Setup Configuration and Environment', files: ['config/settings.py', '.env.example'], action: 'CREATE' });
    expect(task(prp, 'T7').files).toEqual(['tests/']);
    expect(task(prp, 'T8')).toMatchObject({ title: 'Create Documentation', files: ['README.md'] });
    expect(prp.tasks.every((t) => t.dependsOn.length === 0)).toBe(true);
    expect(commands(prp, 1)).toEqual(['ruff check . --fix', 'mypy .']);
    expect(commands(prp, 2)).toEqual(['pytest tests/ -v --cov=agents --cov=tools --cov-report=term-missing']);
    expect(commands(prp, 3)).toEqual(['python cli.py']);
    expect(prp.successCriteria).toHaveLength(5);
    expect(prp.checklist).toHaveLength(10);
  });

  it('context-engineering taskmaster: frontmatter, `Task N - Title:` with several files, `## Validation Gate`', () => {
    const { prp } = load('coleam00__context-engineering-intro__taskmaster_prp_parser.md');
    expect(prp.title).toBe('Taskmaster PRP Parser MCP Server');
    expect(prp.frontmatter?.created).toBe('2025-07-12');
    expect(prp.tasks).toHaveLength(10);
    expect(task(prp, 'T1')).toMatchObject({ title: 'Project Setup & Environment', files: ['wrangler-taskmaster.jsonc'] });
    expect(task(prp, 'T2').files).toEqual(['src/database/migrations/001_taskmaster_schema.sql', 'src/database/models.ts']);
    expect(task(prp, 'T5').files).toEqual(['src/taskmaster.ts', 'src/tools/register-tools.ts']);
    expect(prp.sections.find((s) => s.heading === 'Validation Gate')!.kind).toBe('validation');
    expect(prp.validation.map((l) => l.level)).toEqual([1, 2, 3, 4]);
    expect(commands(prp, 1)).toEqual(['npm run type-check', 'wrangler types']);
    const llm = commands(prp, 4)[0]!;
    expect(llm.startsWith(`curl -X POST http://localhost:8792/mcp -H "Content-Type: application/json" -d '{\n    "method": "tools/call",`)).toBe(true);
    expect(llm.endsWith("  }'")).toBe(true);
    expect(prp.successCriteria).toHaveLength(11);
    expect(prp.checklist).toHaveLength(24);
  });

  it('wagner840 dashboard-frontend: YAML tasks between `Phase N:` lines, bracketed route paths', () => {
    const { prp } = load('wagner840__context-engineering-intro__dashboard-frontend-pawa.md');
    // The corpus README says 16 entries; the file has Task 1 to Task 17.
    expect(prp.tasks.map((t) => t.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(task(prp, 'T1')).toMatchObject({ title: 'Project Initialization and MCP Configuration', files: ['dashboard-frontend/'] });
    expect(task(prp, 'T8').files).toEqual(['src/app/blogs/[blogId]/keywords/']);
    expect(task(prp, 'T16')).toMatchObject({ title: 'Performance Optimization', files: [], action: 'OPTIMIZE' });
    expect(task(prp, 'T2').body).not.toContain('Phase 2');
    expect(commands(prp, 1)).toEqual(['npm run lint', 'npm run type-check', 'npm run format']);
    expect(commands(prp, 2)).toEqual(['npm test', 'npm test -- --coverage', 'npm test -- --watch']);
    expect(prp.successCriteria).toHaveLength(10);
    expect(prp.checklist).toHaveLength(14);
  });
});
