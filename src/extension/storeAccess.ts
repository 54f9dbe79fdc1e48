import type { DurableStore } from '../orchestrator/index';
import type { EngineModule } from './engineLoader';

/** The workspace's run database as this window holds it. */
export interface OpenedStore {
  store: DurableStore;
  /** Another window or process writes it: this window reads what was recorded when it opened, and runs nothing. */
  readOnly: boolean;
  /** Why it is read-only, in words for a notification. */
  readOnlyReason?: string;
}

/**
 * Opens the store lazily (the first view or command that needs it, never during activation) as its one
 * writer, or read-only when another window holds the writer lock.
 */
export class StoreAccess {
  private opening: Promise<OpenedStore> | undefined;
  private current: OpenedStore | undefined;
  private closed = false;

  constructor(
    private readonly dir: string,
    private readonly engine: () => Promise<EngineModule>,
  ) {}

  /** The store when it is already open; never opens it. */
  get opened(): OpenedStore | undefined {
    return this.current;
  }

  get directory(): string {
    return this.dir;
  }

  open(): Promise<OpenedStore> {
    if (this.closed) return Promise.reject(new Error('The run database was closed because the window is closing.'));
    this.opening ??= this.openNow().then(
      (opened) => (this.current = opened),
      (error: unknown) => {
        // A failed open (e.g. a disk error) may succeed later, so the next caller tries again.
        this.opening = undefined;
        throw error;
      },
    );
    return this.opening;
  }

  /** Flushes and closes the store and releases the writer lock, so the next window can write. */
  async close(): Promise<void> {
    this.closed = true;
    const opened = this.current ?? (await this.opening?.catch(() => undefined));
    this.current = undefined;
    await opened?.store.close();
  }

  private async openNow(): Promise<OpenedStore> {
    const engine = await this.engine();
    try {
      return { store: await engine.openStore({ dir: this.dir }), readOnly: false };
    } catch (error) {
      if (!(error instanceof engine.StoreLockedError)) throw error;
      const store = await engine.openStore({ dir: this.dir, readOnly: true });
      return { store, readOnly: true, readOnlyReason: lockedMessage(error.pid) };
    }
  }
}

function lockedMessage(pid: number): string {
  const who = pid > 0 ? `another VS Code window (process ${pid})` : 'another VS Code window';
  return (
    `The PRP run database of this workspace is in use by ${who}, so this window shows recorded runs read-only and cannot start or resume runs. ` +
    'Run from that window, or close it and reload this one.'
  );
}
