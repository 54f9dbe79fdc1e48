import type { RunRecipe } from '../model';
import type { DurationSample } from '../plan/estimatesHistory';
import type { Store } from '../store';

/** How many recent runs feed the estimates: enough to learn from, few enough to read at once. */
export const HISTORY_RUNS = 20;

/** Runs longer than this many events are skipped when learning durations, to keep planning quick. */
const MAX_EVENTS_READ = 5000;

/**
 * Runners whose durations say nothing about real work: a simulated agent's time is the estimate itself,
 * sped up, so learning from it would only shrink every estimate.
 */
const NOT_REAL_TIME = new Set(['simulated']);

/** The recipe a run was started with: on its first `run.started`, when the session started it. */
export function recipeOf(store: Pick<Store, 'events'>, runId: string): RunRecipe | undefined {
  for (const event of store.events(runId)) {
    if (event.type === 'run.started') return event.recipe;
  }
  return undefined;
}

/**
 * What the tasks of recent finished runs took against what the planner expected of them, newest runs
 * first. Only runs the session recorded (they carry each task's planned estimate and tags) and that ran
 * real agents count; each task counts once, with the agent and duration of its success.
 */
export function readDurationSamples(store: Pick<Store, 'listRuns' | 'getRun' | 'events'>, limit = HISTORY_RUNS): DurationSample[] {
  const samples: DurationSample[] = [];
  let used = 0;
  for (const run of store.listRuns()) {
    if (used >= limit) break;
    if (run.status === 'running' || run.lastSeq > MAX_EVENTS_READ) continue;
    const recipe = recipeOf(store, run.runId);
    if (recipe?.tasks === undefined || NOT_REAL_TIME.has(recipe.runner)) continue;
    used += 1;
    const planned = new Map(recipe.tasks.map((t) => [t.id, t]));
    for (const task of store.getRun(run.runId)?.tasks ?? []) {
      const plan = planned.get(task.taskId);
      if (task.status !== 'succeeded' || plan === undefined || task.agent === undefined || !(task.durationMs > 0)) continue;
      samples.push({ agent: task.agent, tags: plan.tags, plannedMs: plan.plannedMs, actualMs: task.durationMs });
    }
  }
  return samples;
}
