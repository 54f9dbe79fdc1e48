import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanPath, normalizePath } from '../../src/orchestrator/plan/paths';
import { TAG_RULES, tagTask, tagWordSink } from '../../src/orchestrator/plan/tags';
import { KEYWORD, scanText } from '../../src/orchestrator/plan/textScan';

/** Text made of the pieces the scanners treat specially: words of the tag table, joiners, paths, case. */
const tagWords = [...new Set(TAG_RULES.flatMap((r) => [...(r.words ?? []), ...(r.exactWords ?? [])]))];
const piece = fc.oneof(
  fc.constantFrom(...tagWords),
  fc.constantFrom(' ', '\n', '_', '$', '-', '.', '/', '`', '```', ' ** ', 'React', 'REACT', 'x1'),
  fc.string({ maxLength: 6 }),
);
const text = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(''));

describe('scanText', () => {
  it('finds the same tag words as reading the text on its own', () => {
    fc.assert(
      fc.property(text, fc.array(fc.constantFrom('a.ts', 'b.py', 'README.md'), { maxLength: 2 }), (body, files) => {
        const words = new Set<string>();
        scanText(`Title\n${body}`, tagWordSink(words));
        expect(tagTask({ title: 'Title', body, files }, words)).toEqual(tagTask({ title: 'Title', body, files }));
      }),
      { numRuns: 400 },
    );
  });

  it('lists file-like tokens, keywords with their positions, and possible symbol names', () => {
    const scan = scanText("CREATE src/auth/service.ts:\nimport { x } from './a';\nUse UserService and get_user in plain words.\n```ts\n```");
    // A word that ends a sentence is a token too (`words.`); references.ts drops the dot.
    expect(scan.tokens).toEqual(['src/auth/service.ts', './a', 'UserService', 'get_user', 'words.']);
    expect(scan.keywords & KEYWORD.action && scan.keywords & KEYWORD.import && scan.keywords & KEYWORD.fence).toBeTruthy();
    expect(scan.keywords & KEYWORD.install).toBe(0);
    expect(scan.marks.map((at) => scan.text.slice(at, at + 6))).toEqual(['CREATE', 'import', 'from \'', 'Use Us']);
    const names: string[] = [];
    for (let k = 0; k < scan.candidates.length; k += 3) names.push(scan.text.slice(scan.candidates[k], scan.candidates[k + 1]));
    // Capitals after the first letter make `CREATE` a candidate too; no symbol index holds such a name.
    expect(names).toEqual(['CREATE', 'UserService', 'get_user']);
  });
});

describe('normalizePath', () => {
  it('takes its shortcut only where the full cleaning would change nothing but the case', () => {
    const path = fc.array(fc.constantFrom('src', 'a', '.', '/', '\\', '`', "'", '"', '(', ')', '[', ']', ':', '12', '#L3', ' ', '\u00a0', '@', '~', '-', 'é'), { maxLength: 10 }).map((p) => p.join(''));
    fc.assert(
      fc.property(path, (raw) => {
        expect(normalizePath(raw)).toBe(cleanPath(raw));
      }),
      { numRuns: 2000 },
    );
  });
});
