import type { RunEvent } from '../model';
import type { Clock } from './clock';

/**
 * A RunEvent before the bus stamps it: everything but `runId`, `seq` and `time`. Call sites that run once
 * per task build their event complete instead and hand it to `deliver` (see there).
 */
export type EventBody = RunEvent extends infer E
  ? E extends RunEvent
    ? Omit<E, 'runId' | 'seq' | 'time'> & Partial<Pick<E, 'runId' | 'seq' | 'time'>>
    : never
  : never;

export type RunEventListener = (event: RunEvent) => void;

/**
 * The run's one event stream. It stamps each event with the run id, a sequence number that only grows,
 * and the clock's time, then hands it to every listener. Listeners are observers: one that throws is
 * reported to `onListenerError` and the run goes on.
 *
 * The listener list is copy-on-write, so emitting never copies it and a listener may unsubscribe (or
 * subscribe another) while an event is being delivered.
 */
export class EventBus {
  private listeners: readonly RunEventListener[] = [];
  /** Above 0 while listeners are being called: the run's state may be half-updated then. */
  delivering = 0;
  private seq: number;

  constructor(
    readonly runId: string,
    private readonly clock: Clock,
    private readonly onListenerError: (error: unknown, event: RunEvent) => void = () => {},
    /** The seq of the first event; a resumed run continues its recorded trail. */
    firstSeq = 1,
  ) {
    this.seq = firstSeq - 1;
  }

  subscribe(listener: RunEventListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** Stamps `body` in place (it must be a fresh object) and delivers it. */
  emit(body: EventBody): void {
    const event = body as RunEvent;
    event.runId = this.runId;
    event.seq = ++this.seq;
    event.time = this.clock.now();
    this.deliver(event);
  }

  /** The next sequence number, for an event built complete: `{ ..., runId, seq: bus.nextSeq(), time: bus.now() }`. */
  nextSeq(): number {
    return ++this.seq;
  }

  now(): number {
    return this.clock.now();
  }

  /**
   * Delivers an event built complete, stamp included (the same fields, in the same order, as `emit` would
   * add). The per-task events go this way: stamping in `emit` writes to objects of a dozen shapes from one
   * place, which V8 handles through its slowest (megamorphic) property stores, three per event.
   */
  deliver(event: RunEvent): void {
    const listeners = this.listeners;
    this.delivering += 1;
    for (let i = 0; i < listeners.length; i++) {
      try {
        listeners[i]!(event);
      } catch (error) {
        this.report(error, event);
      }
    }
    this.delivering -= 1;
  }

  private report(error: unknown, event: RunEvent): void {
    try {
      this.onListenerError(error, event);
    } catch {
      // The error reporter is an observer too; nothing it does may stop the run.
    }
  }
}
