/**
 * Values every view derives from a DashboardState (re-exported by dashboardState.ts). Pure functions of the
 * state: the run's own event times stand in for a clock (`run.now`), so two views of one state agree.
 */
import type { TaskStatus } from '../orchestrator/model';
import type { DashboardAgent, DashboardState, DashboardTask } from './dashboardState';

export type StatusCounts = Record<TaskStatus, number>;

export function statusCounts(state: DashboardState): StatusCounts {
  const counts: StatusCounts = { pending: 0, ready: 0, running: 0, retrying: 0, succeeded: 0, failed: 0, cancelled: 0, blocked: 0 };
  for (const task of state.tasks) counts[task.status] += 1;
  return counts;
}

/** Statuses a task does not leave by itself (only a retry request brings it back). */
export const FINISHED_STATUSES: readonly TaskStatus[] = ['succeeded', 'failed', 'cancelled', 'blocked'];

export function isFinished(status: TaskStatus): boolean {
  return FINISHED_STATUSES.includes(status);
}

/** Share of attempts that succeeded, or undefined before the first finished attempt. */
export function successRate(agent: DashboardAgent): number | undefined {
  const finished = agent.succeeded + agent.failed;
  return finished === 0 ? undefined : agent.succeeded / finished;
}

/** Mean duration of the agent's finished attempts, or undefined before the first. */
export function meanAttemptMs(agent: DashboardAgent): number | undefined {
  const finished = agent.succeeded + agent.failed;
  return finished === 0 ? undefined : agent.busyMs / finished;
}

/** Time since the run started, up to its end or its newest event; 0 before it starts. */
export function elapsedMs(state: DashboardState): number {
  const { startedAt, finishedAt, now } = state.run;
  if (startedAt === undefined) return 0;
  return Math.max(0, (finishedAt ?? now ?? startedAt) - startedAt);
}

/** Time the task has spent in attempts, the running one included (up to the newest event). */
export function taskElapsedMs(state: DashboardState, task: DashboardTask): number {
  const last = task.attempts[task.attempts.length - 1];
  const running = last?.outcome === 'running' ? Math.max(0, (state.run.now ?? last.startedAt) - last.startedAt) : 0;
  return task.durationMs + running;
}

/**
 * Share of the run's elapsed time the agent spent on attempts (running ones up to the newest event); it can
 * pass 1 when the agent runs several tasks at once. Undefined before the run has any elapsed time.
 */
export function agentUtilisation(state: DashboardState, agent: DashboardAgent): number | undefined {
  const elapsed = elapsedMs(state);
  if (elapsed <= 0) return undefined;
  let busy = agent.busyMs;
  const now = state.run.finishedAt ?? state.run.now ?? 0;
  for (const id of agent.currentTaskIds) {
    const index = state.taskIndex[id];
    const last = index === undefined ? undefined : state.tasks[index]!.attempts.at(-1);
    if (last?.outcome === 'running' && last.agent === agent.name) busy += Math.max(0, now - last.startedAt);
  }
  return busy / elapsed;
}

/**
 * Estimated time left, from the plan's estimates: the longest remaining chain (a running task's chain minus
 * what it has already run) or the remaining work spread over the workers, whichever is longer. Undefined
 * when the run is not running or nothing is left.
 */
export function estimateRemainingMs(state: DashboardState): number | undefined {
  if (state.run.status !== 'running') return undefined;
  const now = state.run.now ?? 0;
  const pace = observedPace(state);
  let chain = 0;
  let work = 0;
  for (const task of state.tasks) {
    if (isFinished(task.status)) continue;
    const attempt = task.attempts.at(-1);
    const elapsed = attempt?.outcome === 'running' ? Math.max(0, now - attempt.startedAt) : 0;
    chain = Math.max(chain, (state.bottomLevels[task.id] ?? task.estimateMs) * pace - elapsed);
    work += Math.max(0, task.estimateMs * pace - elapsed);
  }
  if (chain <= 0 && work === 0) return undefined;
  return Math.max(chain, work / Math.max(1, state.run.workers));
}

/** Below this many finished tasks the plan's estimates are trusted as they are. */
const PACE_MIN_SAMPLES = 2;

/**
 * How long tasks of this run really take against their estimates (actual ÷ estimated, over the tasks that
 * succeeded in it), so the ETA follows the run's real pace: agents faster or slower than planned, or a
 * simulated run. 1 until enough tasks finished.
 */
function observedPace(state: DashboardState): number {
  let actual = 0;
  let planned = 0;
  let samples = 0;
  for (const task of state.tasks) {
    const last = task.attempts.at(-1);
    if (task.status !== 'succeeded' || last?.finishedAt === undefined || !(task.estimateMs > 0)) continue;
    actual += Math.max(0, last.finishedAt - last.startedAt);
    planned += task.estimateMs;
    samples += 1;
  }
  return samples < PACE_MIN_SAMPLES || planned === 0 || actual === 0 ? 1 : actual / planned;
}
