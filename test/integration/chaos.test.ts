import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../bench/dags';
import { openStore } from '../../src/orchestrator/index';
import { exampleAgents, examplePrp, isolatedEnv, runCli, useScratch, type CliResult } from '../support/runCli';

// Kills the real CLI with SIGKILL at random moments while it runs a PRP, resumes it each time until the run
// succeeds, and then checks that nothing was lost or done twice. The moments are seeded, so a failure can
// be replayed: set CHAOS_SEED to the seed the failure message names.
const KILLS = 50;
/** Kills per run before it is allowed to finish, so the kills spread over several runs. */
const KILLS_PER_RUN = 13;
const SEED = Number(process.env.CHAOS_SEED ?? 20_240_611);
/** Slow enough that a task is often cut off mid-way; the example's 9 tasks take about a second then. */
const SPEED = '2500';

const scratch = useScratch('prp-chaos-');


interface Event {
  type: string;
  runId: string;
  seq: number;
  taskId?: string;
  status?: string;
}

/** One process of the run: the complete lines it printed, and whether it was killed. */
interface Life {
  lines: string[];
  killed: boolean;
  result: CliResult;
}

// Seeded, so the kill moments are the same on every run of the test.
const random = mulberry32(SEED);

/**
 * Kills after a random number of printed lines plus a random pause, or, two times in five, after a random
 * time from the start (so start-up, recovery and planning are hit too). Undefined: let it finish.
 */
function killPlan(): { afterLines: number; pauseMs: number } | { afterMs: number } {
  if (random() < 0.4) return { afterMs: Math.floor(random() * 700) };
  return { afterLines: Math.floor(random() * 30), pauseMs: Math.floor(random() * 40) };
}

function live(args: string[], kill: boolean): Promise<Life> {
  const lines: string[] = [];
  let killed = false;
  const plan = kill ? killPlan() : undefined;
  const stop = (child: ChildProcess) => {
    if (!killed && child.exitCode === null) killed = child.kill('SIGKILL');
  };
  const result = runCli(args, {
    cwd: scratch.dir,
    env: isolatedEnv(scratch.home),
    onSpawn: (child) => {
      if (plan && 'afterMs' in plan) setTimeout(() => stop(child), plan.afterMs);
      let pending = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        pending += chunk.toString();
        const parts = pending.split('\n');
        pending = parts.pop()!;
        for (const line of parts) {
          if (line.trim() === '') continue;
          lines.push(line);
          if (plan && 'afterLines' in plan && lines.length === plan.afterLines + 1) setTimeout(() => stop(child), plan.pauseMs);
        }
      });
    },
  });
  return result.then((r) => ({ lines, killed, result: r }));
}

const parse = (line: string) => JSON.parse(line) as Event;

/** The run a killed `run` started: from what it printed, else from the database (it may have recorded and not printed). */
async function runIdAfter(first: Life, db: string, known: ReadonlySet<string>): Promise<string | undefined> {
  if (first.lines.length > 0) return parse(first.lines[0]!).runId;
  const listed = await runCli(['runs', '--json', '--db', db], { cwd: scratch.dir, env: isolatedEnv(scratch.home) });
  if (listed.code !== 0) return undefined;
  return (JSON.parse(listed.stdout) as Array<{ runId: string }>).map((r) => r.runId).find((id) => !known.has(id));
}

describe('chaos', () => {
  it(`loses nothing and repeats nothing when the CLI is killed with SIGKILL ${KILLS} times and resumed`, async () => {
    const db = path.join(scratch.dir, 'db');
    const runArgs = ['run', examplePrp, '--agents-dir', exampleAgents, '--speed', SPEED, '--json', '--db', db];
    const lives = new Map<string, Life[]>();
    let kills = 0;
    while (kills < KILLS) {
      const first = await live(runArgs, true);
      if (first.killed) kills += 1;
      const runId = await runIdAfter(first, db, new Set(lives.keys()));
      if (runId === undefined) continue; // Killed before the run was recorded: nothing to resume.
      const all = [first];
      lives.set(runId, all);
      let last = first;
      for (let perRun = 1; last.killed || last.result.code !== 0; perRun++) {
        const kill = perRun < KILLS_PER_RUN && kills < KILLS;
        last = await live(['resume', runId, '--json', '--db', db], kill);
        if (last.killed) kills += 1;
        else expect(last.result.code, `seed ${SEED}: ${last.result.stderr}`).toBe(0);
        all.push(last);
      }
    }
    expect(kills).toBeGreaterThanOrEqual(KILLS);

    const store = await openStore({ dir: db, readOnly: true });
    try {
      for (const [runId, all] of lives) {
        const trail = store.events(runId);
        expect(trail.map((e) => e.seq), `seed ${SEED}: gap in ${runId}`).toEqual(trail.map((_, i) => i + 1));
        const successes = new Map<string, number>();
        for (const e of trail) if (e.type === 'task.succeeded') successes.set(e.taskId, (successes.get(e.taskId) ?? 0) + 1);
        expect(successes.size, `seed ${SEED}: ${runId}`).toBe(9);
        expect([...successes.values()].every((n) => n === 1), `seed ${SEED}: a task of ${runId} succeeded twice`).toBe(true);
        expect(store.getRun(runId)?.run.status).toBe('succeeded');
        const recorded = new Set(trail.map((e) => JSON.stringify(e)));
        const printed = all.flatMap((l) => l.lines);
        const missing = printed.filter((line) => !recorded.has(JSON.stringify(parse(line))));
        expect(missing, `seed ${SEED}: printed but not recorded in ${runId}`).toEqual([]);
      }
    } finally {
      await store.close();
    }
    // The CLI reads the same trail: every event once, in order, with the run's id.
    const [someRun] = lives.keys();
    const audit = await runCli(['audit', someRun!, '--json', '--db', db], { cwd: scratch.dir, env: isolatedEnv(scratch.home) });
    expect(audit.code).toBe(0);
    const audited = audit.stdout.split('\n').filter((l) => l !== '').map(parse);
    expect(audited.map((e) => e.seq)).toEqual(audited.map((_, i) => i + 1));
    expect(audited.every((e) => e.runId === someRun)).toBe(true);
  }, 420_000);
});
