/**
 * The host facade over any transport: it turns method calls into protocol messages with request ids,
 * resolves each action with its `actionResult`, and passes on only values that look like host messages.
 */
import { PROTOCOL_VERSION, isHostMessage } from '../../../src/shared/protocol';
import type { DashboardMessage, HostMessage } from '../../../src/shared/protocol';
import { Emitter } from './emitter';
import type { ActionOutcome, DashboardHost, Transport } from './types';

export interface HostClientOptions {
  /** How long an action waits for its answer before it reports that the host did not answer. Default 30 s. */
  actionTimeoutMs?: number;
}

type ActionRequest = DashboardMessage & { requestId: string };
type ActionBody = ActionRequest extends infer M ? (M extends ActionRequest ? Omit<M, 'requestId'> : never) : never;

interface Pending {
  resolve: (outcome: ActionOutcome) => void;
  timer: ReturnType<typeof setTimeout>;
}

export function createHostClient(transport: Transport, kind: DashboardHost['kind'], options: HostClientOptions = {}): DashboardHost {
  const timeoutMs = options.actionTimeoutMs ?? 30_000;
  const messages = new Emitter<HostMessage>();
  const pending = new Map<string, Pending>();
  let counter = 0;

  const unsubscribe = transport.subscribe((data) => {
    if (!isHostMessage(data)) return;
    if (data.type === 'actionResult') settle(data.requestId, { ok: data.ok, message: data.message });
    messages.emit(data);
  });

  function settle(requestId: string, outcome: ActionOutcome): void {
    const entry = pending.get(requestId);
    if (!entry) return;
    pending.delete(requestId);
    clearTimeout(entry.timer);
    entry.resolve(outcome);
  }

  function act(body: ActionBody): Promise<ActionOutcome> {
    counter += 1;
    const requestId = `${Date.now().toString(36)}-${counter}`;
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => settle(requestId, { ok: false, message: 'The host did not answer in time; check that the run or the dashboard server is still running.' }),
        timeoutMs,
      );
      pending.set(requestId, { resolve, timer });
      transport.post({ ...body, requestId } as DashboardMessage);
    });
  }

  return {
    kind,
    onMessage: (listener) => messages.on(listener),
    onConnection: (listener) => transport.onStatus(listener),
    connection: () => transport.status(),
    ready: () => transport.post({ type: 'ready', protocol: PROTOCOL_VERSION }),
    requestHistory: () => transport.post({ type: 'requestHistory' }),
    retryTask: (taskId) => act({ type: 'retryTask', taskId }),
    cancelTask: (taskId) => act({ type: 'cancelTask', taskId }),
    cancelRun: () => act({ type: 'cancelRun' }),
    openFile: (path, line) => act(line === undefined ? { type: 'openFile', path } : { type: 'openFile', path, line }),
    openTaskLog: (taskId) => act({ type: 'openTaskLog', taskId }),
    dispose: () => {
      unsubscribe();
      messages.clear();
      for (const id of [...pending.keys()]) settle(id, { ok: false, message: 'The dashboard closed before the host answered.' });
      transport.close();
    },
  };
}
