import type { DashboardMessage, HistoryMessage } from '../../shared/protocol';
import { parseDashboardMessage } from '../../shared/protocol';
import type { DashboardHub, HubClient } from './hub';

/** The outcome of an action a dashboard asked for, as `actionResult` carries it. */
export interface ActionOutcome {
  ok: boolean;
  /** What happened or why not, in a sentence a person can act on. */
  message?: string;
}

/** The messages a dashboard may send that the host acts on (the handshake is the hub's). */
export type ActionMessage = Exclude<DashboardMessage, { type: 'ready' } | { type: 'requestHistory' }>;

/** What the host does for a dashboard; the live run and the recorded view each implement it. */
export interface DashboardActions {
  perform(message: ActionMessage): Promise<ActionOutcome>;
  history(): Promise<HistoryMessage>;
}

/** More refused messages than this on one connection and it is closed: nothing a real dashboard would send. */
const MAX_REFUSED = 100;

/** Wires one client's inbound text to the hub (handshake) and the actions; answers each action once. */
export class DashboardConnection {
  private refused = 0;

  constructor(
    private readonly hub: DashboardHub,
    private readonly client: HubClient,
    private readonly actions: DashboardActions,
    /** Ends the connection, e.g. after too many refused messages. */
    private readonly close: (reason: string) => void,
  ) {}

  /** Handles one inbound text frame. Never throws: bad input is refused with a notice. */
  receive(text: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.refuse('a dashboard message must be JSON');
      return;
    }
    const parsed = parseDashboardMessage(value);
    if (!parsed.ok) {
      this.refuse(parsed.error);
      return;
    }
    void this.dispatch(parsed.message);
  }

  private async dispatch(message: DashboardMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.hub.ready(this.client);
        return;
      case 'requestHistory':
        await this.answerHistory();
        return;
      default:
        await this.answerAction(message);
    }
  }

  private async answerHistory(): Promise<void> {
    try {
      this.hub.send(this.client, await this.actions.history());
    } catch (error) {
      this.hub.send(this.client, { type: 'notice', level: 'warning', message: `The run history cannot be read: ${describe(error)}` });
    }
  }

  private async answerAction(message: ActionMessage): Promise<void> {
    let outcome: ActionOutcome;
    try {
      outcome = await this.actions.perform(message);
    } catch (error) {
      outcome = { ok: false, message: `The ${message.type} action failed: ${describe(error)}` };
    }
    this.hub.send(this.client, { type: 'actionResult', requestId: message.requestId, ...outcome });
  }

  private refuse(why: string): void {
    this.refused += 1;
    if (this.refused > MAX_REFUSED) {
      this.close('too many invalid messages');
      return;
    }
    this.hub.send(this.client, { type: 'notice', level: 'warning', message: `The dashboard host refused a message: ${why}.` });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
