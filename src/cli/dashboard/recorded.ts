import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RunEvent, RunRecipe, Store } from '../../orchestrator/index';
import { applyRunEvents } from '../../shared/dashboardState';
import type { DashboardState } from '../../shared/dashboardState';
import type { DashboardHub } from './hub';
import { planState, recordedGraph } from './initialState';
import type { PlanView } from './initialState';

/** Plans a recorded run's PRP again, the way the run was started. */
export type RecipePlanner = (recipe: RunRecipe) => Promise<PlanView>;

/** The recipe the run recorded on its first `run.started`, when it was started through the session API. */
export function recipeOf(events: readonly RunEvent[]): RunRecipe | undefined {
  for (const event of events) if (event.type === 'run.started' && event.recipe) return event.recipe;
  return undefined;
}

/**
 * The dashboard state of a recorded run: its PRP planned again from the recorded recipe (with the
 * estimates it ran with), then every recorded event applied. When the PRP cannot be planned any more, the
 * tasks the store knows stand in for the graph, so the run still shows.
 */
export async function recordedRunState(store: Store, runId: string, planRecipe: RecipePlanner): Promise<DashboardState | undefined> {
  const detail = store.getRun(runId);
  if (!detail) return undefined;
  const events = store.events(runId);
  const recipe = recipeOf(events);
  let view: PlanView | undefined;
  if (recipe) view = await planRecipe(recipe).then(withRecordedEstimates(recipe), () => undefined);
  view ??= { graph: recordedGraph(detail.run, detail.tasks) };
  const base = planState(view, { runId, prpPath: recipe?.prpPath, workers: recipe?.workers ?? detail.run.workers });
  return applyRunEvents(base, events);
}

/** History may have refined the estimates since; the run's own ones give its critical path and ETA. */
function withRecordedEstimates(recipe: RunRecipe): (view: PlanView) => PlanView {
  return (view) => {
    if (!recipe.tasks) return view;
    const recorded = new Map(recipe.tasks.map((t) => [t.id, t.estimateMs]));
    const tasks = view.graph.tasks.map((t) => ({ ...t, estimateMs: recorded.get(t.id) ?? t.estimateMs }));
    return { ...view, graph: { ...view.graph, tasks } };
  };
}

export interface FollowerOptions {
  /** The store folder to watch. */
  dir: string;
  hub: DashboardHub;
  /** Opens a fresh read-only view of the store (the writer may have added to it). */
  openReader: () => Promise<Store>;
  /** Receives each newly opened reader; the follower closes the one before. */
  onReader: (store: Store) => void;
  planRecipe: RecipePlanner;
  /** How often to look for changes, in ms. Default 1000. */
  intervalMs?: number;
}

/**
 * Keeps a read-only dashboard up to date while another process writes the store: when the store's files
 * change, it reads them again, applies the new events of the shown run, or switches to a newer run.
 */
export class RecordedFollower {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private fingerprint = '';
  private stopped = false;

  constructor(private readonly options: FollowerOptions) {}

  async start(): Promise<void> {
    this.fingerprint = await folderFingerprint(this.options.dir);
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.poll().finally(() => this.schedule()), this.options.intervalMs ?? 1000);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    const fingerprint = await folderFingerprint(this.options.dir).catch(() => this.fingerprint);
    if (fingerprint === this.fingerprint || this.stopped) return;
    this.fingerprint = fingerprint;
    const store = await this.options.openReader().catch(() => undefined);
    if (!store || this.stopped) return;
    this.options.onReader(store);
    await this.catchUp(store);
  }

  private async catchUp(store: Store): Promise<void> {
    const hub = this.options.hub;
    const newest = store.listRuns()[0];
    if (!newest) return;
    if (newest.runId !== hub.state.run.runId) {
      const state = await recordedRunState(store, newest.runId, this.options.planRecipe);
      if (state && !this.stopped) hub.reset(state);
      return;
    }
    for (const event of store.events(newest.runId, hub.state.lastSeq)) hub.apply(event);
  }
}

/** Names, sizes and modification times of the store's files: any write changes it. */
async function folderFingerprint(dir: string): Promise<string> {
  const names = (await readdir(dir)).filter((n) => n !== 'store.lock').sort();
  const parts = await Promise.all(
    names.map(async (name) => {
      const info = await stat(path.join(dir, name)).catch(() => undefined);
      return info ? `${name}:${info.size}:${info.mtimeMs}` : name;
    }),
  );
  return parts.join('|');
}
