import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Prp } from '../../src/orchestrator/model';
import { parsePrp } from '../../src/orchestrator/prp';

const fixtures = path.resolve(__dirname, '../fixtures/prp');
const fixtureTexts = readdirSync(fixtures)
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((f) => readFileSync(path.join(fixtures, f), 'utf8'));

const line = z.number().int().min(1);
const range = z.object({ startLine: line, endLine: line }).refine((r) => r.endLine >= r.startLine, 'endLine before startLine');
const prpShape = z.object({
  title: z.string().min(1),
  name: z.string().optional(),
  description: z.string().optional(),
  frontmatter: z.record(z.string(), z.unknown()).optional(),
  sections: z.array(z.object({ kind: z.string(), heading: z.string(), depth: z.number().int().min(1).max(6), content: z.string(), range })),
  goal: z.string().optional(),
  why: z.string().optional(),
  what: z.string().optional(),
  tasks: z.array(
    z.object({
      id: z.string().regex(/^T\d+$/),
      number: z.number().int().optional(),
      title: z.string(),
      body: z.string(),
      files: z.array(z.string().min(1)),
      action: z.string().regex(/^[A-Z_]+$/).optional(),
      dependsOn: z.array(z.string()),
      marker: z.enum(['todo', 'in-progress', 'done']).optional(),
      range,
    }),
  ),
  validation: z.array(
    z.object({
      level: z.number().int().min(0),
      name: z.string(),
      commands: z.array(z.object({ command: z.string().min(1), line, placeholder: z.literal(true).optional() })),
      range,
    }),
  ),
  successCriteria: z.array(z.object({ text: z.string().min(1), done: z.boolean(), line })),
  checklist: z.array(z.object({ text: z.string().min(1), done: z.boolean(), line })),
  diagnostics: z.array(z.object({ severity: z.enum(['error', 'warning', 'info']), message: z.string().min(1), line, endLine: line.optional(), code: z.string().min(1) })),
  source: z.object({ path: z.string().optional(), lineCount: z.number().int().min(0) }),
});

/** The invariants every parse must keep, whatever the input; `deep` adds a JSON round trip (slow on huge results). */
function expectSound(prp: Prp, deep = true): void {
  prpShape.parse(prp);
  expect(prp.diagnostics.filter((d) => d.code === 'internal-error')).toEqual([]);
  const last = Math.max(1, prp.source.lineCount);
  const ids = prp.tasks.map((t) => t.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const task of prp.tasks) {
    expect(task.range.endLine).toBeLessThanOrEqual(last);
    for (const dep of task.dependsOn) {
      expect(ids).toContain(dep);
      expect(dep).not.toBe(task.id);
    }
  }
  for (const level of prp.validation) for (const c of level.commands) expect(c.line).toBeLessThanOrEqual(last);
  for (const d of prp.diagnostics) expect(d.line).toBeLessThanOrEqual(last);
  if (deep) expect(JSON.parse(JSON.stringify(prp))).toEqual(prp);
  else expect(JSON.stringify(prp).length).toBeGreaterThan(0);
}

/** Pieces of PRP syntax, so random documents hit the parser's real paths rather than plain paragraphs. */
const fragment = fc.oneof(
  fc.constantFrom(
    '# ', '## ', '### ', '#### ', '### Task 1: CREATE src/a.ts', '### `[x]` Task 2: ', 'Task 3 - Title:', 'Task 4: MODIFY b.py',
    '```', '```yaml', '```bash', '~~~', '    ', '\n', '\n\n', '\r\n', '\r', '\uFEFF', '\u0000', '- ', '- [ ] ', '- [x] ', '1. ',
    '**Dependencies**: ', 'Tasks 2-9', 'Task 1, Task 3', 'None', 'DEPENDENCIES: zod', '---', 'name: "x"', 'description: |',
    '## Validation Loop', '### Level 1: Lint', '## Final Validation Checklist', '## Success Criteria', '## Step by Step Tasks',
    '#### 1.1 Phase step', '### Phase 2: Later', '`', '`src/a.ts`', '\\', "'", '"', '<id>', '[your command]', '{x}', '<<EOF',
    'EOF', '|', '&&', '✅ COMPLETED', '🚧', '$ npm test', 'FILE: a/b.ts', '**ACTION**: create', '>', '<details>', '| a | b |',
  ),
  fc.string({ maxLength: 12 }),
);
const document = fc.array(fragment, { maxLength: 120 }).map((parts) => parts.join(''));

