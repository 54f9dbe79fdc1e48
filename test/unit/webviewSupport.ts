/**
 * Helpers for the webview component tests (jsdom): the browser APIs React Flow needs that jsdom lacks, and a
 * mounted dashboard on an in-page fake host that speaks the real protocol.
 */
import { createElement } from 'react';
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, beforeAll, vi } from 'vitest';
import type { RenderResult } from '@testing-library/react';
import { App } from '../../webview-ui/src/App';
import { FakeHost } from '../../webview-ui/src/dev/fakeHost';
import type { FakeHostOptions } from '../../webview-ui/src/dev/fakeHost';
import { createHostClient } from '../../webview-ui/src/host/client';
import { DashboardStore } from '../../webview-ui/src/state/dashboardStore';
import { StoreContext } from '../../webview-ui/src/state/useDashboard';
import type { DashboardState } from '../../src/shared/dashboardState';

class FakeResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element): void {
    // React Flow measures nodes when they are observed; report the size the layout gave them.
    this.callback([{ target, contentRect: target.getBoundingClientRect() } as unknown as ResizeObserverEntry], this as unknown as ResizeObserver);
  }
  unobserve(): void {}
  disconnect(): void {}
}

class FakeDOMMatrixReadOnly {
  m22: number;
  constructor(transform?: string) {
    const scale = transform?.match(/scale\(([0-9.]+)\)/)?.[1];
    this.m22 = scale === undefined ? 1 : Number(scale);
  }
}

/** jsdom's ElementInternals has ARIA only; VS Code Elements' form controls also call the validity methods. */
function patchElementInternals(): void {
  const original = HTMLElement.prototype.attachInternals as ((this: HTMLElement) => ElementInternals) | undefined;
  HTMLElement.prototype.attachInternals = function attachInternals(this: HTMLElement): ElementInternals {
    const internals = (original ? original.call(this) : {}) as unknown as Record<string, unknown>;
    const defaults: Record<string, unknown> = {
      setValidity: () => {},
      setFormValue: () => {},
      checkValidity: () => true,
      reportValidity: () => true,
      validity: { valid: true },
      validationMessage: '',
      willValidate: false,
      form: null,
      labels: [],
    };
    for (const [name, value] of Object.entries(defaults)) {
      if (!(name in internals)) Object.defineProperty(internals, name, { value, configurable: true });
    }
    return internals as unknown as ElementInternals;
  };
}

let installed = false;

/** Installs what jsdom lacks; call in beforeAll of each webview test file. */
export function installBrowserFakes(): void {
  if (installed) return;
  installed = true;
  const g = globalThis as Record<string, unknown>;
  g.ResizeObserver = FakeResizeObserver;
  g.DOMMatrixReadOnly = FakeDOMMatrixReadOnly;
  // jsdom lays nothing out; give every element the size of a task node and the page a real viewport.
  Object.defineProperties(HTMLElement.prototype, {
    offsetHeight: { configurable: true, get: () => 76 },
    offsetWidth: { configurable: true, get: () => 220 },
  });
  const rect = { x: 0, y: 0, top: 0, left: 0, bottom: 800, right: 1200, width: 1200, height: 800, toJSON: () => ({}) };
  Element.prototype.getBoundingClientRect = () => rect as DOMRect;
  (SVGElement.prototype as unknown as { getBBox: () => object }).getBBox = () => ({ x: 0, y: 0, width: 0, height: 0 });
  patchElementInternals();
  // jsdom has no innerText (it needs layout); VS Code Elements reads option labels through it.
  if (!('innerText' in HTMLElement.prototype)) {
    Object.defineProperty(HTMLElement.prototype, 'innerText', {
      configurable: true,
      get(this: HTMLElement) {
        return this.textContent ?? '';
      },
      set(this: HTMLElement, value: string) {
        this.textContent = value;
      },
    });
  }
  g.CSS ??= {};
  (g.CSS as Record<string, unknown>).escape ??= (value: string) => value.replace(/["\\]/g, '\\$&');
}

/** Publishes synchronously, so each message is visible to the next assertion without waiting for a frame. */
export const immediate = (flush: () => void) => {
  flush();
  return () => {};
};

export interface MountedDashboard {
  fake: FakeHost;
  store: DashboardStore;
  view: RenderResult;
  unmount(): void;
}

/** The whole App on a fake host holding `state`, after the handshake delivered its snapshot. */
export function mountDashboard(state: DashboardState, options: FakeHostOptions = {}): MountedDashboard {
  const fake = new FakeHost(state, { async: false, ...options });
  const store = new DashboardStore(createHostClient(fake, 'fake'), immediate);
  let stop = () => {};
  let view!: RenderResult;
  act(() => {
    stop = store.start();
    view = render(createElement(StoreContext.Provider, { value: store }, createElement(App)));
  });
  return {
    fake,
    store,
    view,
    unmount: () => {
      stop();
      cleanup();
    },
  };
}

/**
 * Sets a component test file up: the browser fakes once, room for slow jsdom renders, and an unmount after
 * each test. Returns `mount`, which mounts the dashboard and remembers it for that unmount.
 */
export function useMountedDashboard(): (state: DashboardState, options?: FakeHostOptions) => MountedDashboard {
  // React Flow and the custom elements in jsdom take seconds per test on a loaded machine; this is room, not
  // a timing assertion.
  vi.setConfig({ testTimeout: 120_000 });
  beforeAll(installBrowserFakes);
  let mounted: MountedDashboard | undefined;
  afterEach(() => {
    mounted?.unmount();
    mounted = undefined;
  });
  return (state, options = {}) => {
    mounted = mountDashboard(state, options);
    return mounted;
  };
}
