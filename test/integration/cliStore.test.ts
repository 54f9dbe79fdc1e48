import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleAgents, examplePrp, isolatedEnv, runCli as runCliProcess, useScratch, type CliResult } from '../support/runCli';

// Real processes over a real run database: what is printed must be recorded, and a killed run must resume.
const scratch = useScratch('prp-cli-store-');

interface PrintedEvent {
  type: string;
  runId: string;
  seq: number;
  taskId?: string;
}

function runCli(args: string[], onSpawn?: (child: ChildProcess) => void): Promise<CliResult> {
  return runCliProcess(args, { cwd: scratch.dir, env: isolatedEnv(scratch.home), onSpawn });
}

function events(stdout: string): PrintedEvent[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as PrintedEvent);
}

function freshDb(name: string): string {
  return path.join(scratch.dir, name);
}

/** Starts a slow `run --json` and calls `onLine` with each printed line as it arrives. */
function slowRun(db: string, onLine: (line: string, child: ChildProcess) => void): Promise<CliResult> {
  const args = ['run', examplePrp, '--agents-dir', exampleAgents, '--speed', '300', '--json', '--db', db];
  return runCli(args, (child) => {
    let pending = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const parts = pending.split('\n');
      pending = parts.pop()!;
      for (const line of parts) if (line.trim() !== '') onLine(line, child);
    });
  });
}


