import { existsSync } from 'node:fs';
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
