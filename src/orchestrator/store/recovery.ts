import * as path from 'node:path';
import { StoreError } from './errors';
import type { JournalPosition, SegmentFile } from './journal';
import { listSegments, parsePosition, readSegment } from './journal';
import type { SnapshotFile } from './snapshot';
import { listSnapshots, readSnapshot } from './snapshot';
import { SqlStore } from './sqlStore';

export interface Recovered {
  sql: SqlStore;
  /** The last journal entry the database now includes (0 for a new store). */
  appliedN: number;
  /** How far the newest journal segment holds whole lines; undefined when there is no journal yet. */
  tail?: JournalPosition;
  /** The snapshot the database was loaded from, if any. */
  snapshot?: SnapshotFile;
  /** Snapshots that could not be read and were skipped. */
  skipped: string[];
}

/** The durable store's database keeps projections only: its journal segments are the audit trail. */
const PROJECTIONS_ONLY = { keepEvents: false };

/**
 * Rebuilds the database: the newest snapshot that reads back intact, then every journal entry after it. It
 * refuses, rather than starting empty, when files exist but do not add up to the full history.
 */
export async function recover(dir: string, repair: boolean): Promise<Recovered> {
  // Snapshots are listed before segments: a snapshot is written only after the entries it covers are in the
  // journal, so segments listed afterwards always reach at least as far as any snapshot listed.
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
    const replayed = await replayOrClose(sql, segments, snap.n, repair, parsePosition(sql.getMeta('journal_tail')));
    return { sql, ...replayed, snapshot: snap, skipped };
  }
  // No usable snapshot: the journal alone must hold the whole history from entry 1.
  if (segments.length > 0 && segments[0]!.firstN !== 1) throw unreadableError(dir, skipped, segments);
  if (segments.length === 0 && skipped.length > 0) throw unreadableError(dir, skipped, segments);
  const sql = await SqlStore.create(undefined, PROJECTIONS_ONLY);
  return { sql, ...(await replayOrClose(sql, segments, 0, repair)), skipped };
}

async function openBytes(bytes: Uint8Array): Promise<SqlStore | undefined> {
  try {
    const sql = await SqlStore.create(bytes, PROJECTIONS_ONLY);
    if (sql.getMeta('journal_n') === undefined) {
      sql.close();
      return undefined;
    }
    return sql;
  } catch (err) {
    // A database from a newer version is intact: say so rather than falling back past it.
    if (err instanceof StoreError && err.reason === 'schema-too-new') throw err;
    return undefined;
  }
}

/** The entries after `afterN` are all on disk when the oldest remaining segment starts no later than afterN + 1. */
function journalCovers(segments: SegmentFile[], afterN: number): boolean {
  return segments.length === 0 || segments[0]!.firstN <= afterN + 1;
}

async function replayOrClose(
  sql: SqlStore,
  segments: SegmentFile[],
  afterN: number,
  repair: boolean,
  covered?: JournalPosition,
): Promise<{ appliedN: number; tail?: JournalPosition }> {
  try {
    return await replay(sql, segments, afterN, repair, covered);
  } catch (err) {
    sql.close();
    throw err;
  }
}

/**
 * Applies every entry after `afterN`, noting which segment holds it. Segments wholly covered by the snapshot are
 * not read, and the one it ends in is read from where it ended (`covered`); the newest is repaired (its torn
 * last line cut off) when `repair` is set.
 */
async function replay(
  sql: SqlStore,
  segments: SegmentFile[],
  afterN: number,
  repair: boolean,
  covered?: JournalPosition,
): Promise<{ appliedN: number; tail?: JournalPosition }> {
  let last = afterN;
  let tail: JournalPosition | undefined;
  for (let i = 0; i < segments.length; i++) {
    const isLast = i === segments.length - 1;
    const next = segments[i + 1];
    if (next && next.firstN - 1 <= afterN) continue;
    const segment = segments[i]!.firstN;
    const from = covered?.segment === segment ? covered.bytes : 0;
    const read = await readSegment(segments[i]!.path, repair && isLast, from);
    const fresh = read.entries.filter((e) => e.n > last);
    sql.appendJournaled(fresh.map((e) => ({ event: e.event, segment })));
    if (fresh.length > 0) last = fresh[fresh.length - 1]!.n;
    if (isLast) tail = { segment, bytes: read.bytes };
  }
  return { appliedN: last, tail };
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
