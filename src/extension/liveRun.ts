/**
 * One orchestration followed by this window: its durable events go, a batch per tick, into the run registry,
 * and each batch becomes one RunChange. Free of `vscode` (the controller passes callbacks), so the flow from
 * events to state is unit tested with a fake orchestration.
 */
import type { DashboardState } from '../shared/dashboardState';
import type { Orchestration, RunEvent, RunResult } from '../orchestrator/index';
import type { RunChange } from './controllerApi';
import { EventBatcher } from './eventBatcher';
import type { BatchTimers } from './eventBatcher';
import type { RunRegistry } from './runRegistry';

/** What LiveRun needs from an orchestration: the session API's Orchestration without its plan and recipe. */
export type OrchestrationPort = Pick<Orchestration, 'runId' | 'onEvent' | 'cancel' | 'cancelTask' | 'retryTask' | 'done'>;

/** What LiveRun reads from the store: the recorded events, to start from and to catch up at the end. */
export interface EventSource {
  events(runId: string, afterSeq?: number): RunEvent[];
}

export interface LiveRunOptions {
  orchestration: OrchestrationPort;
  registry: RunRegistry;
  store: EventSource;
  /** The planned state before any event of this run. */
  initial: DashboardState;
  prpPath: string;
  /** Called once per batch of new events, and once with a snapshot when the run ends. */
  onChange(change: RunChange): void;
  /** Batching window in ms. Default 50. */
  batchMs?: number;
  timers?: BatchTimers;
}

/** How a followed run ended: its final change, and the error when the orchestration itself failed. */
export interface LiveRunEnd {
  change: RunChange;
  result?: RunResult;
  error?: unknown;
}

export class LiveRun {
  readonly runId: string;
  /** Settles once the run ended and its last events are in the registry. */
  readonly ended: Promise<LiveRunEnd>;
  private readonly batcher: EventBatcher<RunEvent>;
  private readonly unsubscribe: () => void;
  private detached = false;

  constructor(private readonly options: LiveRunOptions) {
    const { orchestration, registry } = options;
    this.runId = orchestration.runId;
    this.batcher = new EventBatcher((events) => this.deliver(events), options.batchMs, options.timers);
    // Listen before reading what is recorded: an event published in between is then both read and heard,
    // and `deliver` drops it the second time by its seq, instead of being missed.
    this.unsubscribe = orchestration.onEvent((event) => this.batcher.push(event));
    registry.set(this.runId, options.prpPath, options.initial, { live: true, ownedByWindow: true });
    const last = options.initial.lastSeq;
    registry.apply(this.runId, options.store.events(this.runId).filter((e) => e.seq > last));
    // Views start from one snapshot: the plan with everything recorded so far (a resumed run's earlier life).
    options.onChange(registry.get(this.runId)!);
    this.ended = orchestration.done.then(
      (result) => this.finish(result),
      (error: unknown) => this.finish(undefined, error),
    );
  }

  get orchestration(): OrchestrationPort {
    return this.options.orchestration;
  }

  /** Stops following without touching the run (the window is closing; the run stays recorded as running). */
  detach(): void {
    this.detached = true;
    this.unsubscribe();
    this.batcher.dispose();
  }

  private deliver(events: readonly RunEvent[]): void {
    if (this.detached) return;
    const last = this.options.registry.entry(this.runId)?.state.lastSeq ?? 0;
    const fresh = events.filter((e) => e.runId === this.runId && e.seq > last);
    const change = this.options.registry.apply(this.runId, fresh);
    if (change) this.options.onChange(change);
  }

  private finish(result: RunResult | undefined, error?: unknown): LiveRunEnd {
    this.batcher.flush();
    this.unsubscribe();
    if (!this.detached) {
      // Events published after the last one heard (e.g. when done settled first) are read back from the store.
      const last = this.options.registry.entry(this.runId)?.state.lastSeq ?? 0;
      try {
        this.deliver(this.options.store.events(this.runId, last));
      } catch {
        // The store may be closed already (window closing); the run stays as far as it was heard.
      }
    }
    this.batcher.dispose();
    this.options.registry.setLive(this.runId, false);
    const change = this.options.registry.get(this.runId)!;
    if (!this.detached) this.options.onChange(change);
    return { change, result, error };
  }
}
