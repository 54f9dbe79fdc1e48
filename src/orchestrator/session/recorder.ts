import type { RunEvent } from '../model';
import type { DurableStore } from '../store';
import { SessionError } from './types';

type Listener = (event: RunEvent) => void;

/**
 * Records a run's events and hands each to the listeners only once it is durable, in the order the
 * engine emitted them: what anyone has seen survives a crash.
 *
 * Every event is published at once (the journal keeps call order and shares one fsync among the events
 * that wait together); only the delivery waits, each event behind the one before it. After a failed
 * write nothing more is delivered, since a later event would then be seen without an earlier one.
 */
export class DurableRecorder {
  private listeners: readonly Listener[] = [];
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(
    private readonly store: DurableStore,
    /** Told once, on the first write that fails (e.g. to cancel the run). */
    private readonly onFailure: (error: unknown) => void,
  ) {}

  get failed(): boolean {
    return this.failure !== undefined;
  }

  subscribe(listener: Listener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  accept(event: RunEvent): void {
    if (this.failure !== undefined) return;
    let written: Promise<void>;
    try {
      written = this.store.publish(event);
    } catch (error) {
      written = Promise.reject(error);
    }
    // Handled here so a write that fails while earlier deliveries wait is never reported as unhandled.
    written.catch(() => {});
    this.chain = this.chain.then(() =>
      written.then(
        () => this.deliver(event),
        (error: unknown) => this.fail(error),
      ),
    );
  }

  /** Resolves once every accepted event is durable and delivered; throws SessionError `store-write` after a failed write. */
  async drain(): Promise<void> {
    await this.chain;
    if (this.failure === undefined) await this.store.flush().catch((error: unknown) => this.fail(error));
    if (this.failure !== undefined) {
      const message = this.failure instanceof Error ? this.failure.message : String(this.failure);
      throw new SessionError('store-write', `The run could not be recorded: ${message.replace(/\.?$/, '.')} Check the disk and the store folder, then resume the run.`);
    }
  }

  private deliver(event: RunEvent): void {
    if (this.failure !== undefined) return;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // Listeners are observers; one that throws must not stop the others or the run.
      }
    }
  }

  private fail(error: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.onFailure(error);
  }
}
