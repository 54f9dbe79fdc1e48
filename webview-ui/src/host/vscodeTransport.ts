/** The transport inside a VS Code webview: `acquireVsCodeApi().postMessage` out, window `message` events in. */
import type { DashboardMessage } from '../../../src/shared/protocol';
import { Emitter } from './emitter';
import type { ConnectionStatus, Transport } from './types';

/** The part of the API VS Code gives a webview that the dashboard uses. */
export interface VsCodeApi {
  postMessage(message: unknown): void;
}

export function createVsCodeTransport(api: VsCodeApi, target: Window = window): Transport {
  const inbound = new Emitter<unknown>();
  const onMessage = (event: MessageEvent) => inbound.emit(event.data);
  target.addEventListener('message', onMessage);
  return {
    post: (message: DashboardMessage) => api.postMessage(message),
    subscribe: (listener) => inbound.on(listener),
    // The extension host is there for as long as the webview is: the connection is always open.
    onStatus: () => () => {},
    status: (): ConnectionStatus => 'open',
    close: () => {
      target.removeEventListener('message', onMessage);
      inbound.clear();
    },
  };
}
