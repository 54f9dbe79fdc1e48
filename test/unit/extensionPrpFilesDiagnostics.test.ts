import { describe, expect, it, vi } from 'vitest';
import type { Diagnostic } from '../../src/orchestrator/model';
import { parsePrp, planPrp } from '../../src/orchestrator/index';
import { analyzePrp, mergeDiagnostics } from '../../src/extension/prpFiles/analysis';
import { AnalysisCache } from '../../src/extension/prpFiles/analysisCache';
import { KeyedDebouncer } from '../../src/extension/prpFiles/debounce';
import { splitLines, toEditorDiagnostics } from '../../src/extension/prpFiles/editorDiagnostics';
import { combinedGlob, DEFAULT_PRP_GLOBS, normalizeGlobs } from '../../src/extension/prpFiles/globs';

const ENGINE = { parsePrp, planPrp };

function editorDiagnosticsOf(text: string) {
  return toEditorDiagnostics(analyzePrp(ENGINE, text, '/ws/PRPs/x.md').diagnostics, splitLines(text));
}

const TWO_TASKS = [
  '# Two tasks',
  '## Implementation Blueprint',
  '### Task 1: CREATE src/a.ts',
  'Write a.',
  '### Task 2: CREATE src/b.ts',
  '  **Dependencies**: Task 7   ',
  'Write b.',
  '## Validation Loop',
  '### Level 1: Tests',
  '```bash',
  'npm test',
  '```',
].join('\n');

describe('PRP diagnostics', () => {
  it('puts an unknown dependency on the line that names it, under its words only', () => {
    const found = editorDiagnosticsOf(TWO_TASKS).filter((d) => d.code === 'unknown-dependency');
    expect(found).toHaveLength(1);
    const d = found[0]!;
    expect(d.severity).toBe('warning');
    expect(d.message).toContain('Task 7');
    expect(d).toMatchObject({ startLine: 5, startCharacter: 2, endLine: 5, endCharacter: '  **Dependencies**: Task 7'.length });
  });

  it('reports a dependency cycle as an error on the first task of the cycle', () => {
    const text = TWO_TASKS.replace('Task 7', 'Task 1').replace('Write a.', '**Dependencies**: Task 2\nWrite a.');
    const cycle = editorDiagnosticsOf(text).filter((d) => d.code === 'cycle');
    expect(cycle).toHaveLength(1);
    expect(cycle[0]!.severity).toBe('error');
    expect(cycle[0]!.message).toMatch(/T1.*T2|T2.*T1/);
    expect([2, 4]).toContain(cycle[0]!.startLine);
  });

  it('warns when a file has no tasks, and about placeholder validation commands', () => {
    expect(editorDiagnosticsOf('Just some notes.\n').map((d) => d.code)).toContain('no-tasks');
    const text = TWO_TASKS.replace('npm test', '[your test command here]');
    const placeholder = editorDiagnosticsOf(text).filter((d) => d.code === 'placeholder-command');
    expect(placeholder).toHaveLength(1);
    expect(placeholder[0]!.startLine).toBe(10);
  });

  it('has nothing to say about a clean PRP', () => {
    const clean = TWO_TASKS.replace('  **Dependencies**: Task 7   ', '**Dependencies**: Task 1');
    expect(editorDiagnosticsOf(clean).filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('keeps one finding per code and line when parser and planner both report it', () => {
    const d = (code: string, line: number, message: string): Diagnostic => ({ severity: 'warning', code, line, message });
    const merged = mergeDiagnostics([d('unknown-dependency', 6, 'parser words'), d('no-validation', 1, 'x')], [d('unknown-dependency', 6, 'planner words'), d('cycle', 3, 'y')]);
    expect(merged.map((m) => `${m.code}@${m.line}`)).toEqual(['no-validation@1', 'cycle@3', 'unknown-dependency@6']);
    expect(merged.find((m) => m.code === 'unknown-dependency')!.message).toBe('parser words');
  });

  it('clamps lines past the end and spans multi-line findings', () => {
    const lines = ['first', '   second  ', ''];
    const mapped = toEditorDiagnostics(
      [
        { severity: 'info', code: 'a', line: 9, message: 'past the end' },
        { severity: 'error', code: 'b', line: 1, endLine: 2, message: 'two lines' },
        { severity: 'warning', code: 'c', line: 3, message: 'empty line' },
      ],
      lines,
    );
    expect(mapped[0]).toMatchObject({ startLine: 2, endLine: 2, startCharacter: 0, endCharacter: 0 });
    expect(mapped[1]).toMatchObject({ startLine: 0, startCharacter: 0, endLine: 1, endCharacter: 9 });
    expect(mapped[2]).toMatchObject({ startLine: 2, startCharacter: 0, endCharacter: 0 });
    expect(splitLines('a\r\nb\rc\nd')).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('Analysis cache', () => {
  it('parses a document version once and again after an edit', () => {
    const analyze = vi.fn((text: string, path: string) => analyzePrp(ENGINE, text, path));
    const cache = new AnalysisCache(analyze);
    const first = cache.get('file:///a.md', 1, '/a.md', () => TWO_TASKS);
    expect(cache.get('file:///a.md', 1, '/a.md', () => 'never read')).toBe(first);
    expect(analyze).toHaveBeenCalledTimes(1);
    const second = cache.get('file:///a.md', 2, '/a.md', () => 'No tasks here.');
    expect(second.graph.tasks).toHaveLength(0);
    expect(analyze).toHaveBeenCalledTimes(2);
    cache.delete('file:///a.md');
    expect(cache.peek('file:///a.md')).toBeUndefined();
  });
});

describe('Keyed debouncer', () => {
  it('runs once per key after the calls stop, and not at all when cancelled', () => {
    vi.useFakeTimers();
    try {
      const debouncer = new KeyedDebouncer(300);
      const runs: string[] = [];
      for (let i = 0; i < 5; i++) {
        debouncer.schedule('a', () => runs.push(`a${i}`));
        vi.advanceTimersByTime(100);
      }
      debouncer.schedule('b', () => runs.push('b'));
      debouncer.schedule('c', () => runs.push('c'));
      debouncer.cancel('c');
      expect(runs).toEqual([]);
      vi.advanceTimersByTime(300);
      expect(runs).toEqual(['a4', 'b']);
      expect(debouncer.isPending('a')).toBe(false);
      debouncer.schedule('d', () => runs.push('d'));
      debouncer.dispose();
      vi.advanceTimersByTime(1000);
      expect(runs).toEqual(['a4', 'b']);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('PRP globs setting', () => {
  it('falls back to the defaults for unusable values and cleans usable ones', () => {
    expect(normalizeGlobs(undefined)).toEqual([...DEFAULT_PRP_GLOBS]);
    expect(normalizeGlobs('**/*.md')).toEqual([...DEFAULT_PRP_GLOBS]);
    expect(normalizeGlobs([' ', 3, null])).toEqual([...DEFAULT_PRP_GLOBS]);
    expect(normalizeGlobs([' docs/**/*.md ', 'docs/**/*.md', 7, 'x.prp.md'])).toEqual(['docs/**/*.md', 'x.prp.md']);
  });

  it('combines globs into one search pattern', () => {
    expect(combinedGlob(['a/**'])).toBe('a/**');
    expect(combinedGlob(['a/**', 'b/*.md'])).toBe('{a/**,b/*.md}');
    expect(combinedGlob(['{x,y}/*.md', 'b/*.md'])).toBe('b/*.md');
  });
});
