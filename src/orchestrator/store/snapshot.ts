import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { syncDir } from './journal';
import { listNumbered, numberedName } from './numberedFiles';

/** A snapshot file: magic, SHA-1 of the body, then the SQLite database bytes. */
const MAGIC = Buffer.from('PRPSNAP1', 'ascii');
const HASH_BYTES = 20;
const HEADER_BYTES = MAGIC.length + HASH_BYTES;

export interface SnapshotFile {
  /** The last journal entry the snapshot includes. */
  n: number;
  path: string;
}

export function snapshotName(n: number): string {
  return numberedName('snapshot-', n, '.db');
}

/** Snapshots in `dir`, newest first. */
export async function listSnapshots(dir: string): Promise<SnapshotFile[]> {
  return (await listNumbered(dir, 'snapshot-', '.db')).reverse();
}

/**
 * Writes the database bytes atomically: a temporary file that is fsynced, then renamed over the final name,
 * then the directory fsynced, so a crash leaves either the whole old set or the whole new snapshot.
 */
export async function writeSnapshot(dir: string, n: number, bytes: Uint8Array): Promise<SnapshotFile> {
  const final = path.join(dir, snapshotName(n));
  const tmp = `${final}.tmp`;
  const hash = await hashInSlices(bytes);
  const h = await fsp.open(tmp, 'w');
  try {
    await h.writev([MAGIC, hash, bytes]);
    await h.sync();
  } finally {
    await h.close();
  }
  await fsp.rename(tmp, final);
  await syncDir(dir);
  return { n, path: final };
}

/** About 2 ms of hashing: the most a snapshot's hash holds the thread at a time. */
const HASH_SLICE = 1024 * 1024;

/** SHA-1 of the bytes, a slice at a time with a turn of the event loop between, however large the database. */
async function hashInSlices(bytes: Uint8Array): Promise<Buffer> {
  const hash = createHash('sha1');
  for (let at = 0; at < bytes.length; at += HASH_SLICE) {
    if (at > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    hash.update(bytes.subarray(at, at + HASH_SLICE));
  }
  return hash.digest();
}

/** The database bytes of a snapshot, or undefined when the file is truncated, altered or not a snapshot. */
export async function readSnapshot(file: string): Promise<Uint8Array | undefined> {
  const buf = await fsp.readFile(file);
  if (buf.length < HEADER_BYTES || !buf.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const body = buf.subarray(HEADER_BYTES);
  const hash = createHash('sha1').update(body).digest();
  return hash.equals(buf.subarray(MAGIC.length, HEADER_BYTES)) ? new Uint8Array(body) : undefined;
}

/** Deletes all but the newest `keep` snapshots and any temporary file a crash left behind. */
export async function pruneSnapshots(dir: string, keep: number): Promise<SnapshotFile[]> {
  const all = await listSnapshots(dir);
  for (const old of all.slice(keep)) await fsp.rm(old.path, { force: true });
  for (const name of await fsp.readdir(dir)) {
    if (name.startsWith('snapshot-') && name.endsWith('.tmp')) await fsp.rm(path.join(dir, name), { force: true });
  }
  return all.slice(0, keep);
}
