import { describe, expect, it } from 'vitest';
import { stripMarker } from '../../src/orchestrator/prp/markers';
import { cleanPathToken, isPathLike } from '../../src/orchestrator/prp/paths';
import { classifyHeading } from '../../src/orchestrator/prp/sections';
import { commandsFromFence, inlineCommand, placeholderIn } from '../../src/orchestrator/prp/shellCommands';
import { parseDependencyList } from '../../src/orchestrator/prp/taskDetails';

describe('parseDependencyList', () => {
  it.each([
    ['None', []],
    ['none (standalone)', []],
    ['N/A', []],
    ['Task 1', [[1, 1]]],
    ['Tasks 2-9', [[2, 9]]],
    ['Tasks 2–4 and 7', [[2, 4], [7, 7]]],
    ['Task 1, Task 3', [[1, 1], [3, 3]]],
    ['Tasks 1, 2 & 5', [[1, 1], [2, 2], [5, 5]]],
    ['T2 and T4', [[2, 2], [4, 4]]],
    ['**Task 1** database migration must be completed first', [[1, 1]]],
    ['Tasks 3 to 5', [[3, 5]]],
    ['1, 3', [[1, 1], [3, 3]]],
    ['pydantic, httpx, tenacity', []],
    ['graph-data-structure (new), zod (existing)', []],
    ['Subtasks 4 and Task5', [[5, 5]]],
  ])('%s', (text, expected) => {
    expect(parseDependencyList(text)).toEqual(expected);
  });
});

describe('paths', () => {
  it.each([
    ['`src/app.ts`', 'src/app.ts'],
    ['"config/settings.py":', 'config/settings.py'],
    ['packages/core/src/workflows/types.ts:71-90', 'packages/core/src/workflows/types.ts'],
    ['(main.py)', 'main.py'],
    ['file.py.', 'file.py'],
  ])('cleans %s to %s', (raw, clean) => {
    expect(cleanPathToken(raw)).toBe(clean);
  });

  it.each(['src/app.ts', 'main.py', '.env.example', 'Dockerfile', 'src/tools/', 'src/app/blogs/[blogId]/page.tsx', 'wrangler.jsonc', '.claude/skills/x/'])(
    '%s is a path',
    (token) => {
      expect(isPathLike(token)).toBe(true);
    },
  );

  it.each(['npm run build', '--verbose', 'https://example.com/a.md', '@radix-ui/react-toast', '/prp-review', 'os.getenv()', 'task.priority', 'Node.js', '10.x', 'a', 'dag-*.test.ts', 'e.g.'])(
    '%s is not a path',
    (token) => {
      expect(isPathLike(token)).toBe(false);
    },
  );

  it('needs an extension for slash words in prose', () => {
    expect(isPathLike('Statistics/Trust', false)).toBe(false);
    expect(isPathLike('src/a.ts', false)).toBe(true);
  });
});

describe('stripMarker', () => {
  it.each([
    ['`[x]` Task 1: A', 'Task 1: A', 'done'],
    ['[X] Done', 'Done', 'done'],
    ['[ ] Open', 'Open', 'todo'],
    ['[~] Half', 'Half', 'in-progress'],
    ['Sprint 1: Backend ✅ COMPLETED', 'Sprint 1: Backend', 'done'],
    ['Core Functionality ✅', 'Core Functionality', 'done'],
    ['🚧 Building', 'Building', 'in-progress'],
    ['Ship it (DONE)', 'Ship it', 'done'],
    ['Get things done', 'Get things done', undefined],
    ['Plain title', 'Plain title', undefined],
  ])('%s', (raw, text, marker) => {
    expect(stripMarker(raw)).toEqual(marker ? { text, marker } : { text });
  });
});

describe('classifyHeading', () => {
  it.each([
    ['Goal', 'goal'],
    ['Goals', 'goal'],
    ['Why', 'why'],
    ['What', 'what'],
    ['All Needed Context', 'context'],
    ['CONTEXT REFERENCES', 'context'],
    ['Implementation Blueprint', 'blueprint'],
    ['Implementation Tasks (Sequential Order)', 'tasks'],
    ['Step-by-Step Tasks', 'tasks'],
    ['List of tasks to be completed to fulfill the PRP', 'tasks'],
    ['Per task pseudocode as needed', 'other'],
    ['Validation Loop', 'validation'],
    ['Validation Gate', 'validation'],
    ['Validation Commands', 'validation'],
    ['Level 2: Unit Tests', 'validation'],
    ['Success Criteria', 'success-criteria'],
    ['Acceptance Criteria', 'success-criteria'],
    ['Final Validation Checklist', 'checklist'],
    ['COMPLETION CHECKLIST', 'checklist'],
    ['Edge Cases Checklist', 'other'],
    ['Anti-Patterns to Avoid', 'other'],
  ])('%s → %s', (heading, kind) => {
    expect(classifyHeading(heading)).toBe(kind);
  });
});

describe('commandsFromFence', () => {
  const read = (text: string, lang = 'bash') => commandsFromFence(text.split('\n'), 10, lang);

  it('numbers commands by their first line', () => {
    expect(read('# comment\n\nls -la\npwd')).toEqual([
      { command: 'ls -la', line: 12 },
      { command: 'pwd', line: 13 },
    ]);
  });

  it('keeps `#` that is not a comment', () => {
    expect(read('echo "a # b" # note\ncurl http://x/#frag').map((c) => c.command)).toEqual(['echo "a # b"', 'curl http://x/#frag']);
  });

  it('keeps an escaped trailing backslash and joins an unescaped one', () => {
    expect(read('echo a \\\\\necho b').map((c) => c.command)).toEqual(['echo a \\\\', 'echo b']);
    expect(read('echo a \\\n  b').map((c) => c.command)).toEqual(['echo a b']);
  });

  it('falls back to single lines when a quote never closes', () => {
    expect(read("don't run this\nls").map((c) => c.command)).toEqual(["don't run this", 'ls']);
  });

  it('reads only prompt lines from a console transcript', () => {
    expect(read('$ npm test\n> passing\n$ ls\nfile.txt', 'console').map((c) => c.command)).toEqual(['npm test', 'ls']);
  });
});

describe('placeholders and inline commands', () => {
  it.each([
    ['[your test command]', '[your test command]'],
    ['curl localhost/<id>', '<id>'],
    ['export KEY=your-api-key', 'your-a'],
    ['curl -H "Bearer {token}"', '{token}'],
    ['grep -E "[a-z]" x', undefined],
    ['cat <<EOF > out', undefined],
    ['[ -f x ] && echo ok', undefined],
    ['echo ${HOME}', undefined],
    ['npm run test 2>&1 | tee log', undefined],
  ])('%s', (command, expected) => {
    expect(placeholderIn(command)).toBe(expected);
  });

  it.each([
    ['`uv run pytest` → exit 0', 'uv run pytest'],
    ['**Task 1**: Run `npx tsc --noEmit` first', 'npx tsc --noEmit'],
    ['Run: `make`', 'make'],
    ['`prp-review` is merged', undefined],
    ['Trigger test: `/prp-review`', undefined],
    ['`src/a.ts` exists', undefined],
  ])('%s', (text, expected) => {
    expect(inlineCommand(text)).toBe(expected);
  });
});
