import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { StoreError } from './errors';
import type { JournalEntry, SegmentFile } from './journal';
import { listSegments, readSegment } from './journal';
import type { SnapshotFile } from './snapshot';
import { listSnapshots, readSnapshot } from './snapshot';
import { SqlStore } from './sqlStore';

export interface Recovered {
  sql: SqlStore;
  /** The last journal entry the database now includes (0 for a new store). */
  appliedN: number;
  /** The snapshot the database was loaded from, if any. */
  snapshot?: SnapshotFile;
  /** Snapshots that could not be read and were skipped. */
  skipped: string[];
}

/**
 * Rebuilds the database: the newest snapshot that reads back intact, then every journal entry after it. It
 * refuses, rather than starting empty, when files exist but do not add up to the full history.
 */
export async function recover(dir: string, repair: boolean): Promise<Recovered> {
  const snapshots = await listSnapshots(dir);
  const segments = await listSegments(dir);
  const skipped: string[] = [];
  for (const snap of snapshots) {
    const bytes = await readSnapshot(snap.path).catch(() => undefined);
    const sql = bytes ? await openBytes(bytes) : undefined;
    if (!sql) {
      skipped.push(snap.path);
      continue;
    }
    if (!journalCovers(segments, snap.n)) {
      sql.close();
      throw gapError(dir, snap, segments);
    }
    const appliedN = await replay(sql, segments, snap.n, repair);
    return { sql, appliedN, snapshot: snap, skipped };
  }
  // No usable snapshot: the journal alone must hold the whole history from entry 1.
  if (segments.length > 0 && segments[0]!.firstN !== 1) throw unreadableError(dir, skipped, segments);
  if (segments.length === 0 && skipped.length > 0) throw unreadableError(dir, skipped, segments);
  const sql = await SqlStore.create();
  const appliedN = await replay(sql, segments, 0, repair);
  return { sql, appliedN, skipped };
}

async function openBytes(bytes: Uint8Array): Promise<SqlStore | undefined> {
  try {
    const sql = await SqlStore.create(bytes);
    if (sql.getMeta('journal_n') === undefined) {
      sql.close();
      return undefined;
    }
    return sql;
  } catch {
    return undefined;
  }
}

/** The entries after `afterN` are all on disk when the oldest remaining segment starts no later than afterN + 1. */
function journalCovers(segments: SegmentFile[], afterN: number): boolean {
  return segments.length === 0 || segments[0]!.firstN <= afterN + 1;
}

async function replay(sql: SqlStore, segments: SegmentFile[], afterN: number, repair: boolean): Promise<number> {
  let last = afterN;
  for (let i = 0; i < segments.length; i++) {
    const isLast = i === segments.length - 1;
    const next = segments[i + 1];
    // Segments wholly covered by the snapshot need not be read.
    if (next && next.firstN - 1 <= afterN) continue;
    const entries: JournalEntry[] = await readSegment(segments[i]!.path, repair && isLast);
    const fresh = entries.filter((e) => e.n > last);
    sql.appendEvents(fresh.map((e) => e.event));
    if (fresh.length > 0) last = fresh[fresh.length - 1]!.n;
  }
  return last;
}

function unreadableError(dir: string, skipped: string[], segments: SegmentFile[]): StoreError {
  const files = [...skipped, ...segments.slice(0, 1).map((s) => s.path)].map((f) => path.basename(f));
  return new StoreError(
    'unreadable',
    `The run database in ${dir} cannot be rebuilt: no snapshot reads back intact (${skipped.map((f) => path.basename(f)).join(', ') || 'none'}) ` +
      `and the journal does not start at the first event (${files.join(', ')}). Nothing was changed. ` +
      'Restore the folder from a backup, or move it aside to start with an empty history.',
  );
}

function gapError(dir: string, snap: SnapshotFile, segments: SegmentFile[]): StoreError {
  return new StoreError(
    'unreadable',
    `The run database in ${dir} has a gap: ${path.basename(snap.path)} ends at entry ${snap.n} but the journal starts at ` +
      `${path.basename(segments[0]!.path)}. Restore the folder from a backup, or move it aside to start over.`,
  );
}

/** Deletes journal segments whose every entry is at or before `coveredN` (the oldest snapshot kept). */
export async function compactJournal(dir: string, coveredN: number): Promise<void> {
  const segments = await listSegments(dir);
  for (let i = 0; i < segments.length - 1; i++) {
    if (segments[i + 1]!.firstN - 1 <= coveredN) await fsp.rm(segments[i]!.path, { force: true });
  }
}
