/**
 * The messages between a dashboard (the VS Code webview, or the browser page of `prp-orchestrator dashboard`)
 * and its host (the extension, or the CLI's HTTP/WebSocket server). Both transports carry exactly these
 * JSON values.
 *
 * The conversation: the dashboard sends `ready`; the host answers with one `snapshot` (the whole
 * DashboardState at some version), then `events` increments, each continuing from the version the dashboard
 * has. A dashboard that sees a gap (`fromVersion` not its version) sends `ready` again and gets a new snapshot.
 *
 * Invariant: everything the dashboard sends is untrusted input; the host checks it with `parseDashboardMessage`
 * before acting on it. This file holds no Node, vscode or library code, so it runs in a browser too.
 */
import type { AgentStats, RunEvent, RunStatus, RunTotals } from '../orchestrator/model';
import type { DashboardState } from './dashboardState';

/** Bumped when a message changes shape incompatibly; a dashboard of another version asks the person to reload. */
export const PROTOCOL_VERSION = 1;

// ---------------------------------------------------------------------------------------------------------
// Host -> dashboard
// ---------------------------------------------------------------------------------------------------------

/** The whole state; `state.version` is the version increments continue from. */
export interface SnapshotMessage {
  type: 'snapshot';
  protocol: number;
  state: DashboardState;
}

/**
 * Run events to apply in order with `applyRunEvent`; each raises the version by one, so after them the
 * dashboard's version is `fromVersion + events.length`.
 */
export interface EventsMessage {
  type: 'events';
  fromVersion: number;
  events: RunEvent[];
}

/** One past run, for the metrics view's trends. */
export interface RunSummary {
  runId: string;
  title: string;
  status: RunStatus;
  startedAt: number;
  finishedAt?: number;
  totals?: RunTotals;
}

/** What past runs recorded, from the store: the metrics view's trends across runs. */
export interface HistoryMessage {
  type: 'history';
  runs: RunSummary[];
  agents: AgentStats[];
}

/** The answer to an action the dashboard asked for (retry, cancel, open file). */
export interface ActionResultMessage {
  type: 'actionResult';
  requestId: string;
  ok: boolean;
  /** Why it failed, or what happened, in a sentence a person can act on. */
  message?: string;
}

/** Something the person should see that is not part of the run state, e.g. the host lost its store. */
export interface NoticeMessage {
  type: 'notice';
  level: 'info' | 'warning' | 'error';
  message: string;
}

export type HostMessage = SnapshotMessage | EventsMessage | HistoryMessage | ActionResultMessage | NoticeMessage;

// ---------------------------------------------------------------------------------------------------------
// Dashboard -> host (untrusted)
// ---------------------------------------------------------------------------------------------------------

export type DashboardMessage =
  | { type: 'ready'; protocol: number }
  | { type: 'retryTask'; requestId: string; taskId: string }
  | { type: 'cancelTask'; requestId: string; taskId: string }
  | { type: 'cancelRun'; requestId: string }
  /** `path` is relative to the workspace (or absolute inside it); the host refuses anything outside it. */
  | { type: 'openFile'; requestId: string; path: string; line?: number }
  | { type: 'openTaskLog'; requestId: string; taskId: string }
  | { type: 'requestHistory' };

export type DashboardMessageType = DashboardMessage['type'];

/** Longest id or path the host accepts; anything longer is not something the dashboard could have shown. */
const MAX_TEXT = 4096;

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The fields each message type must carry, beyond `type`, and how to check them. */
const REQUIRED: Record<DashboardMessageType, Record<string, (v: unknown) => boolean>> = {
  ready: { protocol: (v) => typeof v === 'number' && Number.isInteger(v) },
  retryTask: { requestId: isText, taskId: isText },
  cancelTask: { requestId: isText, taskId: isText },
  cancelRun: { requestId: isText },
  openFile: { requestId: isText, path: isText },
  openTaskLog: { requestId: isText, taskId: isText },
  requestHistory: {},
};

/** The result of checking an inbound message: the typed message, or why it was refused. */
export type ParseResult = { ok: true; message: DashboardMessage } | { ok: false; error: string };

/**
 * Checks an untrusted value from a dashboard. Only the known fields are kept, so nothing unexpected travels
 * further into the host.
 */
export function parseDashboardMessage(value: unknown): ParseResult {
  if (!isRecord(value)) return { ok: false, error: 'a dashboard message must be a JSON object' };
  const type = value.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(REQUIRED, type)) {
    return { ok: false, error: `unknown dashboard message type ${JSON.stringify(type)}` };
  }
  const fields = REQUIRED[type as DashboardMessageType];
  const message: Record<string, unknown> = { type };
  for (const [name, check] of Object.entries(fields)) {
    if (!check(value[name])) return { ok: false, error: `${type}: field '${name}' is missing or invalid` };
    message[name] = value[name];
  }
  if (type === 'openFile' && value.line !== undefined) {
    const line = value.line;
    if (typeof line !== 'number' || !Number.isInteger(line) || line < 1) return { ok: false, error: "openFile: 'line' must be a positive integer" };
    message.line = line;
  }
  return { ok: true, message: message as DashboardMessage };
}

/** True when `value` looks like a host message; the dashboard trusts its host but guards against stray posts. */
export function isHostMessage(value: unknown): value is HostMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'snapshot':
      return typeof value.protocol === 'number' && isRecord(value.state);
    case 'events':
      return typeof value.fromVersion === 'number' && Array.isArray(value.events);
    case 'history':
      return Array.isArray(value.runs) && Array.isArray(value.agents);
    case 'actionResult':
      return typeof value.requestId === 'string' && typeof value.ok === 'boolean';
    case 'notice':
      return typeof value.message === 'string';
    default:
      return false;
  }
}
