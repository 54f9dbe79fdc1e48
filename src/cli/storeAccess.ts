import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { StoreLockedError, openStore } from '../orchestrator/index';
import type { DurableStore } from '../orchestrator/index';
import { CliError } from './errors';
import type { CliIo } from './io';

/** The folder, at the workspace root, where runs are recorded unless `--db` says otherwise. */
export const DEFAULT_DB_DIR = '.prp-orchestrator';

/** The store folder for a command: `--db DIR` (relative to the current folder) or `.prp-orchestrator/`. */
export function storeDir(io: CliIo, db: string | undefined): string {
  return path.resolve(io.cwd, db ?? DEFAULT_DB_DIR);
}

/** Opens the store as its one writer, or explains in one line who else is writing it. */
export async function openWriter(dir: string): Promise<DurableStore> {
  try {
    return await openStore({ dir });
  } catch (error) {
    if (error instanceof StoreLockedError) {
      throw new CliError(
        'locked',
        `another prp-orchestrator process is writing ${path.basename(dir)} (pid ${error.pid}); wait for it or use --db`,
      );
    }
    throw error;
  }
}

/** Opens the store read-only, so reading works while a run writes; a missing folder means no run yet. */
export async function openReader(dir: string): Promise<DurableStore> {
  if (!existsSync(dir)) throw new CliError('no-store', `no runs recorded in ${dir} (run 'prp-orchestrator run' first, or pass --db)`);
  return openStore({ dir, readOnly: true });
}

/** What `resume` needs to start a run again the way it was started: the PRP and the `run` options. */
export interface RunRecipe {
  runId: string;
  /** Absolute path of the PRP file. */
  prpPath: string;
  /** The folder the run started in; relative options are resolved against it. */
  cwd: string;
  /** The `run` options as typed (strings, booleans and lists), `--json` and `--db` left out. */
  options: Record<string, string | boolean | string[]>;
}

function recipePath(dir: string, runId: string): string {
  return path.join(dir, 'runs', `${runId}.json`);
}

/** Writes the recipe atomically (temporary file, then rename), so a crash never leaves half of one. */
export async function writeRecipe(dir: string, recipe: RunRecipe): Promise<void> {
  const file = recipePath(dir, recipe.runId);
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(recipe, null, 2)}\n`, { flush: true });
  await rename(tmp, file);
}

export async function readRecipe(dir: string, runId: string): Promise<RunRecipe> {
  let text: string;
  try {
    text = await readFile(recipePath(dir, runId), 'utf8');
  } catch {
    throw new CliError('unknown-run', `no recorded run ${runId} in ${dir} (see 'prp-orchestrator runs')`);
  }
  return JSON.parse(text) as RunRecipe;
}
