/**
 * Resolving a path the dashboard asks to open, refusing anything outside the workspace folders: the webview is
 * untrusted, so `../../.ssh/id_rsa` or a symlink that leads out must not open. Free of `vscode`.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';

export type ResolvedPath = { ok: true; path: string } | { ok: false; message: string };

/**
 * The absolute path of `requested` if it lies inside one of `roots`. A relative path is resolved against
 * `preferredRoot` (the run's workspace) when given, else against the first root that holds the file.
 */
export function resolveInsideWorkspace(requested: string, roots: readonly string[], preferredRoot?: string): ResolvedPath {
  if (roots.length === 0) return { ok: false, message: 'No workspace folder is open, so there is nothing the dashboard may open.' };
  if (requested.includes('\0')) return { ok: false, message: 'The file path holds a NUL character; refused.' };
  const bases = preferredRoot && roots.some((r) => isInside(preferredRoot, r)) ? [preferredRoot, ...roots] : [...roots];
  const candidates = path.isAbsolute(requested) ? [path.resolve(requested)] : bases.map((base) => path.resolve(base, requested));
  for (const candidate of candidates) {
    const root = roots.find((r) => isInside(candidate, r));
    if (!root) continue;
    // A symlink inside the workspace may point outside it: compare real paths when the file exists.
    const real = realPath(candidate);
    if (real !== undefined && !roots.some((r) => isInside(real, realPath(r) ?? r))) {
      return { ok: false, message: `${requested} leads outside the workspace (through a link); the dashboard may only open workspace files.` };
    }
    if (real !== undefined) return { ok: true, path: candidate };
  }
  // Nothing exists at any candidate: the first one inside the workspace is returned, and opening it reports
  // that the file is missing.
  const inside = candidates.find((c) => roots.some((r) => isInside(c, r)));
  if (inside) return { ok: true, path: inside };
  return { ok: false, message: `${requested} is outside the workspace; the dashboard may only open files inside the workspace folders.` };
}

/** True when `candidate` is `root` or lies below it (both absolute). */
export function isInside(candidate: string, root: string): boolean {
  const relative = path.relative(path.resolve(root), path.resolve(candidate));
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

function realPath(p: string): string | undefined {
  try {
    return realpathSync.native(p);
  } catch {
    return undefined;
  }
}
