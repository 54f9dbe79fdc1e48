import { applyRunEvents } from '../shared/dashboardState';
import type { DashboardState } from '../shared/dashboardState';
import type { AgentStats, RunRecord } from '../orchestrator/index';
import type { RunSummary } from '../shared/protocol';
import type { RunChange } from './controllerApi';
import type { EngineModule } from './engineLoader';
import { plannedState } from './plannedState';
import { graphMatchesRecords, stateFromRecords } from './recordedRun';
import type { RunRegistry } from './runRegistry';
import type { StoreAccess } from './storeAccess';

/** How many recorded runs are read back (for CodeLens and the Runs tree) when history is first needed. */
const RECENT_RUNS = 20;

export interface RunHistoryOptions {
  storeAccess: StoreAccess;
  engine: () => Promise<EngineModule>;
  registry: RunRegistry;
  /** Run ids this window drives now: never interrupted. */
  liveRunIds: () => ReadonlySet<string>;
  onLoaded(change: RunChange): void;
  warn(message: string): void;
}

/**
 * What the store recorded about past runs, read lazily (never during activation): the run list, statistics,
 * interrupted runs, and a recorded run's full state for the trees, CodeLens and task logs.
 */
export class RunHistory {
  private recent: Promise<void> | undefined;

  constructor(private readonly options: RunHistoryOptions) {}

  async summaries(): Promise<{ runs: RunSummary[]; agents: AgentStats[] }> {
    const { store } = await this.options.storeAccess.open();
    const runs = store.listRuns().map((r) => ({ runId: r.runId, title: r.title, status: r.status, startedAt: r.startedAt, finishedAt: r.finishedAt, totals: r.totals }));
    return { runs, agents: store.agentStats() };
  }

  /** Recorded runs, newest first, each with whether it is interrupted (resumable). */
  async records(): Promise<Array<{ record: RunRecord; interrupted: boolean }>> {
    const opened = await this.options.storeAccess.open();
    const live = this.options.liveRunIds();
    return opened.store.listRuns().map((record) => ({ record, interrupted: record.status === 'running' && !opened.readOnly && !live.has(record.runId) }));
  }

  /** Runs a closed window left unfinished; none while another window writes the store (they are its runs). */
  async interrupted(): Promise<RunRecord[]> {
    const opened = await this.options.storeAccess.open();
    if (opened.readOnly) return [];
    const engine = await this.options.engine();
    const live = this.options.liveRunIds();
    return engine.interruptedRuns(opened.store).filter((r) => !live.has(r.runId));
  }

  /** A recorded run's state: re-planned from its PRP when that still matches the records, else from the records alone. */
  async load(runId: string): Promise<RunChange | undefined> {
    const known = this.options.registry.get(runId);
    if (known) return known;
    const opened = await this.options.storeAccess.open();
    const detail = opened.store.getRun(runId);
    if (!detail) return undefined;
    const engine = await this.options.engine();
    const recipe = engine.readRecipe(opened.store, runId);
    const prpPath = recipe?.prpPath;
    const events = opened.store.events(runId);
    let state: DashboardState | undefined;
    if (recipe && prpPath) {
      const { agentsDirs, userAgentsDir, order, routingWeights, workspaceDir } = recipe;
      const plan = await engine.preparePlan({ prpPath, workspaceDir, agentsDirs, userAgentsDir, order, routingWeights }).catch(() => undefined);
      if (plan && graphMatchesRecords(plan.graph, detail)) state = applyRunEvents(plannedState(engine, plan, prpPath, detail.run.workers, runId), events);
    }
    state ??= stateFromRecords(detail, events, prpPath);
    // A run that started loading before it went live here keeps its live entry.
    const raced = this.options.registry.get(runId);
    if (raced) return raced;
    const change = this.options.registry.set(runId, prpPath ?? '', state, { live: false, ownedByWindow: false });
    this.options.onLoaded(change);
    return change;
  }

  /** Loads the newest recorded run of each PRP once, so CodeLens and the trees show how it went. */
  loadRecent(): Promise<void> {
    this.recent ??= this.readRecent().catch((error: unknown) => {
      this.options.warn(`Could not read recorded runs: ${error instanceof Error ? error.message : String(error)}`);
    });
    return this.recent;
  }

  private async readRecent(): Promise<void> {
    const opened = await this.options.storeAccess.open();
    const engine = await this.options.engine();
    const seen = new Set<string>();
    for (const record of opened.store.listRuns().slice(0, RECENT_RUNS)) {
      const prpPath = engine.readRecipe(opened.store, record.runId)?.prpPath;
      if (!prpPath || seen.has(prpPath)) continue;
      seen.add(prpPath);
      await this.load(record.runId);
    }
  }
}
