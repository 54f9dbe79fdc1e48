/**
 * Engine overhead benchmark: wall time of a whole simulated run (simulated runner, virtual clock, no
 * persistence, no UI) divided by its task count, at 1k, 10k and 100k tasks.
 *
 * The baseline, measured in the same process, is a bare loop that keeps W sleeps of the same durations in
 * flight on a VirtualClock and does nothing else: it pays for the promises and the clock's stepping from
 * one virtual instant to the next, which any simulation pays. What the engine costs beyond it is its own.
 *
 * The engine is timed as tsx loads it (esbuild's transform, one module per file). Timing the same code from
 * one esbuild bundle instead made no difference beyond the noise (tried on Node 20), so the bench keeps
 * the simpler loading.
 */
import { performance } from 'node:perf_hooks';
import { VirtualClock } from '../src/orchestrator/engine';
import type { AgentRunner } from '../src/orchestrator/runners';
import { windowedDag, type BenchDag } from './dags';
import { simulateMakespan } from './makespan';
import { renderTable, type BenchModule, type BenchRow } from './table';

const WORKERS = 16;

/** A sparse graph like a big planned PRP: each task waits on 0-3 of the 20 tasks before it. */
function sparseDag(tasks: number): BenchDag {
  return windowedDag({ tasks, window: 20, maxDeps: 3, seed: 42 });
}

interface Timing {
  wallMs: number;
  /** Process CPU time (user + system, all threads): less disturbed than wall time by other work on a shared machine. */
  cpuMs: number;
}

/**
 * The least a runner can do: sleep the task's estimate on the clock and succeed. It ignores abort, which is
 * fine here because nothing aborts; it shows how much of a run's cost is the SimulatedRunner's own.
 */
function sleepRunner(clock: VirtualClock): AgentRunner {
  return {
    name: 'sleep',
    releasesSignal: true,
    run: (request) => new Promise((resolve) => clock.setTimeout(() => resolve({ ok: true }), request.task.estimateMs)),
  };
}

/** Runs the DAG through the engine, with the SimulatedRunner unless `bareRunner`. */
async function timeEngine(dag: BenchDag, bareRunner = false): Promise<Timing> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  // Exact estimates: the simulated runner's own default (each attempt takes the task's estimate) applies.
  await simulateMakespan(dag.graph, { workers: WORKERS, priority: 'critical-path', ...(bareRunner ? { makeRunner: sleepRunner } : {}) });
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
}

/** The baseline: W loops that each take the next duration and sleep it on the virtual clock. Returns wall ms. */
async function timeBareLoop(dag: BenchDag): Promise<number> {
  const durations = dag.graph.tasks.map((t) => dag.actualMs.get(t.id)!);
  const start = performance.now();
  const clock = new VirtualClock();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < durations.length) {
      const ms = durations[next++]!;
      await new Promise<void>((resolve) => clock.setTimeout(resolve, ms));
    }
  };
  await clock.runUntil(Promise.all(Array.from({ length: WORKERS }, worker)));
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

interface Measured {
  /** Wall ms of the run with the SimulatedRunner. */
  engine: number;
  engineCpu: number;
  /** Wall ms of the run with the sleep-only runner. */
  sleepRunner: number;
  /** Wall ms of the bare clock loop. */
  bare: number;
}

/** Medians over `repeats` interleaved rounds, so drift on a shared machine hits every variant alike. */
async function measure(dag: BenchDag, repeats: number): Promise<Measured> {
  const engine: Timing[] = [];
  const sleep: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < repeats; i++) {
    engine.push(await timeEngine(dag));
    sleep.push((await timeEngine(dag, true)).wallMs);
    bare.push(await timeBareLoop(dag));
  }
  return { engine: median(engine.map((t) => t.wallMs)), engineCpu: median(engine.map((t) => t.cpuMs)), sleepRunner: median(sleep), bare: median(bare) };
}

const SIZES: ReadonlyArray<[tasks: number, repeats: number, label: string]> = [
  [1_000, 9, '1k'],
  [10_000, 5, '10k'],
  [100_000, 5, '100k'],
];

function rowsFor(tasks: number, label: string, m: Measured): BenchRow[] {
  const perTask = (ms: number) => (ms * 1000) / tasks;
  const overhead = perTask(m.engine - m.bare);
  const rows: BenchRow[] = [
    { benchmark: 'engine', case: `${label} tasks, wall per task`, value: perTask(m.engine), unit: 'µs', baseline: { name: 'bare clock loop', value: perTask(m.bare) } },
    { benchmark: 'engine', case: `${label} tasks, overhead per task (run − bare loop)`, value: overhead, unit: 'µs', ...(tasks === 100_000 ? { target: '< 5 µs', pass: overhead < 5 } : {}) },
  ];
  if (tasks !== 100_000) return rows;
  return [
    ...rows,
    { benchmark: 'engine', case: '100k tasks, overhead with a sleep-only runner', value: perTask(m.sleepRunner - m.bare), unit: 'µs', baseline: { name: 'SimulatedRunner', value: overhead } },
    { benchmark: 'engine', case: '100k tasks, whole simulated run', value: m.engine / 1000, unit: 's', baseline: { name: 'bare clock loop', value: m.bare / 1000 }, target: '< 1 s', pass: m.engine < 1000 },
    { benchmark: 'engine', case: '100k tasks, whole run, process CPU time', value: m.engineCpu / 1000, unit: 's' },
  ];
}

export const run: BenchModule = async () => {
  // Warm-up: let V8 optimise the engine and the baseline before anything is timed.
  const warm = sparseDag(5_000);
  for (let i = 0; i < 3; i++) await measure(warm, 1);
  const rows: BenchRow[] = [];
  for (const [tasks, repeats, label] of SIZES) rows.push(...rowsFor(tasks, label, await measure(sparseDag(tasks), repeats)));
  return rows;
};

if (process.argv[1]?.endsWith('engine.ts')) void run().then((rows) => console.log(renderTable(rows)));
