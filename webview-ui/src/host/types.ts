/**
 * The dashboard's one door to its host. Components call these methods (`host.retryTask(id)`); only the
 * transports know whether the host is the VS Code extension (postMessage), the CLI's server (WebSocket) or a
 * fake in the page (bench and tests).
 */
import type { DashboardMessage, HostMessage } from '../../../src/shared/protocol';

export type ConnectionStatus = 'connecting' | 'open' | 'closed';

/** What the host answered to an action, in a sentence a person can act on. */
export interface ActionOutcome {
  ok: boolean;
  message?: string;
}

export interface DashboardHost {
  readonly kind: 'vscode' | 'browser' | 'fake';
  /** Every message the host sends, already checked with `isHostMessage`. Returns an unsubscribe function. */
  onMessage(listener: (message: HostMessage) => void): () => void;
  onConnection(listener: (status: ConnectionStatus) => void): () => void;
  connection(): ConnectionStatus;
  /** The handshake: asks for a snapshot (again after a gap or a reconnect). */
  ready(): void;
  requestHistory(): void;
  retryTask(taskId: string): Promise<ActionOutcome>;
  cancelTask(taskId: string): Promise<ActionOutcome>;
  cancelRun(): Promise<ActionOutcome>;
  /** `path` relative to the workspace (or absolute inside it); `line` is 1-based. */
  openFile(path: string, line?: number): Promise<ActionOutcome>;
  openTaskLog(taskId: string): Promise<ActionOutcome>;
  dispose(): void;
}

/** Moves JSON values both ways; the client above it adds request ids, answers and validation. */
export interface Transport {
  /** Sends a message, or keeps it until the connection opens. */
  post(message: DashboardMessage): void;
  /** Raw values from the host, not yet validated. */
  subscribe(listener: (data: unknown) => void): () => void;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  status(): ConnectionStatus;
  close(): void;
}
