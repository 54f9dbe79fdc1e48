import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLock } from '../../src/orchestrator/store/lock';
import { openStore } from '../../src/orchestrator/store/openStore';
import { StoreLockedError } from '../../src/orchestrator/store/errors';

const repo = path.resolve(__dirname, '../..');
let work: string;
let childScript: string;

/**
 * The child opens the store, prints `open`, then publishes events one after another (a few concurrently) and
 * prints each seq only after its publish resolved, exactly as the CLI prints an event only once it is durable.
 */
const CHILD = (storeModule: string) => `
import { openStore } from ${JSON.stringify(storeModule)};
const [dir, countText, runId, segmentText] = process.argv.slice(2);
const store = await openStore({ dir, snapshotIntervalMs: 5, segmentBytes: segmentText ? Number(segmentText) : undefined });
process.stdout.write('open\\n');
const count = Number(countText);
let seq = store.events(runId).length;
while (seq < count) {
  const batch = [];
  for (let i = 0; i < 4 && seq < count; i++) {
    seq++;
    const e = seq === 1
      ? { runId, seq, time: seq, type: 'run.started', title: 'k', taskCount: 1, workers: 1 }
      : { runId, seq, time: seq, type: 'task.progress', taskId: 'T1', agent: 'a', message: 'x'.repeat(seq % 200) };
    batch.push(store.publish(e).then(() => process.stdout.write('published ' + e.seq + '\\n')));
  }
  await Promise.all(batch);
}
process.stdout.write('done\\n');
setInterval(() => {}, 1000);
`;

beforeAll(async () => {
  work = await fsp.mkdtemp(path.join(os.tmpdir(), 'prp-store-proc-'));
  childScript = path.join(work, 'child.mts');
  await fsp.writeFile(childScript, CHILD(path.join(repo, 'src/orchestrator/store/openStore.ts')));
});
afterAll(async () => {
  await fsp.rm(work, { recursive: true, force: true });
});

interface Child {
  proc: ChildProcess;
  lines: string[];
  waitFor(pred: (lines: string[]) => boolean): Promise<void>;
}

function startChild(dir: string, count: number, runId = 'r1', segmentBytes?: number): Child {
  const args = [childScript, dir, String(count), runId, ...(segmentBytes ? [String(segmentBytes)] : [])];
  const proc = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let buffer = '';
  const waiters: Array<() => void> = [];
  proc.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    lines.push(...parts);
    for (const w of waiters.splice(0)) w();
  });
  let stderr = '';
  proc.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const waitFor = (pred: (l: string[]) => boolean) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (pred(lines)) return resolve();
        if (proc.exitCode !== null || proc.signalCode !== null) return reject(new Error(`child ended early: ${stderr}`));
        waiters.push(check);
      };
      proc.once('exit', () => waiters.push(check) && check());
      check();
    });
  return { proc, lines, waitFor };
}

async function kill(child: Child): Promise<void> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  const gone = new Promise((r) => child.proc.once('exit', r));
  child.proc.kill('SIGKILL');
  await gone;
}

describe('store across processes', () => {
  it('refuses a second writer naming the holder, and takes over the lock once the holder is SIGKILLed', async () => {
    const dir = path.join(work, 'lock');
    const child = startChild(dir, 3);
    await child.waitFor((l) => l.includes('done'));
    const err = await openStore({ dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreLockedError);
    expect((err as StoreLockedError).pid).toBe(child.proc.pid);
    expect((err as Error).message).toContain(String(child.proc.pid));
    const reader = await openStore({ dir, readOnly: true });
    expect(reader.events('r1')).toHaveLength(3);
    await reader.close();
    await kill(child);
    expect(readLock(path.join(dir, 'store.lock'))?.pid).toBe(child.proc.pid);
    const writer = await openStore({ dir });
    expect(readLock(path.join(dir, 'store.lock'))?.pid).toBe(process.pid);
    expect(writer.events('r1')).toHaveLength(3);
    await writer.close();
  }, 30_000);

  it('keeps every event a SIGKILLed publisher printed as published', async () => {
    const dir = path.join(work, 'kill');
    const runs = 5;
    let expected = 0;
    for (let i = 0; i < runs; i++) {
      // Small segments, so kills land while segments are sealed and snapshots point into them.
      const child = startChild(dir, 100_000, 'r1', 1024);
      await child.waitFor((l) => l.includes('open'));
      // Let it publish for a random while, then kill it without warning.
      const target = expected + 20 + Math.floor(Math.random() * 400);
      await child.waitFor((l) => l.length > 0 && published(l) >= target);
      await new Promise((r) => setTimeout(r, Math.random() * 20));
      await kill(child);
      const printed = published(child.lines);
      const store = await openStore({ dir, readOnly: true });
      const seqs = store.events('r1').map((e) => e.seq);
      await store.close();
      // Nothing printed is missing, and the trail has no gap.
      expect(seqs.length).toBeGreaterThanOrEqual(printed);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, k) => k + 1));
      expected = seqs.length;
    }
    expect((await fsp.readdir(dir)).filter((f) => f.startsWith('journal-')).length).toBeGreaterThan(runs);
  }, 120_000);
});

function published(lines: string[]): number {
  let max = 0;
  for (const l of lines) if (l.startsWith('published ')) max = Math.max(max, Number(l.slice(10)));
  return max;
}
