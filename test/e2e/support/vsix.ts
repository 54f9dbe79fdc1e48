import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runCodeServerCli, type E2eTools } from './tools';

/** The repository root (this file lives in test/e2e/support). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** The extension's identifier as VS Code knows it: `publisher.name` from package.json. */
export function extensionId(): string {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { publisher: string; name: string };
  return `${manifest.publisher}.${manifest.name}`;
}

/**
 * Packages the extension as it stands in dist/ (built beforehand by `npm run build` or `npm run package`) into
 * `outFile` with the repository's own vsce, offline: no dependency detection, no link rewriting.
 * `extensionDir` packages another extension folder instead (a benchmark's baseline).
 * It never rebuilds dist/, so other tests that run the built CLI at the same time are not disturbed.
 */
export function packageVsix(outFile: string, extensionDir = REPO_ROOT): string {
  if (extensionDir === REPO_ROOT && !existsSync(path.join(REPO_ROOT, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js is missing: run `npm run build` before packaging the extension.');
  }
  const vsce = path.join(REPO_ROOT, 'node_modules', '.bin', 'vsce');
  execFileSync(vsce, ['package', '--no-dependencies', '--no-rewrite-relative-links', '--allow-missing-repository', '--out', outFile], {
    cwd: extensionDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  return outFile;
}

/**
 * Installs a .vsix into `extensionsDir` the way a person would, with `code-server --install-extension`.
 * `userDataDir` is where that one CLI call may write (a throwaway folder keeps it out of the user's home).
 * Returns the folder the extension `id` (`publisher.name`) was unpacked to; without `id`, checks only that
 * code-server reported success and returns `extensionsDir`.
 */
export function installVsix(tools: E2eTools, vsixPath: string, extensionsDir: string, userDataDir: string, id?: string): string {
  const output = runCodeServerCli(tools, [
    '--config', path.join(userDataDir, 'config.yaml'),
    '--extensions-dir', extensionsDir,
    '--user-data-dir', userDataDir,
    '--install-extension', vsixPath,
  ]);
  if (!/successfully installed/i.test(output)) throw new Error(`code-server did not install ${vsixPath}; it printed:\n${output}`);
  if (id === undefined) return extensionsDir;
  const installed = existsSync(extensionsDir) ? readdirSync(extensionsDir).find((name) => name.startsWith(`${id}-`)) : undefined;
  if (!installed) throw new Error(`code-server installed ${vsixPath} but no ${id}-<version> folder is in ${extensionsDir}; it printed:\n${output}`);
  return path.join(extensionsDir, installed);
}

/**
 * Lists the entry names of a zip file (a .vsix is one) from its central directory. Enough of the format for a
 * listing: no extraction, no zip64.
 */
export function zipEntries(zipPath: string): string[] {
  const data = readFileSync(zipPath);
  const endOfCentralDirectory = data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endOfCentralDirectory < 0) throw new Error(`${zipPath} is not a zip file (no end of central directory).`);
  const count = data.readUInt16LE(endOfCentralDirectory + 10);
  let offset = data.readUInt32LE(endOfCentralDirectory + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (data.readUInt32LE(offset) !== 0x02014b50) throw new Error(`${zipPath}: bad central directory entry ${i}.`);
    const nameLength = data.readUInt16LE(offset + 28);
    const extraLength = data.readUInt16LE(offset + 30);
    const commentLength = data.readUInt16LE(offset + 32);
    names.push(data.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
