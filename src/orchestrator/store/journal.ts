import { constants as fsConstants, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { RunEvent } from '../model';
import { StoreError } from './errors';
import { listNumbered, numberedName } from './numberedFiles';

/** One journal line: `n` is the store-wide entry number, which snapshots record as their high-water mark. */
export interface JournalEntry {
  n: number;
  event: RunEvent;
}

export interface SegmentFile {
  /** The `n` of the segment's first entry. */
  firstN: number;
  path: string;
}

/** Windows has no O_DSYNC; there the journal falls back to write + datasync. */
const HAS_DSYNC = typeof fsConstants.O_DSYNC === 'number' && fsConstants.O_DSYNC !== 0;
const APPEND_DSYNC = fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_APPEND | (HAS_DSYNC ? fsConstants.O_DSYNC : 0);
export function segmentName(firstN: number): string {
  return numberedName('journal-', firstN, '.jsonl');
}

/** The journal segments in `dir`, oldest first. */
export async function listSegments(dir: string): Promise<SegmentFile[]> {
  return (await listNumbered(dir, 'journal-', '.jsonl')).map((f) => ({ firstN: f.n, path: f.path }));
}

/**
 * Reads a segment. A last line without its newline or that does not parse is a write the crash tore: it was
 * never acknowledged, so it is dropped (and cut off the file when `repair` is set). A bad line anywhere else
 * means the file was damaged after it was written, which the store must not paper over.
 */
export async function readSegment(file: string, repair: boolean): Promise<JournalEntry[]> {
  const buf = await fsp.readFile(file);
  const text = buf.toString('utf8');
  const entries: JournalEntry[] = [];
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const line = end < 0 ? text.slice(start) : text.slice(start, end);
    const entry = end < 0 ? undefined : parseLine(line);
    if (!entry) {
      const isLast = end < 0 || end === text.length - 1;
      if (!isLast) {
        throw new StoreError(
          'journal-corrupt',
          `The journal ${file} is damaged at byte ${Buffer.byteLength(text.slice(0, start))}. ` +
            'Move the store folder aside to start over, or restore it from a backup.',
        );
      }
      if (repair) await fsp.truncate(file, Buffer.byteLength(text.slice(0, start)));
      break;
    }
    entries.push(entry);
    start = end + 1;
  }
  return entries;
}

function parseLine(line: string): JournalEntry | undefined {
  try {
    const v = JSON.parse(line) as Partial<JournalEntry>;
    return typeof v.n === 'number' && v.event && typeof v.event === 'object' ? (v as JournalEntry) : undefined;
  } catch {
    return undefined;
  }
}

interface Pending {
  entry: JournalEntry;
  line: string;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * The append-only journal with group commit: appends that arrive while a write+fsync is in flight wait and go
 * out together in the next one, so a burst of N events costs about two fsyncs, not N.
 */
export class Journal {
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private handle: fsp.FileHandle | undefined;
  private rotateRequested = false;
  /** How many write+fsync rounds ran; tests and benchmarks read it. */
  fsyncs = 0;

  constructor(
    private readonly dir: string,
    private nextN: number,
    private readonly onDurable: (entries: JournalEntry[]) => void,
  ) {}

  /** The `n` the next append will get. */
  get next(): number {
    return this.nextN;
  }

  /** Queues the event; resolves once its line is on disk. */
  append(event: RunEvent): Promise<void> {
    const n = this.nextN++;
    return new Promise<void>((resolve, reject) => {
      const entry = { n, event };
      this.queue.push({ entry, line: JSON.stringify(entry) + '\n', resolve, reject });
      if (!this.flushing) this.flushing = this.flushLoop();
    });
  }

  /** The next write starts a new segment, so older segments can be deleted once a snapshot covers them. */
  rotate(): void {
    this.rotateRequested = true;
  }

  /** Waits for every queued append. */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  async close(): Promise<void> {
    await this.drain();
    await this.handle?.close();
    this.handle = undefined;
  }

  private async flushLoop(): Promise<void> {
    // Yield once so appends made in the same tick join this batch.
    await Promise.resolve();
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.writeBatch(batch);
        this.fsyncs++;
        this.onDurable(batch.map((p) => p.entry));
        for (const p of batch) p.resolve();
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
    this.flushing = undefined;
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    if (!this.handle || this.rotateRequested) {
      await this.handle?.close();
      // O_DSYNC makes each write durable when it returns: one system call per batch instead of write + fsync.
      this.handle = await fsp.open(path.join(this.dir, segmentName(batch[0]!.entry.n)), APPEND_DSYNC);
      this.rotateRequested = false;
      await syncDir(this.dir);
    }
    await this.handle.write(batch.map((p) => p.line).join(''));
    if (!HAS_DSYNC) await this.handle.datasync();
  }
}

/** Makes a created, renamed or deleted directory entry durable. */
export async function syncDir(dir: string): Promise<void> {
  const h = await fsp.open(dir, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}
