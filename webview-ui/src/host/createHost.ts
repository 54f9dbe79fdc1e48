/**
 * Picks the transport for where the dashboard runs: inside a VS Code webview (`acquireVsCodeApi` exists),
 * on the bench page (`<body data-host="fake">`, a generated run in the page), or else in a browser served by
 * `prp-orchestrator dashboard` (WebSocket back to the page's own server).
 */
import { FakeHost } from '../dev/fakeHost';
import { sampleState } from '../dev/sampleRun';
import { createHostClient } from './client';
import type { DashboardHost } from './types';
import { createVsCodeTransport } from './vscodeTransport';
import type { VsCodeApi } from './vscodeTransport';
import { createWebSocketTransport, dashboardSocketUrl } from './webSocketTransport';

declare global {
  // Defined by VS Code in a webview; it may be called only once per page.
  function acquireVsCodeApi(): VsCodeApi;
}

/** Default number of tasks of the bench page's generated run (`?tasks=N` changes it). */
const DEFAULT_FAKE_TASKS = 200;

export interface CreatedHost {
  host: DashboardHost;
  /** Set on the bench page: the in-page host, to drive the run from outside. */
  fake?: FakeHost;
}

export function createHost(): CreatedHost {
  if (typeof acquireVsCodeApi === 'function') {
    return { host: createHostClient(createVsCodeTransport(acquireVsCodeApi()), 'vscode') };
  }
  if (document.body.dataset.host === 'fake') {
    const count = Number(new URLSearchParams(location.search).get('tasks') ?? DEFAULT_FAKE_TASKS);
    const fake = new FakeHost(sampleState(Number.isInteger(count) && count > 0 ? count : DEFAULT_FAKE_TASKS));
    return { host: createHostClient(fake, 'fake'), fake };
  }
  return { host: createHostClient(createWebSocketTransport({ url: dashboardSocketUrl(location) }), 'browser') };
}
