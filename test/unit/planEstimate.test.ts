import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateBreakdown, estimateTask, MINUTES_BY_COMPLEXITY } from '../../src/orchestrator/plan';

const base = { title: 'Task', body: '', files: [] as string[], tags: [] as string[] };

describe('estimateTask', () => {
  it('gives a small task complexity 1 and the documented duration', () => {
    expect(estimateTask({ ...base, files: ['a.ts'], action: 'MODIFY' })).toEqual({ complexity: 1, estimateMs: 2 * 60_000 });
  });

  it('gives a long, many-file, risky task complexity 5', () => {
    const big = { ...base, body: 'x'.repeat(6000), files: ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((f) => `${f}.ts`), action: 'CREATE', tags: ['typescript', 'security'] };
    expect(estimateTask(big)).toEqual({ complexity: 5, estimateMs: 20 * 60_000 });
  });

  it('is monotone in body length and in the number of files', () => {
    const input = fc.record({
      body: fc.nat({ max: 8000 }),
      extraBody: fc.nat({ max: 8000 }),
      files: fc.nat({ max: 10 }),
      extraFiles: fc.nat({ max: 10 }),
      action: fc.constantFrom(undefined, 'CREATE', 'MODIFY', 'DELETE', 'REFACTOR'),
      tags: fc.subarray(['typescript', 'python', 'security', 'database', 'testing', 'devops']),
    });
    fc.assert(
      fc.property(input, ({ body, extraBody, files, extraFiles, action, tags }) => {
        const make = (length: number, count: number) => ({
          title: 'T',
          body: 'y'.repeat(length),
          files: Array.from({ length: count }, (_, i) => `f${i}.ts`),
          tags,
          ...(action ? { action } : {}),
        });
        const small = estimateTask(make(body, files));
        const longer = estimateTask(make(body + extraBody, files));
        const wider = estimateTask(make(body, files + extraFiles));
        expect(longer.complexity).toBeGreaterThanOrEqual(small.complexity);
        expect(wider.complexity).toBeGreaterThanOrEqual(small.complexity);
        expect(longer.estimateMs).toBeGreaterThanOrEqual(small.estimateMs);
        expect(small.complexity).toBeGreaterThanOrEqual(1);
        expect(small.complexity).toBeLessThanOrEqual(5);
      }),
    );
  });

  it('ranks DELETE below MODIFY below CREATE for the same text', () => {
    const input = { ...base, body: 'z'.repeat(900), files: ['a.py', 'b.py'] };
    const points = (action: string) => estimateBreakdown({ ...input, action }).total;
    expect(points('DELETE')).toBeLessThan(points('MODIFY'));
    expect(points('MODIFY')).toBeLessThan(points('CREATE'));
  });

  it('maps complexity to strictly increasing durations', () => {
    expect(MINUTES_BY_COMPLEXITY).toHaveLength(5);
    for (let i = 1; i < MINUTES_BY_COMPLEXITY.length; i++) {
      expect(MINUTES_BY_COMPLEXITY[i]!).toBeGreaterThan(MINUTES_BY_COMPLEXITY[i - 1]!);
    }
  });
});
