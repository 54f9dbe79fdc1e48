import * as fs from 'node:fs';
import type { RunEvent } from '../model';
import { StoreError } from './errors';
import type { JournalPosition } from './journal';
import { damagedError, parseLine, segmentPath } from './journal';

const NEWLINE = 0x0a;
const COMMA = 0x2c;
/** What follows `{"n":123` on a line that names its run (journalLine); lines without it are parsed whole. */
const RUN_KEY = Buffer.from(',"r":', 'utf8');

/**
 * One run's events from the journal segments that hold them, in seq order, after `afterSeq`. Reads stop at
 * `limit`: the writer passes how far its journal is durable, a reader how far it replayed when it opened, so
 * nobody sees a line whose write has not finished. An event recorded twice is returned once (the first).
 */
export function readRunEvents(
  dir: string,
  segments: readonly number[],
  runId: string,
  afterSeq: number,
  limit: JournalPosition | undefined,
): RunEvent[] {
  const found: RunEvent[] = [];
  for (const segment of segments) {
    if (limit && segment > limit.segment) continue;
    const file = segmentPath(dir, segment);
    const buf = readPrefix(file, limit && segment === limit.segment ? limit.bytes : undefined, runId);
    for (const e of scanRun(buf, runId, file)) if (e.seq > afterSeq) found.push(e);
  }
  return inSeqOrder(found);
}

/** Events sorted by seq (stable), each seq once: the first occurrence wins, as it did when it was recorded. */
export function inSeqOrder(events: RunEvent[]): RunEvent[] {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  return sorted.filter((e, i) => i === 0 || sorted[i - 1]!.seq !== e.seq);
}

/**
 * The lines of `buf` that belong to `runId`, parsed. Lines written by this version name their run right after
 * `n`, so the scan jumps from one occurrence of that name to the next and never parses other runs' lines;
 * a segment written before the name was added is parsed line by line.
 */
export function scanRun(buf: Buffer, runId: string, file: string): RunEvent[] {
  const tag = Buffer.from(`,"r":${JSON.stringify(runId)},`, 'utf8');
  return isTagged(buf) ? scanTagged(buf, runId, tag, file) : scanEvery(buf, runId, file);
}

/** Whether the first line names its run (segments are written whole by one version of the journal). */
function isTagged(buf: Buffer): boolean {
  const comma = buf.indexOf(COMMA);
  return comma >= 0 && comma + RUN_KEY.length <= buf.length && buf.compare(RUN_KEY, 0, RUN_KEY.length, comma, comma + RUN_KEY.length) === 0;
}

function scanTagged(buf: Buffer, runId: string, tag: Buffer, file: string): RunEvent[] {
  const out: RunEvent[] = [];
  let from = 0;
  for (let hit = buf.indexOf(tag, from); hit >= 0; hit = buf.indexOf(tag, from)) {
    const start = hit === 0 ? 0 : buf.lastIndexOf(NEWLINE, hit) + 1;
    const end = buf.indexOf(NEWLINE, hit);
    // A last line without its newline is a write still in flight or torn by a crash: never acknowledged.
    if (end < 0) break;
    // The name counts only where the line puts it: at the line's first comma, right after `n`.
    if (buf.indexOf(COMMA, start) === hit) {
      const event = parseOwn(buf, start, end, runId, file);
      if (event === null) break;
      if (event) out.push(event);
    }
    from = end + 1;
  }
  return out;
}

function scanEvery(buf: Buffer, runId: string, file: string): RunEvent[] {
  const out: RunEvent[] = [];
  let start = 0;
  for (let end = buf.indexOf(NEWLINE, start); end >= 0; end = buf.indexOf(NEWLINE, start)) {
    const event = parseOwn(buf, start, end, runId, file);
    if (event === null) break;
    if (event) out.push(event);
    start = end + 1;
  }
  return out;
}

/** The line's event when it belongs to the run; null for a torn last line; throws for a damaged one. */
function parseOwn(buf: Buffer, start: number, end: number, runId: string, file: string): RunEvent | undefined | null {
  const entry = parseLine(buf.toString('utf8', start, end));
  if (!entry) {
    if (end === buf.length - 1) return null;
    throw damagedError(file, start);
  }
  return entry.event.runId === runId ? entry.event : undefined;
}

function readPrefix(file: string, bytes: number | undefined, runId: string): Buffer {
  try {
    if (bytes === undefined) return fs.readFileSync(file);
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(bytes);
      let got = 0;
      while (got < bytes) {
        const n = fs.readSync(fd, buf, got, bytes - got, got);
        if (n === 0) break;
        got += n;
      }
      return buf.subarray(0, got);
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    throw new StoreError(
      'journal-corrupt',
      `The journal segment ${file}, which holds events of run ${runId}, is missing, so its audit trail is incomplete. ` +
        'Restore the store folder from a backup.',
    );
  }
}
