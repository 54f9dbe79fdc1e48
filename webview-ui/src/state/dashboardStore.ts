/**
 * The dashboard side of the protocol: it keeps the latest DashboardState current as messages arrive and
 * publishes it to React at most once per animation frame, so a burst of events costs one render, not one
 * per message.
 *
 * Protocol rules it enforces: a snapshot replaces the state; an `events` increment applies only when its
 * `fromVersion` is the current version; on a gap (or events before any snapshot) it asks for a snapshot
 * with `ready` and ignores increments until that snapshot comes. After a reconnect it sends `ready` again.
 */
import { applyRunEvents } from '../../../src/shared/dashboardState';
import type { DashboardState } from '../../../src/shared/dashboardState';
import type { AgentStats, RunEvent } from '../../../src/orchestrator/model';
import { PROTOCOL_VERSION } from '../../../src/shared/protocol';
import type { HostMessage, RunSummary } from '../../../src/shared/protocol';
import type { ConnectionStatus, DashboardHost } from '../host/types';

export interface Notice {
  id: number;
  level: 'info' | 'warning' | 'error';
  message: string;
}

export interface ViewState {
  dashboard?: DashboardState;
  history?: { runs: RunSummary[]; agents: AgentStats[] };
  notices: Notice[];
  connection: ConnectionStatus;
  /** Wall-clock time (ms) when the current dashboard state was published, to tick clocks between events. */
  receivedAt: number;
}

/** Runs `flush` once, soon (a frame); returns a function that cancels it. */
export type FrameScheduler = (flush: () => void) => () => void;

/**
 * One animation frame, or at most 250 ms when frames do not come (a hidden webview gets none), so the state
 * never stalls in the background.
 */
export const animationFrameScheduler: FrameScheduler = (flush) => {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    flush();
  };
  const frame = requestAnimationFrame(run);
  const timer = setTimeout(run, 250);
  return () => {
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
};

/** Notices older than this many are dropped, so a flood of warnings cannot grow without end. */
const MAX_NOTICES = 5;

export class DashboardStore {
  private latest: ViewState;
  private published: ViewState;
  private readonly listeners = new Set<() => void>();
  private cancelFlush: (() => void) | undefined;
  private scheduled = false;
  private awaitingSnapshot = true;
  private everOpen = false;
  private noticeId = 0;
  private stop: Array<() => void> = [];

  constructor(
    readonly host: DashboardHost,
    private readonly schedule: FrameScheduler = animationFrameScheduler,
    private readonly clock: () => number = () => Date.now(),
  ) {
    this.latest = { notices: [], connection: host.connection(), receivedAt: clock() };
    this.published = this.latest;
  }

  /** Starts listening to the host and sends the handshake. Returns a function that stops it. */
  start(): () => void {
    this.stop = [this.host.onMessage((m) => this.receive(m)), this.host.onConnection((s) => this.connectionChanged(s))];
    this.everOpen = this.host.connection() === 'open';
    this.host.ready();
    return () => {
      for (const stop of this.stop) stop();
      this.stop = [];
      this.cancelFlush?.();
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ViewState => this.published;

  receive(message: HostMessage): void {
    switch (message.type) {
      case 'snapshot':
        this.snapshot(message.protocol, message.state);
        return;
      case 'events':
        this.increment(message.fromVersion, message.events);
        return;
      case 'history':
        this.update({ history: { runs: message.runs, agents: message.agents } });
        return;
      case 'notice':
        this.addNotice(message.level, message.message);
        return;
      case 'actionResult':
        // The host client resolves the action's promise with it; the component that asked shows the answer.
        return;
    }
  }

  addNotice(level: Notice['level'], message: string): void {
    const notices = [...this.latest.notices, { id: ++this.noticeId, level, message }].slice(-MAX_NOTICES);
    this.update({ notices });
  }

  dismissNotice(id: number): void {
    this.update({ notices: this.latest.notices.filter((n) => n.id !== id) });
  }

  /** Publishes pending changes now instead of on the next frame. */
  flush(): void {
    this.cancelFlush?.();
    this.cancelFlush = undefined;
    this.scheduled = false;
    if (this.published === this.latest) return;
    this.published = this.latest;
    for (const listener of [...this.listeners]) listener();
  }

  private snapshot(protocol: number, state: DashboardState): void {
    if (protocol !== PROTOCOL_VERSION) {
      this.addNotice('error', `This dashboard speaks protocol ${PROTOCOL_VERSION} but the host speaks ${protocol}: reload the dashboard (or update the extension) so both match.`);
      return;
    }
    this.awaitingSnapshot = false;
    if (typeof performance !== 'undefined') performance.mark?.('prp:snapshot-received');
    this.update({ dashboard: state, receivedAt: this.clock() });
  }

  private increment(fromVersion: number, events: RunEvent[]): void {
    if (this.awaitingSnapshot) return;
    const current = this.latest.dashboard;
    if (!current || fromVersion !== current.version) {
      this.resync();
      return;
    }
    if (events.length === 0) return;
    this.update({ dashboard: applyRunEvents(current, events), receivedAt: this.clock() });
  }

  private resync(): void {
    this.awaitingSnapshot = true;
    this.host.ready();
  }

  private connectionChanged(status: ConnectionStatus): void {
    this.update({ connection: status });
    if (status !== 'open') return;
    // The first open delivers the queued handshake; every later one needs a fresh snapshot.
    if (this.everOpen) this.resync();
    this.everOpen = true;
  }

  private update(patch: Partial<ViewState>): void {
    this.latest = { ...this.latest, ...patch };
    if (this.scheduled) return;
    this.scheduled = true;
    const cancel = this.schedule(() => this.flush());
    // A scheduler may flush at once (tests do); then there is nothing left to cancel.
    if (this.scheduled) this.cancelFlush = cancel;
  }
}