describe('recorded runs', () => {
  it('lists, shows and audits a finished run', async () => {
    const db = freshDb('finished');
    const run = await runCli(['run', examplePrp, '--agents-dir', exampleAgents, '--speed', '20000', '--json', '--db', db]);
    expect(run.code).toBe(0);
    const runId = events(run.stdout)[0]!.runId;

    const runs = await runCli(['runs', '--json', '--db', db]);
    expect(runs.code).toBe(0);
    const listed = JSON.parse(runs.stdout) as { runId: string; status: string; tasksDone: number; taskCount: number }[];
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ runId, status: 'succeeded', tasksDone: 9, taskCount: 9 });

    const show = await runCli(['show', runId, '--json', '--db', db]);
    expect(show.code).toBe(0);
    const detail = JSON.parse(show.stdout) as { tasks: { status: string; agent?: string }[] };
    expect(detail.tasks).toHaveLength(9);
    expect(detail.tasks.every((t) => t.status === 'succeeded' && t.agent)).toBe(true);

    const audit = await runCli(['audit', runId, '--json', '--db', db]);
    expect(audit.code).toBe(0);
    const trail = events(audit.stdout);
    expect(trail.map((e) => e.seq)).toEqual(trail.map((_, i) => i + 1));
    expect(trail.every((e) => e.runId === runId)).toBe(true);
    expect(trail).toEqual(events(run.stdout));

    const human = await runCli(['show', runId, '--db', db]);
    expect(human.stdout).toContain('succeeded');
    expect(human.stdout).toContain('T9');
  }, 60_000);

  it('says when a run id is unknown', async () => {
    const db = freshDb('finished');
    const show = await runCli(['show', 'run-nope', '--db', db]);
    expect(show.code).toBe(1);
    expect(show.stderr).toContain('run-nope');
  });

  it('resumes a killed run without running a succeeded task again', async () => {
    const db = freshDb('killed');
    const killed = await slowRun(db, (line, child) => {
      if ((JSON.parse(line) as PrintedEvent).type === 'task.succeeded') child.kill('SIGKILL');
    });
    expect(killed.code).toBeNull();
    const before = events(killed.stdout);
    const runId = before[0]!.runId;
    expect(before.some((e) => e.type === 'task.succeeded')).toBe(true);
    expect(before.some((e) => e.type === 'run.finished')).toBe(false);

    const resumed = await runCli(['resume', runId, '--json', '--db', db]);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const after = events(resumed.stdout);
    expect(after.every((e) => e.runId === runId)).toBe(true);

    // Counted in the audit trail, not in what was printed: a success can be recorded and the process killed
    // before it printed it. Then the resumed life rightly neither runs nor prints that task again.
    const audit = await runCli(['audit', runId, '--json', '--db', db]);
    const trail = events(audit.stdout);
    expect(trail.map((e) => e.seq)).toEqual(trail.map((_, i) => i + 1));
    const successes = new Map<string, number>();
    for (const e of trail) {
      if (e.type === 'task.succeeded') successes.set(e.taskId!, (successes.get(e.taskId!) ?? 0) + 1);
    }
    expect(successes.size).toBe(9);
    expect([...successes.values()].every((n) => n === 1)).toBe(true);
    // Whatever was printed, in either life, is in the trail.
    const recorded = new Set(trail.map((e) => JSON.stringify(e)));
    for (const e of [...before, ...after]) expect(recorded.has(JSON.stringify(e))).toBe(true);

    const runs = JSON.parse((await runCli(['runs', '--json', '--db', db])).stdout) as { runId: string; status: string }[];
    expect(runs.find((r) => r.runId === runId)?.status).toBe('succeeded');
  }, 60_000);

  it('says when there is nothing to resume', async () => {
    const db = freshDb('finished');
    const runId = (JSON.parse((await runCli(['runs', '--json', '--db', db])).stdout) as { runId: string }[])[0]!.runId;
    const done = await runCli(['resume', runId, '--json', '--db', db]);
    expect(done.code).toBe(0);
    expect(done.stdout).toBe('');
    expect(done.stderr).toContain(`run ${runId} already succeeded; nothing to resume`);
    const missing = await runCli(['resume', 'run-x', '--db', freshDb('never-created')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no recorded run run-x');
  });

  it('plans with what recorded runs took: estimates follow the measured durations', async () => {
    const db = freshDb('history');
    const agent = `"${process.execPath}" -e "process.stdin.resume(); process.stdin.on('end', () => console.log('done'))"`;
    const run = await runCli(['run', examplePrp, '--agents-dir', exampleAgents, '--command', agent, '--json', '--db', db]);
    expect(run.code).toBe(0);
    const estimates = async (extra: string[]) => {
      const plan = await runCli(['plan', examplePrp, '--agents-dir', exampleAgents, '--json', ...extra]);
      expect(plan.code).toBe(0);
      return (JSON.parse(plan.stdout) as { tasks: { id: string; estimateMs: number }[] }).tasks.map((t) => t.estimateMs);
    };
    const planned = await estimates([]);
    const learned = await estimates(['--db', db]);
    // Each task took well under a second where the planner guessed minutes.
    learned.forEach((ms, i) => expect(ms).toBeLessThan(planned[i]!));
  }, 60_000);

  it('refuses a second writer while a run writes', async () => {
    const db = freshDb('locked');
    // The first run's agent never finishes on its own, so it surely holds the lock while the second starts.
    const hang = `"${process.execPath}" -e "setInterval(() => {}, 1000)"`;
    let second: Promise<CliResult> | undefined;
    const first = runCli(['run', examplePrp, '--agents-dir', exampleAgents, '--command', hang, '--json', '--db', db], (child) => {
      child.stdout!.once('data', () => {
        second = runCli(['run', examplePrp, '--agents-dir', exampleAgents, '--speed', '20000', '--db', db]);
        void second.then(() => child.kill('SIGINT'));
      });
    });
    const firstResult = await first;
    const secondResult = await second!;
    expect(firstResult.code).toBe(130);
    expect(secondResult.code).toBe(1);
    expect(secondResult.stderr).toMatch(/another prp-orchestrator process is writing locked \(pid \d+\); wait for it or use --db/);
    const readers = await runCli(['runs', '--json', '--db', db]);
    expect((JSON.parse(readers.stdout) as unknown[]).length).toBe(1);
  }, 60_000);
});
