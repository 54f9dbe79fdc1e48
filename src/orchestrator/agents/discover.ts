import { promises as fs } from 'node:fs';
import type { Dirent } from 'node:fs';
import path from 'node:path';
import type { AgentWarning } from './parseAgentDefinition';

/** Subfolders deeper than this are not searched, which also stops symlink loops. */
const MAX_DEPTH = 6;

/** `.claude/agents` of `dir` and, nearest first, of each of its ancestors up to the filesystem root. */
export function projectAgentDirs(workspaceDir: string, includeAncestors: boolean): string[] {
  const dirs: string[] = [];
  let current = path.resolve(workspaceDir);
  for (;;) {
    dirs.push(path.join(current, '.claude', 'agents'));
    const parent = path.dirname(current);
    if (!includeAncestors || parent === current) return dirs;
    current = parent;
  }
}

/**
 * Every `*.md` file under `dir`, subfolders included (Claude Code reads them too), sorted by path so the
 * result is the same on every filesystem. A missing folder is not an error: most workspaces have none.
 */
export async function listMarkdownFiles(dir: string, warnings: AgentWarning[], depth = 0): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (depth > 0 || (code !== 'ENOENT' && code !== 'ENOTDIR')) {
      warnings.push({ path: dir, message: `${dir} could not be read (${code ?? String(error)}); its agents were skipped. Check the folder's permissions.` });
    }
    return [];
  }
  const files: string[] = [];
  for (const entry of [...entries].sort((a, b) => compareText(a.name, b.name))) {
    const full = path.join(dir, entry.name);
    const kind = await entryKind(entry, full);
    if (kind === 'file' && entry.name.toLowerCase().endsWith('.md')) files.push(full);
    if (kind === 'dir' && depth < MAX_DEPTH) files.push(...(await listMarkdownFiles(full, warnings, depth + 1)));
  }
  return files;
}

async function entryKind(entry: Dirent, full: string): Promise<'file' | 'dir' | 'other'> {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'dir';
  if (!entry.isSymbolicLink()) return 'other';
  try {
    const stat = await fs.stat(full);
    return stat.isFile() ? 'file' : stat.isDirectory() ? 'dir' : 'other';
  } catch {
    // A broken link is reported as a file, so reading it fails and the person hears about it.
    return 'file';
  }
}

/** Locale-independent ordering, so sorting gives the same result on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
