import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packagedVsix } from './support/hooks';
import { e2eTools } from './support/tools';
import { extensionId, installVsix, zipEntries } from './support/vsix';

// What the .vsix ships is decided by .vscodeignore (an allow-list); this checks the package that was built.
describe('the packaged .vsix', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'prp-vsix-test-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('ships the bundles, the wasm, the manifest and the documents, and nothing from src/ or node_modules', () => {
    const entries = zipEntries(packagedVsix());
    expect(entries).toEqual(expect.arrayContaining([
      'extension/package.json',
      'extension/dist/extension.js',
      'extension/dist/sql-wasm.wasm',
      'extension/readme.md',
      'extension/changelog.md',
      'extension/LICENSE.txt',
    ]));
    const offending = entries.filter((entry) =>
      /^extension\/(src|test|bench|node_modules|webview-ui|examples|scripts|\.ci)\//.test(entry) || /\.(ts|tsx|map)$/.test(entry) || /(^|\/)\.git\//.test(entry),
    );
    expect(offending).toEqual([]);
  });

  it('installs with code-server --install-extension into an extensions folder', () => {
    const folder = installVsix(e2eTools(), packagedVsix(), path.join(scratch, 'extensions'), path.join(scratch, 'data'), extensionId());
    expect(path.basename(folder)).toMatch(new RegExp(`^${extensionId().replace(/\./g, '\\.')}-\\d+\\.\\d+\\.\\d+$`));
    expect(readdirSync(path.join(folder, 'dist'))).toEqual(expect.arrayContaining(['extension.js', 'sql-wasm.wasm']));
    // The wasm must be the one sql.js loads: a valid WebAssembly module header.
    const magic = readFileSync(path.join(folder, 'dist', 'sql-wasm.wasm')).subarray(0, 4);
    expect([...magic]).toEqual([0x00, 0x61, 0x73, 0x6d]);
  });
});
