/** The task prompt for real agents: what goes in, what is chosen under a budget, and in which order. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PromptContext } from '../../src/orchestrator/engine';
import type { Prp, Task } from '../../src/orchestrator/model';
import { planPrp } from '../../src/orchestrator/plan';
import { buildTaskPrompt, chunkSection, createPromptBuilder, renderChunks, selectChunks, taskTerms } from '../../src/orchestrator/prompt';
import { parsePrp } from '../../src/orchestrator/prp';
import { agent, task } from '../fixtures/runners/engineKit';

const PRP_TEXT = `# Add password login

## Goal
People log in with email and password.

## Why
- Notes must be private.

## What
A login endpoint and a session token.

### Success Criteria
- [ ] \`POST /login\` answers 401 for a wrong password in src/auth/login.ts
- [ ] The docs explain the flow

## All Needed Context

### Documentation & References
\`\`\`yaml
- file: src/auth/login.ts
  why: the handler to extend

- url: https://example.com/unrelated-charting-library
  why: charts for the dashboard
\`\`\`

### Known Gotchas
- CRITICAL: hashPassword is async; always await it.
- The dashboard colours come from the theme.

### Unrelated notes
${'Padding about the dashboard colour palette and chart legends. '.repeat(20)}

## Implementation Blueprint

### Per task pseudocode
\`\`\`python
# Task 1: hashPassword(plain) uses bcrypt with 12 rounds
# Task 2: renderChart(data) draws the legend
\`\`\`

## Validation Loop

### Level 1: Syntax
\`\`\`bash
npx tsc --noEmit
\`\`\`

### Level 2: Tests
\`\`\`bash
npx vitest run test/auth
[your integration command]
\`\`\`
`;

const prp: Prp = parsePrp(PRP_TEXT, { path: 'PRPs/login.md' });
const loginTask: Task = task('T1', { title: 'CREATE src/auth/login.ts', body: '  - IMPLEMENT: login handler using hashPassword\n    - RETURN: 401 on a wrong password', files: ['src/auth/login.ts'], tags: ['backend', 'security'] });

function context(fields: Partial<PromptContext> = {}): PromptContext {
  return { runId: 'r', attempt: 1, agent: agent('backend'), dependencies: [], ...fields };
}

describe('buildTaskPrompt', () => {
  it('has the goal, context, task, validation and closing request, in that order', () => {
    const prompt = buildTaskPrompt(prp, loginTask, context());
    const order = ['PRP "Add password login"', '## Goal\nPeople log in', '## Why', '## What', '## Context from the PRP', '## Your task: T1 — CREATE src/auth/login.ts', '## Validation', '## When you finish'];
    const positions = order.map((marker) => prompt.indexOf(marker));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(prompt).toContain('- IMPLEMENT: login handler using hashPassword\n  - RETURN: 401 on a wrong password');
    expect(prompt).toContain('Files to create or change:\n- src/auth/login.ts');
    expect(prompt).toMatch(/End with a short summary \(two or three sentences\)/);
    expect(prompt).toContain('The whole PRP is at PRPs/login.md');
    expect(prompt).not.toContain('## Previous attempt');
    expect(prompt).not.toContain('## What the tasks before yours produced');
  });

  it('keeps the context that mentions the task and leaves out the rest under a small budget', () => {
    const prompt = buildTaskPrompt(prp, loginTask, context(), { contextBudgetChars: 200 });
    expect(prompt).toContain('- file: src/auth/login.ts');
    expect(prompt).toContain('CRITICAL: hashPassword is async');
    expect(prompt).not.toContain('unrelated-charting-library');
    expect(prompt).not.toContain('Padding about the dashboard');
    expect(prompt).toMatch(/\(\d+ less relevant parts were left out; see PRPs\/login\.md\.\)/);
    const fences = prompt.match(/^```/gm) ?? [];
    expect(fences.length % 2).toBe(0);
  });

  it('keeps all the context when it fits, and blueprint parts only where they concern the task', () => {
    const prompt = buildTaskPrompt(prp, loginTask, context());
    expect(prompt).toContain('unrelated-charting-library');
    expect(prompt).toContain('# Task 1: hashPassword(plain) uses bcrypt');
    expect(prompt).not.toContain('renderChart');
    expect(prompt).not.toMatch(/left out/);
  });

  it('lists the success criteria the task contributes to', () => {
    const prompt = buildTaskPrompt(prp, loginTask, context());
    expect(prompt).toContain('## Success criteria this task contributes to\n- `POST /login` answers 401');
    expect(prompt).not.toContain('- The docs explain the flow');
  });

  it('lists runnable validation commands by level, without placeholders, and can limit the levels', () => {
    const prompt = buildTaskPrompt(prp, loginTask, context());
    expect(prompt).toContain('Level 1: Syntax\n```bash\nnpx tsc --noEmit\n```');
    expect(prompt).toContain('Level 2: Tests\n```bash\nnpx vitest run test/auth\n```');
    expect(prompt).not.toContain('[your integration command]');
    const only2 = buildTaskPrompt(prp, loginTask, context(), { validationLevels: [2] });
    expect(only2).not.toContain('npx tsc --noEmit');
    expect(buildTaskPrompt(prp, loginTask, context(), { validationLevels: [9] })).not.toContain('## Validation');
  });

  it('passes on what the dependencies produced, cutting long summaries', () => {
    const dependencies = [
      { taskId: 'T0', title: 'Users table', summary: 'Created the users table.\n' + 'More detail. '.repeat(50), filesChanged: ['db/001.sql'] },
      { taskId: 'T9', title: 'Silent task', filesChanged: [] },
    ];
    const prompt = buildTaskPrompt(prp, loginTask, context({ dependencies }), { dependencySummaryChars: 100 });
    expect(prompt).toContain('### T0: Users table\nCreated the users table.');
    expect(prompt).toContain('Files changed: db/001.sql');
    expect(prompt).toContain('### T9: Silent task\n(no summary)');
    expect(prompt).not.toContain('More detail. '.repeat(20));
    expect(prompt.indexOf('## What the tasks before yours produced')).toBeLessThan(prompt.indexOf('## Your task'));
  });

  it('says why the previous attempt failed, with advice for the kind of failure', () => {
    const prompt = buildTaskPrompt(prp, loginTask, context({ attempt: 3, previousFailure: { kind: 'turn-limit', message: 'Ran out of turns.' } }));
    expect(prompt).toContain('## Previous attempt\nAttempt 2 failed (turn-limit): Ran out of turns.\nWork in fewer, larger steps');
    const crash = buildTaskPrompt(prp, loginTask, context({ attempt: 2, previousFailure: { kind: 'crash', message: 'Boom.' } }));
    expect(crash).toContain('Attempt 1 failed (crash): Boom.\nThe working directory');
  });

  it('leaves the PRP path out when asked, and works for a PRP with almost nothing in it', () => {
    expect(buildTaskPrompt(prp, loginTask, context(), { prpPath: null })).not.toContain('PRPs/login.md');
    const bare = parsePrp('# Just a title\n\nDo the thing.\n');
    const prompt = buildTaskPrompt(bare, task('T1', { title: 'Do it', body: '' }), context());
    expect(prompt).toContain('## Your task: T1 — Do it');
    expect(prompt).toContain('## When you finish');
  });

  it('createPromptBuilder gives the same prompt as buildTaskPrompt', () => {
    const build = createPromptBuilder(prp, { contextBudgetChars: 500 });
    const ctx = context({ attempt: 2, previousFailure: { kind: 'stalled', message: 'Silent.' } });
    expect(build(loginTask, ctx)).toBe(buildTaskPrompt(prp, loginTask, ctx, { contextBudgetChars: 500 }));
  });
});

describe('context chunks', () => {
  it('splits fenced items at blank lines, lists at top-level items, and stops at a sub-heading', () => {
    const content = 'Intro line\nsecond line\n\n- a\n- b\n  more b\n\n```yaml\n- file: x\n  why: y\n\n- url: z\n```\n\n### Child\nnot mine';
    const chunks = chunkSection(content, 'Docs', { order: 0, fence: 0 });
    expect(chunks.map((c) => c.text)).toEqual(['Intro line\nsecond line', '- a', '- b\n  more b', '- file: x\n  why: y', '- url: z']);
    expect(chunks[3]!.fence).toBe('```yaml');
    expect(chunks[3]!.fenceId).toBe(chunks[4]!.fenceId);
    expect(renderChunks(chunks, '###')).toBe('### Docs\n\nIntro line\nsecond line\n\n- a\n- b\n  more b\n\n```yaml\n- file: x\n  why: y\n\n- url: z\n```');
  });

  it('cuts a relevant chunk too long for the budget at a line instead of dropping it', () => {
    const long = Array.from({ length: 100 }, (_, i) => `src/auth/login.ts line ${i}`).join('\n');
    const chunks = chunkSection(long, 'Tree', { order: 0, fence: 0 });
    const { chosen } = selectChunks(chunks.map((chunk) => ({ chunk, requireRelevance: false })), taskTerms(loginTask), 400);
    expect(chosen).toHaveLength(1);
    expect(chosen[0]!.text.length).toBeLessThanOrEqual(400);
    expect(chosen[0]!.text.endsWith('\n…')).toBe(true);
  });
});

const CORPUS = resolve(__dirname, '../../../shared/prp-corpus');

describe.skipIf(!existsSync(CORPUS))('prompts for the real PRPs of the corpus', () => {
  const files = existsSync(CORPUS) ? readdirSync(CORPUS).filter((f) => f.endsWith('.md') && f !== 'README.md') : [];

  it.each(files)('%s: every task gets a prompt with its title, within the context budget', (file) => {
    const corpusPrp = parsePrp(readFileSync(join(CORPUS, file), 'utf8'), { path: file });
    const { graph } = planPrp(corpusPrp);
    const build = createPromptBuilder(corpusPrp, { contextBudgetChars: 4000 });
    for (const t of graph.tasks) {
      const prompt = build(t, context());
      expect(prompt).toContain(`## Your task: ${t.id} — ${t.title}`);
      const contextPart = /## Context from the PRP\n\n([\s\S]*?)(?=\n\n## )/.exec(prompt)?.[1] ?? '';
      // Headings and fences added around the chosen pieces cost a little on top of the budget.
      expect(contextPart.length).toBeLessThan(4000 + 600);
      expect((contextPart.match(/^\s{0,3}(```|~~~)/gm) ?? []).length % 2).toBe(0);
    }
  });
});
