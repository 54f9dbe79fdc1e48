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

/** How far a journal segment is known to hold whole, durable lines. */
export interface JournalPosition {
  /** The segment, by the `n` of its first entry. */
  segment: number;
  bytes: number;
}

/** What reading a segment found: its entries and the length of the intact prefix that holds them. */
export interface SegmentRead {
  entries: JournalEntry[];
  bytes: number;
}

/** Windows has no O_DSYNC; there the journal falls back to write + datasync. */
const HAS_DSYNC = typeof fsConstants.O_DSYNC === 'number' && fsConstants.O_DSYNC !== 0;
const APPEND_DSYNC = fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_APPEND | (HAS_DSYNC ? fsConstants.O_DSYNC : 0);
const NEWLINE = 0x0a;

export function segmentName(firstN: number): string {
  return numberedName('journal-', firstN, '.jsonl');
}

export function segmentPath(dir: string, firstN: number): string {
  return path.join(dir, segmentName(firstN));
}

/** The journal segments in `dir`, oldest first. */
export async function listSegments(dir: string): Promise<SegmentFile[]> {
  return (await listNumbered(dir, 'journal-', '.jsonl')).map((f) => ({ firstN: f.n, path: f.path }));
}

/**
 * The text of one entry. The run id is repeated right after `n`, always at the same place, so reading one run's
 * audit trail can skip other runs' lines without parsing them (see auditTrail.ts).
 */
export function journalLine(entry: JournalEntry): string {
  return JSON.stringify({ n: entry.n, r: entry.event.runId, event: entry.event }) + '\n';
}

/** Parses one line (without its newline); undefined when it is not a whole entry. */
export function parseLine(line: string): JournalEntry | undefined {
  try {
    const v = JSON.parse(line) as Partial<JournalEntry>;
    return typeof v.n === 'number' && v.event && typeof v.event === 'object' ? { n: v.n, event: v.event } : undefined;
  } catch {
    return undefined;
  }
}

export function damagedError(file: string, offset: number): StoreError {
  return new StoreError(
    'journal-corrupt',
    `The journal ${file} is damaged at byte ${offset}. Move the store folder aside to start over, or restore it from a backup.`,
  );
}

/**
 * Reads a segment, from byte `from` when a snapshot recorded where its entries end (anything that is not the
 * start of a line there means the segment is not the one the snapshot saw, so it is read whole). A last line
 * without its newline or that does not parse is a write the crash tore: it was never acknowledged, so it is
 * dropped (and cut off the file when `repair` is set). A bad line anywhere else means the file was damaged after
 * it was written, which the store must not paper over.
 */
export async function readSegment(file: string, repair: boolean, from = 0): Promise<SegmentRead> {
  const buf = await fsp.readFile(file);
  const entries: JournalEntry[] = [];
  let start = from > 0 && from <= buf.length && buf[from - 1] === NEWLINE ? from : 0;
  while (start < buf.length) {
    const end = buf.indexOf(NEWLINE, start);
    const entry = end < 0 ? undefined : parseLine(buf.toString('utf8', start, end));
    if (!entry) {
      if (end >= 0 && end !== buf.length - 1) throw damagedError(file, start);
      if (repair) await fsp.truncate(file, start);
      break;
    }
    entries.push(entry);
    start = end + 1;
  }
  return { entries, bytes: start };
}

/** A journal position as text, for the snapshot's metadata. */
export function formatPosition(at: JournalPosition): string {
  return `${at.segment}:${at.bytes}`;
}

export function parsePosition(text: string | undefined): JournalPosition | undefined {
  const m = /^(\d+):(\d+)$/.exec(text ?? '');
  return m ? { segment: Number(m[1]), bytes: Number(m[2]) } : undefined;
}

interface Pending {
  entry: JournalEntry;
  line: string;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * The append-only journal with group commit: appends that arrive while a write is in flight wait and go out
 * together in the next one, so a burst of N events costs about two synchronous writes, not N. Segments are
 * sealed by size and never deleted: together they are the audit trail.
 */
export class Journal {
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private handle: fsp.FileHandle | undefined;
  private segment = 0;
  private bytes = 0;
  private sealRequested = false;
  /** How many durable write rounds ran; tests and benchmarks read it. */
  fsyncs = 0;

  /**
   * @param onDurable called with each batch once it is on disk, before any of its appends resolves, with the
   *   position the segment is now durable up to.
   */
  constructor(
    private readonly dir: string,
    private nextN: number,
    private readonly segmentBytes: number,
    private readonly onDurable: (entries: JournalEntry[], at: JournalPosition) => void,
  ) {}

  /** The `n` the next append will get. */
  get next(): number {
    return this.nextN;
  }

  /** Queues the event; resolves once its line is on disk. */
  append(event: RunEvent): Promise<void> {
    const entry = { n: this.nextN++, event };
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ entry, line: journalLine(entry), resolve, reject });
      if (!this.flushing) this.flushing = this.flushLoop();
    });
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
        this.onDurable(
          batch.map((p) => p.entry),
          { segment: this.segment, bytes: this.bytes },
        );
        for (const p of batch) p.resolve();
      } catch (err) {
        // A failed write may have left part of a line behind: it must stay the last line of its segment.
        this.sealRequested = true;
        for (const p of batch) p.reject(err);
      }
    }
    this.flushing = undefined;
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    if (!this.handle || this.sealRequested || this.bytes >= this.segmentBytes) await this.openSegment(batch[0]!.entry.n);
    const data = Buffer.from(batch.map((p) => p.line).join(''), 'utf8');
    // O_DSYNC makes each write durable when it returns: one system call per batch instead of write + fsync.
    let written = 0;
    while (written < data.length) written += (await this.handle!.write(data, written)).bytesWritten;
    if (!HAS_DSYNC) await this.handle!.datasync();
    this.bytes += data.length;
  }

  private async openSegment(firstN: number): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
    const handle = await fsp.open(segmentPath(this.dir, firstN), APPEND_DSYNC);
    this.handle = handle;
    this.segment = firstN;
    this.bytes = (await handle.stat()).size;
    this.sealRequested = false;
    await syncDir(this.dir);
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
