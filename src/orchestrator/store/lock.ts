import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StoreLockedError } from './errors';

export const LOCK_FILE = 'store.lock';

export interface LockInfo {
  pid: number;
  hostname: string;
  startedAt: number;
}

export interface WriterLock {
  readonly path: string;
  release(): void;
}

/**
 * Takes the single-writer lock of a store directory. The lock file is created exclusively, so two processes can
 * never both succeed; a lock whose process is gone (same host, pid not alive) is taken over. Throws
 * StoreLockedError naming the holder otherwise.
 */
export function acquireLock(dir: string): WriterLock {
  const file = path.join(dir, LOCK_FILE);
  const me: LockInfo = { pid: process.pid, hostname: os.hostname(), startedAt: Date.now() };
  for (let tries = 0; tries < 3; tries++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, JSON.stringify(me));
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      return { path: file, release: () => releaseLock(file, me) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readLock(file);
    if (holder && !isStale(holder)) throw new StoreLockedError(file, holder.pid, holder.hostname);
    // An empty lock that is only just created belongs to an opener still writing it.
    if (!holder && isFresh(file)) throw new StoreLockedError(file, -1, 'this host');
    // A stale or unreadable lock: remove it and race for a fresh one; the exclusive create decides who wins.
    fs.rmSync(file, { force: true });
  }
  const holder = readLock(file);
  throw new StoreLockedError(file, holder?.pid ?? -1, holder?.hostname ?? 'unknown host');
}

/** Who holds the lock, or undefined when there is no lock file or it cannot be read. */
export function readLock(file: string): LockInfo | undefined {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockInfo>;
    if (typeof v.pid === 'number' && typeof v.hostname === 'string') {
      return { pid: v.pid, hostname: v.hostname, startedAt: Number(v.startedAt ?? 0) };
    }
  } catch {
    // Missing or half-written: treated as no holder.
  }
  return undefined;
}

/**
 * A lock is stale when its process no longer exists on this host. A lock from another host is never stale
 * here: we cannot see its processes, so a person has to remove it.
 */
export function isStale(info: LockInfo): boolean {
  if (info.hostname !== os.hostname()) return false;
  if (info.pid === process.pid) return false;
  try {
    process.kill(info.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function isFresh(file: string): boolean {
  try {
    return Date.now() - fs.statSync(file).mtimeMs < 2000;
  } catch {
    return false;
  }
}

function releaseLock(file: string, me: LockInfo): void {
  const holder = readLock(file);
  if (holder && holder.pid === me.pid && holder.startedAt === me.startedAt) fs.rmSync(file, { force: true });
}
