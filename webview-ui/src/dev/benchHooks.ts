/**
 * Hooks for bench/render.ts on the bench page only (`<body data-host="fake">`): stream status updates from
 * the in-page host at a given rate, and record frame times, without any test code in the product views.
 */
import { layoutTimings } from '../graph/useGraphLayout';
import type { DashboardStore } from '../state/dashboardStore';
import type { FakeHost } from './fakeHost';

export interface BenchHooks {
  /** Milliseconds the last graph layout took, and how many layouts ran so far. */
  layout(): { lastMs: number; count: number };
  /** Sends `perSecond` status updates a second, one `events` message each, for `durationMs`. */
  streamUpdates(perSecond: number, durationMs: number): Promise<number>;
  /** Intervals between animation frames over `durationMs`. */
  frameTimes(durationMs: number): Promise<number[]>;
  /** The dashboard version the views show. */
  version(): number;
  /** How many states the store has published to the views (each is one render). */
  publishes(): number;
}

declare global {
  interface Window {
    prpBench?: BenchHooks;
  }
}

/** Tasks running at once in the streamed updates, as a run with this many workers would have. */
const STREAM_WORKERS = 8;

/**
 * The next status update, as a run would send them: finish the oldest running task once enough run, else
 * start the next task that waits.
 */
function nextUpdate(fake: FakeHost, cursor: { index: number; running: string[] }): void {
  const tasks = fake.state.tasks;
  if (cursor.running.length >= STREAM_WORKERS || cursor.index >= tasks.length) {
    const id = cursor.running.shift();
    if (id === undefined) return;
    const task = tasks[fake.state.taskIndex[id]!]!;
    fake.emit({ type: 'task.succeeded', taskId: id, agent: task.agent ?? 'backend', attempt: task.attempts.length, durationMs: 1000, costUsd: 0.01 });
    return;
  }
  const task = tasks[cursor.index]!;
  cursor.index += 1;
  cursor.running.push(task.id);
  fake.emit({ type: 'task.started', taskId: task.id, agent: task.agent ?? 'backend', attempt: task.attempts.length + 1 });
}

export function installBenchHooks(fake: FakeHost, store: DashboardStore): void {
  const cursor = { index: 0, running: [] as string[] };
  let publishes = 0;
  store.subscribe(() => {
    publishes += 1;
  });
  let started = false;
  window.prpBench = {
    layout: () => ({ ...layoutTimings }),
    version: () => store.getSnapshot().dashboard?.version ?? -1,
    publishes: () => publishes,
    streamUpdates: (perSecond, durationMs) => {
      if (!started) {
        started = true;
        fake.emit({ type: 'run.started', title: fake.state.run.title, taskCount: fake.state.tasks.length, workers: 4 });
      }
      return new Promise((resolve) => {
        const begin = performance.now();
        let sent = 0;
        const timer = setInterval(() => {
          const due = Math.min(Math.floor(((performance.now() - begin) / 1000) * perSecond), Math.floor((durationMs / 1000) * perSecond));
          while (sent < due) {
            nextUpdate(fake, cursor);
            sent += 1;
          }
          if (performance.now() - begin >= durationMs) {
            clearInterval(timer);
            resolve(sent);
          }
        }, 1000 / perSecond);
      });
    },
    frameTimes: (durationMs) =>
      new Promise((resolve) => {
        const times: number[] = [];
        const begin = performance.now();
        let last = begin;
        const tick = (now: number) => {
          times.push(now - last);
          last = now;
          if (now - begin < durationMs) requestAnimationFrame(tick);
          else resolve(times.slice(1));
        };
        requestAnimationFrame((now) => {
          last = now;
          requestAnimationFrame(tick);
        });
      }),
  };
}
