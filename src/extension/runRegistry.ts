import { applyRunEvents } from '../shared/dashboardState';
import type { DashboardState } from '../shared/dashboardState';
import type { RunEvent } from '../orchestrator/model';
import type { RunChange } from './controllerApi';

/** One run this window knows: live (driven here), loaded from the store, or a plan preview. */
export interface RunEntry {
  runId: string;
  prpPath: string;
  state: DashboardState;
  /** An orchestration of this window drives it now. */
  live: boolean;
  /** Started or resumed by this window (as opposed to loaded from the store's history). */
  ownedByWindow: boolean;
  /** Order of arrival, the tie-breaker for "newest". */
  order: number;
}

/**
 * The runs of one window and their states. Pure bookkeeping (no `vscode`, no engine): the controller feeds it
 * event batches and asks it which run views should show.
 */
export class RunRegistry {
  private readonly entries = new Map<string, RunEntry>();
  private arrivals = 0;

  /** Adds or replaces a run's state (a snapshot: the change carries no events). */
  set(runId: string, prpPath: string, state: DashboardState, flags: { live: boolean; ownedByWindow: boolean }): RunChange {
    const previous = this.entries.get(runId);
    const entry: RunEntry = {
      runId,
      prpPath,
      state,
      live: flags.live,
      ownedByWindow: flags.ownedByWindow || (previous?.ownedByWindow ?? false),
      order: flags.live || !previous ? ++this.arrivals : previous.order,
    };
    this.entries.set(runId, entry);
    return changeOf(entry, []);
  }

  /** Applies a batch of events in order; undefined for a run it does not know. */
  apply(runId: string, events: readonly RunEvent[]): RunChange | undefined {
    const entry = this.entries.get(runId);
    if (!entry || events.length === 0) return undefined;
    entry.state = applyRunEvents(entry.state, events);
    return changeOf(entry, events);
  }

  setLive(runId: string, live: boolean): void {
    const entry = this.entries.get(runId);
    if (entry) entry.live = live;
  }

  entry(runId: string): RunEntry | undefined {
    return this.entries.get(runId);
  }

  get(runId: string): RunChange | undefined {
    const entry = this.entries.get(runId);
    return entry ? changeOf(entry, []) : undefined;
  }

  /** Newest first. */
  list(): RunEntry[] {
    return [...this.entries.values()].sort(newestFirst);
  }

  liveRuns(): RunEntry[] {
    return this.list().filter((e) => e.live);
  }

  /** The running run (the newest, if several), else the newest one this window started or resumed. */
  active(): RunChange | undefined {
    const list = this.list();
    const chosen = list.find((e) => e.live && e.state.run.status === 'running') ?? list.find((e) => e.ownedByWindow);
    return chosen ? changeOf(chosen, []) : undefined;
  }

  /** The newest run of a PRP file, live runs first. */
  forPrp(prpPath: string): RunChange | undefined {
    const key = pathKey(prpPath);
    const matching = this.list().filter((e) => pathKey(e.prpPath) === key);
    const chosen = matching.find((e) => e.live) ?? matching[0];
    return chosen ? changeOf(chosen, []) : undefined;
  }
}

function changeOf(entry: RunEntry, events: readonly RunEvent[]): RunChange {
  return { runId: entry.runId, prpPath: entry.prpPath, state: entry.state, events };
}

function newestFirst(a: RunEntry, b: RunEntry): number {
  // A run not started yet is about to start: newer than every started one.
  const byStart = (b.state.run.startedAt ?? Number.MAX_SAFE_INTEGER) - (a.state.run.startedAt ?? Number.MAX_SAFE_INTEGER);
  return byStart !== 0 ? byStart : b.order - a.order;
}

/** Paths compare with one kind of separator, so `C:\a\b.md` and `C:/a/b.md` are one file. */
export function pathKey(path: string): string {
  return path.replace(/\\/g, '/');
}
