import type { RunEvent } from '../../orchestrator/index';
import { applyRunEvent } from '../../shared/dashboardState';
import type { DashboardState } from '../../shared/dashboardState';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import type { HostMessage } from '../../shared/protocol';

/** Where the hub writes one client's messages; a WebSocket in the server, a fake in tests. */
export interface ClientChannel {
  /** Sends one text frame; `done` runs once it left the process (or failed). */
  send(text: string, done: (error?: Error) => void): void;
  /** Bytes queued in the channel and not yet written. */
  readonly bufferedAmount: number;
}

export interface HubOptions {
  /** Messages a client may have not yet written before it is left behind and later resynced by snapshot. Default 256. */
  maxPendingMessages?: number;
  /** Bytes a client may have queued before it is left behind. Default 8 MiB. */
  maxBufferedBytes?: number;
}

/** One connected dashboard, as the hub sees it. */
export interface HubClient {
  readonly channel: ClientChannel;
  /** True once it sent `ready`; before that it gets nothing. */
  ready: boolean;
  /** The state version it has (or will have once what was sent arrives). */
  version: number;
  /** Sends whose `done` has not run yet. */
  outstanding: number;
  /** Too far behind to follow increments: it gets a fresh snapshot once its channel has drained. */
  lagging: boolean;
}

/**
 * Holds the one DashboardState of a served run and keeps every connected dashboard in step with it: a
 * snapshot on `ready`, then `events` increments whose `fromVersion` is exactly the version that client has.
 *
 * Invariant: a slow client never slows the run. Events are applied to the state at once; sending is
 * batched per tick, and a client whose channel backs up is skipped until it drains, then gets a snapshot.
 */
export class DashboardHub {
  private current: DashboardState;
  private readonly clients = new Set<HubClient>();
  private pending: RunEvent[] = [];
  private flushTimer: ReturnType<typeof setImmediate> | undefined;
  private snapshotText: { state: DashboardState; text: string } | undefined;
  private readonly maxPending: number;
  private readonly maxBytes: number;

  constructor(initial: DashboardState, options: HubOptions = {}) {
    this.current = initial;
    this.maxPending = options.maxPendingMessages ?? 256;
    this.maxBytes = options.maxBufferedBytes ?? 8 * 1024 * 1024;
  }

  get state(): DashboardState {
    return this.current;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** Applies one run event now and sends it to the clients on the next tick, batched with its neighbours. */
  apply(event: RunEvent): void {
    this.current = applyRunEvent(this.current, event);
    this.pending.push(event);
    this.flushTimer ??= setImmediate(() => this.flush());
  }

  /** Replaces the whole state (another run is shown now); every ready client gets a snapshot of it. */
  reset(state: DashboardState): void {
    this.current = state;
    this.pending = [];
    for (const client of this.clients) if (client.ready) this.sendSnapshot(client);
  }

  /** Registers a channel; it receives nothing until `ready`. */
  connect(channel: ClientChannel): HubClient {
    const client: HubClient = { channel, ready: false, version: -1, outstanding: 0, lagging: false };
    this.clients.add(client);
    return client;
  }

  disconnect(client: HubClient): void {
    this.clients.delete(client);
  }

  /** The handshake: the client gets the whole state, and increments from its version on. */
  ready(client: HubClient): void {
    client.ready = true;
    client.lagging = false;
    this.sendSnapshot(client);
  }

  /** Sends a message to one client (history, action results, notices). */
  send(client: HubClient, message: HostMessage): void {
    this.write(client, JSON.stringify(message));
  }

  /** Sends a message to every ready client. */
  broadcast(message: HostMessage): void {
    const text = JSON.stringify(message);
    for (const client of this.clients) if (client.ready) this.write(client, text);
  }

  /** Sends every pending event now instead of on the next tick. */
  flush(): void {
    if (this.flushTimer) clearImmediate(this.flushTimer);
    this.flushTimer = undefined;
    const events = this.pending;
    this.pending = [];
    const target = this.current.version;
    const from = target - events.length;
    let text: string | undefined;
    for (const client of this.clients) {
      if (!client.ready || client.version === target) continue;
      if (client.lagging || client.version !== from || events.length === 0) {
        this.resyncWhenDrained(client);
        continue;
      }
      if (this.backedUp(client)) {
        client.lagging = true;
        continue;
      }
      text ??= JSON.stringify({ type: 'events', fromVersion: from, events } satisfies HostMessage);
      this.write(client, text);
      client.version = target;
    }
  }

  private backedUp(client: HubClient): boolean {
    return client.outstanding >= this.maxPending || client.channel.bufferedAmount >= this.maxBytes;
  }

  /** A client that fell behind gets the whole state, but only once its channel has written what it had. */
  private resyncWhenDrained(client: HubClient): void {
    client.lagging = true;
    if (client.outstanding === 0) this.sendSnapshot(client);
  }

  private sendSnapshot(client: HubClient): void {
    const state = this.current;
    // States are never mutated, so one serialisation serves every client that asks for the same one.
    if (this.snapshotText?.state !== state) {
      this.snapshotText = { state, text: JSON.stringify({ type: 'snapshot', protocol: PROTOCOL_VERSION, state } satisfies HostMessage) };
    }
    client.lagging = false;
    client.version = state.version;
    this.write(client, this.snapshotText.text);
  }

  private write(client: HubClient, text: string): void {
    client.outstanding += 1;
    client.channel.send(text, () => {
      client.outstanding -= 1;
      if (client.lagging && client.outstanding === 0 && this.clients.has(client)) this.sendSnapshot(client);
    });
  }
}
