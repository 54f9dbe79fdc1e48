/**
 * The host side of one dashboard webview: which run it shows, the ready → snapshot → events conversation of
 * src/shared/protocol.ts, and the actions the dashboard asks for. It reaches VS Code only through `DashboardPort`
 * and the controller, so it is unit tested with fakes.
 *
 * Invariant: after a snapshot, an `events` message is sent only when it continues exactly from the version the
 * dashboard has (`fromVersion === sentVersion`); anything else gets a fresh snapshot instead.
 */
import type { RunChange, RunControllerApi } from '../controllerApi';
import { createDashboardState } from '../../shared/dashboardState';
import type { DashboardState } from '../../shared/dashboardState';
import type { DashboardMessage, HostMessage } from '../../shared/protocol';
import { parseDashboardMessage, PROTOCOL_VERSION } from '../../shared/protocol';
import { handleAction } from './actions';

/** What the session needs from the panel and the editor. */
export interface DashboardPort {
  post(message: HostMessage): void;
  /** A line for the output channel (refused messages, failed actions). */
  log(line: string): void;
  /** Opens a file in an editor, at a 1-based line when given; rejects when it cannot. */
  openFile(absolutePath: string, line?: number): Promise<void>;
  /** Absolute paths of the workspace folders. */
  workspaceRoots(): string[];
  /** Called when the run shown changes, e.g. to retitle the panel. */
  shownRunChanged?(change: RunChange | undefined): void;
}

export type DashboardController = Pick<
  RunControllerApi,
  'onDidChange' | 'activeRun' | 'runState' | 'retryTask' | 'cancelTask' | 'cancelRun' | 'openTaskLog' | 'history'
>;

/** Shown when there is no run and no preview yet. */
const NOTHING_TO_SHOW = 'No run yet: open a PRP file and run "PRP: Preview Plan" or "PRP: Orchestrate PRP".';

export class DashboardSession {
  private shown: RunChange | undefined;
  /** The version the dashboard has; undefined until it said `ready` and got a snapshot. */
  private sentVersion: number | undefined;
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly controller: DashboardController,
    private readonly port: DashboardPort,
    initial?: RunChange,
  ) {
    this.shown = initial;
    this.subscription = controller.onDidChange((change) => this.onRunChange(change));
  }

  /** The run or preview on screen. */
  get current(): RunChange | undefined {
    return this.shown;
  }

  /** Shows another run or a preview; a dashboard that is listening gets its snapshot at once. */
  show(change: RunChange | undefined): void {
    this.shown = change;
    this.port.shownRunChanged?.(change);
    if (this.sentVersion !== undefined) this.sendSnapshot();
  }

  /**
   * The webview went away (hidden without retained context, or reloading): post nothing until it says `ready`
   * again, since messages to a hidden webview are dropped.
   */
  detach(): void {
    this.sentVersion = undefined;
  }

  /** Handles one raw message from the webview; invalid ones are logged and ignored. */
  async receive(raw: unknown): Promise<void> {
    const parsed = parseDashboardMessage(raw);
    if (!parsed.ok) {
      this.port.log(`Dashboard: ignored a message from the webview (${parsed.error}).`);
      return;
    }
    await this.dispatch(parsed.message);
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private async dispatch(message: DashboardMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.onReady(message.protocol);
        return;
      case 'requestHistory':
        await this.sendHistory();
        return;
      default: {
        const result = await handleAction(message, this.shown, this.controller, this.port);
        if (!result.ok) this.port.log(`Dashboard: ${message.type} refused: ${result.message ?? 'no reason given'}`);
        this.port.post({ type: 'actionResult', requestId: message.requestId, ...result });
      }
    }
  }

  private onReady(protocol: number): void {
    if (protocol !== PROTOCOL_VERSION) {
      this.port.log(`Dashboard: the webview speaks protocol ${protocol}, the extension ${PROTOCOL_VERSION}.`);
      this.port.post({ type: 'notice', level: 'error', message: 'The dashboard and the extension are from different versions; reload the window (Developer: Reload Window).' });
    }
    if (!this.shown) {
      const active = this.controller.activeRun();
      if (active) {
        this.shown = active;
        this.port.shownRunChanged?.(active);
      }
    }
    this.sendSnapshot();
    if (!this.shown) this.port.post({ type: 'notice', level: 'info', message: NOTHING_TO_SHOW });
  }

  private onRunChange(change: RunChange): void {
    if (!this.shown || change.runId !== this.shown.runId) {
      if (shouldFollow(this.shown, change)) this.show(change);
      return;
    }
    this.shown = change;
    if (this.sentVersion === undefined) return;
    const fromVersion = change.state.version - change.events.length;
    if (change.events.length > 0 && fromVersion === this.sentVersion) {
      this.port.post({ type: 'events', fromVersion, events: [...change.events] });
      this.sentVersion = change.state.version;
    } else if (change.events.length === 0 || change.state.version > this.sentVersion) {
      // A fresh state (events empty) or a gap: the dashboard starts over from a snapshot.
      this.sendSnapshot();
    }
  }

  private sendSnapshot(): void {
    const state: DashboardState = this.shown?.state ?? createDashboardState({ graph: { title: 'PRP Orchestrator', tasks: [], dependencies: [] } });
    this.port.post({ type: 'snapshot', protocol: PROTOCOL_VERSION, state });
    this.sentVersion = state.version;
  }

  private async sendHistory(): Promise<void> {
    try {
      const { runs, agents } = await this.controller.history();
      this.port.post({ type: 'history', runs, agents });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.port.log(`Dashboard: could not read the run history (${reason}).`);
      this.port.post({ type: 'notice', level: 'warning', message: `The run history could not be read (${reason}).` });
    }
  }
}

/**
 * Whether a change of another run should replace what is shown: yes when nothing is shown, and when what is
 * shown is not live (a preview or a finished run) while the other run is running, so a dashboard
 * opened by Preview Plan follows the run that Orchestrate PRP starts. A preview never
 * replaces a live run.
 */
export function shouldFollow(shown: RunChange | undefined, change: RunChange): boolean {
  if (!shown) return true;
  if (shown.state.run.status === 'running') return false;
  return change.state.run.status === 'running';
}

/** `PRP: add-auth` for a run, `PRP Plan: add-auth` for a preview, `PRP Dashboard` with nothing to show. */
export function panelTitle(change: RunChange | undefined): string {
  if (!change) return 'PRP Dashboard';
  const title = change.state.run.title || 'untitled PRP';
  return change.state.run.status === 'planned' ? `PRP Plan: ${title}` : `PRP: ${title}`;
}
