/**
 * A host that lives in the page, for the bench page and the tests: it holds a DashboardState, answers the
 * handshake with a snapshot, performs actions on its own state the way a real host would, and can stream
 * status updates at a given rate. It speaks the real protocol through a Transport, so everything above the
 * transport (client, store, views) is the production code.
 */
import { applyRunEvent } from '../../../src/shared/dashboardState';
import type { DashboardState } from '../../../src/shared/dashboardState';
import type { RunEvent } from '../../../src/orchestrator/model';
import { PROTOCOL_VERSION } from '../../../src/shared/protocol';
import type { DashboardMessage, HistoryMessage, HostMessage } from '../../../src/shared/protocol';
import { Emitter } from '../host/emitter';
import type { ConnectionStatus, Transport } from '../host/types';

type EventBody = RunEvent extends infer E ? (E extends RunEvent ? Omit<E, 'runId' | 'seq' | 'time'> : never) : never;

export interface FakeHostOptions {
  /** Deliver messages in a later task, as a real host would. Default true; tests may want false. */
  async?: boolean;
  history?: HistoryMessage;
}

export class FakeHost implements Transport {
  readonly sent: DashboardMessage[] = [];
  private readonly inbound = new Emitter<unknown>();
  private seq: number;
  private time: number;

  constructor(
    public state: DashboardState,
    private readonly options: FakeHostOptions = {},
  ) {
    this.seq = state.lastSeq;
    this.time = state.run.now ?? 1_700_000_000_000;
  }

  post(message: DashboardMessage): void {
    this.sent.push(message);
    switch (message.type) {
      case 'ready':
        this.deliver({ type: 'snapshot', protocol: PROTOCOL_VERSION, state: this.state });
        return;
      case 'requestHistory':
        this.deliver(this.options.history ?? { type: 'history', runs: [], agents: [] });
        return;
      default:
        this.deliver({ type: 'actionResult', requestId: message.requestId, ...this.perform(message) });
    }
  }

  subscribe(listener: (data: unknown) => void): () => void {
    return this.inbound.on(listener);
  }

  onStatus(): () => void {
    return () => {};
  }

  status(): ConnectionStatus {
    return 'open';
  }

  close(): void {
    this.inbound.clear();
  }

  /** Sends any host message as it is (e.g. a snapshot of another state, or a deliberate version gap). */
  deliver(message: HostMessage): void {
    // A real transport serialises; doing the same keeps tests honest about what survives JSON.
    const copy = JSON.parse(JSON.stringify(message)) as unknown;
    if (this.options.async === false) this.inbound.emit(copy);
    else setTimeout(() => this.inbound.emit(copy), 0);
  }

  /** Stamps events, applies them to the host's state and sends them as one increment. */
  emit(...bodies: EventBody[]): RunEvent[] {
    const fromVersion = this.state.version;
    const events = bodies.map((body) => {
      this.time += 1000;
      return { ...body, runId: this.state.run.runId ?? 'fake-run', seq: ++this.seq, time: this.time } as RunEvent;
    });
    for (const event of events) this.state = applyRunEvent(this.state, event);
    this.deliver({ type: 'events', fromVersion, events });
    return events;
  }

  private perform(message: Exclude<DashboardMessage, { type: 'ready' } | { type: 'requestHistory' }>): { ok: boolean; message?: string } {
    switch (message.type) {
      case 'retryTask':
        return this.retry(message.taskId);
      case 'cancelTask': {
        const task = this.task(message.taskId);
        if (!task || ['succeeded', 'failed', 'cancelled', 'blocked'].includes(task.status)) {
          return { ok: false, message: `${message.taskId} has already finished; there is nothing to cancel.` };
        }
        this.emit({ type: 'task.cancelled', taskId: message.taskId, reason: 'Cancelled from the dashboard.' });
        return { ok: true, message: `Cancelled ${message.taskId}.` };
      }
      case 'cancelRun':
        this.emit({ type: 'run.finished', status: 'cancelled', totals: { tasks: this.state.tasks.length, succeeded: 0, failed: 0, cancelled: 0, blocked: 0, durationMs: 0, costUsd: this.state.run.costUsd }, reason: 'Cancelled from the dashboard.' });
        return { ok: true, message: 'The run was cancelled.' };
      case 'openFile':
        return { ok: true, message: `Opened ${message.path}${message.line ? `:${message.line}` : ''}.` };
      case 'openTaskLog':
        return { ok: true, message: `Opened the log of ${message.taskId}.` };
    }
  }

  private retry(taskId: string): { ok: boolean; message?: string } {
    const task = this.task(taskId);
    if (!task || !['failed', 'cancelled', 'blocked'].includes(task.status)) {
      return { ok: false, message: `${taskId} is ${task?.status ?? 'unknown'}; only failed, cancelled or blocked tasks can be retried.` };
    }
    this.emit({ type: 'task.retry-requested', taskId, retried: [taskId], unblocked: [] }, { type: 'task.ready', taskId });
    return { ok: true, message: `${taskId} runs again.` };
  }

  private task(id: string) {
    const index = this.state.taskIndex[id];
    return index === undefined ? undefined : this.state.tasks[index];
  }
}