describe('parsePrp never throws and always returns a sound Prp', () => {
  it('for documents assembled from PRP syntax', () => {
    fc.assert(
      fc.property(document, (text) => {
        expectSound(parsePrp(text));
      }),
      { numRuns: 400 },
    );
  });

  it('for arbitrary unicode strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (text) => {
        expectSound(parsePrp(text));
      }),
      { numRuns: 300 },
    );
  });

  it('for random bytes decoded as UTF-8 and as Latin-1', () => {
    const utf8 = new TextDecoder('utf-8');
    const latin1 = new TextDecoder('latin1');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => {
        expectSound(parsePrp(utf8.decode(bytes)));
        expectSound(parsePrp(latin1.decode(bytes)));
      }),
      { numRuns: 200 },
    );
  });

  it('for slices of real fixtures cut at random points', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: fixtureTexts.length - 1 }), fc.nat(), fc.nat(), (which, a, b) => {
        const text = fixtureTexts[which]!;
        const [from, to] = [a % (text.length + 1), b % (text.length + 1)].sort((x, y) => x - y);
        expectSound(parsePrp(text.slice(from!, to!)));
      }),
      { numRuns: 300 },
    );
  });

  it('for values that are not strings at all', () => {
    for (const value of [undefined, null, 42, { toString: () => '# From object' }, Buffer.from('# Buffer title\n')]) {
      expectSound(parsePrp(value as unknown as string));
    }
    expect(parsePrp(Buffer.from('# Buffer title\n') as unknown as string).title).toBe('Buffer title');
  });
});

describe('parsePrp on edge-case inputs', () => {
  it('gives an empty file an untitled Prp with a no-tasks warning', () => {
    const prp = parsePrp('');
    expectSound(prp);
    expect(prp.title).toBe('Untitled PRP');
    expect(prp.source.lineCount).toBe(0);
    expect(prp.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['no-tasks', 1],
      ['no-validation', 1],
    ]);
  });

  it('flags binary content', () => {
    const bytes = Uint8Array.from({ length: 3000 }, (_, i) => (i * 37) % 256);
    const prp = parsePrp(new TextDecoder('latin1').decode(bytes));
    expectSound(prp);
    expect(prp.diagnostics.map((d) => d.code)).toContain('binary-content');
  });

  it('reads CRLF line endings and a BOM exactly like LF', () => {
    for (const text of fixtureTexts) {
      const plain = parsePrp(text, { path: 'x.md' });
      expect(parsePrp(`\uFEFF${text.replace(/\n/g, '\r\n')}`, { path: 'x.md' })).toEqual(plain);
    }
  });

  it('parses a 5 MB file made of a repeated PRP with long prose, capping repeated diagnostics', () => {
    const prose = Array.from({ length: 150 }, (_, i) => `Paragraph ${i} of background context, as long as real PRP prose tends to be. `.repeat(4)).join('\n\n');
    const code = 'print("context")\n'.repeat(150);
    const unit = `${readFileSync(path.join(fixtures, 'heading-tasks.md'), 'utf8')}\n## Background\n\n${prose}\n\n\`\`\`python\n${code}\`\`\`\n\n`;
    const copies = Math.ceil(5_000_000 / unit.length);
    const prp = parsePrp(unit.repeat(copies));
    expectSound(prp, false);
    expect(prp.tasks.length).toBe(6 * copies);
    expect(prp.diagnostics.filter((d) => d.code === 'duplicate-task-number')).toHaveLength(50);
    expect(prp.diagnostics.some((d) => d.code === 'diagnostics-truncated')).toBe(true);
  });

  it('survives pathological lines: one 2 MB line, thousands of backticks, deep nesting', () => {
    for (const text of ['x'.repeat(2_000_000), `# ${'a'.repeat(1_000_000)}`, '`'.repeat(200_000), '> '.repeat(3000) + '- '.repeat(3000) + 'x', `\`\`\`bash\n${"echo '\n".repeat(20_000)}\`\`\``]) {
      expectSound(parsePrp(text));
    }
  });
});
