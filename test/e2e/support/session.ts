import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Artifacts } from './artifacts';
import { launchChromium } from './browser';
import { startCodeServer, type CodeServerProcess } from './processes';
import { BASE_SETTINGS, UNTRUSTED_SETTINGS, updateUserSettings, writeUserSettings, type Settings } from './settings';
import { e2eTools } from './tools';
import { extensionId, installVsix } from './vsix';
import { Workbench } from './workbench';
import { ADD_AUTH_EXAMPLE, createWorkspace } from './workspace';

/** What one VS Code session opens and with which settings. */
export interface VsCodeOptions {
  /** Names the artifacts folder, test-artifacts/e2e/<name>/. */
  name: string;
  /** The .vsix to install (`code-server --install-extension`). */
  vsix: string;
  /** More .vsix files to install beside it (e.g. a baseline extension in a benchmark). Default none. */
  alsoInstall?: string[];
  /** Folder copied as the workspace (then `git init` + one commit). Default: examples/add-auth. */
  workspaceSource?: string;
  /** Extra files written into the workspace copy before its commit: relative path → content. Default none. */
  files?: Record<string, string>;
  /** User settings merged over BASE_SETTINGS, e.g. `{ 'prpOrchestrator.runner': 'simulated' }`. Default none. */
  settings?: Settings;
  /** False opens the workspace untrusted (Restricted Mode, no prompt). Default true (trust disabled = trusted). */
  trusted?: boolean;
  /** Browser viewport. Default 1400 × 900. */
  viewport?: { width: number; height: number };
}

/**
 * One running VS Code: code-server in its own process group with a fresh user-data and extensions folder, the
 * extension installed from the .vsix, a temporary git workspace, and Chromium showing the workbench.
 */
export class VsCodeSession extends Workbench {
  private closed = false;

  private constructor(
    page: Page,
    readonly browser: Browser,
    readonly server: CodeServerProcess,
    readonly artifacts: Artifacts,
    /** Temporary root holding the workspace, user data and extensions; removed on close. */
    readonly root: string,
    readonly workspaceDir: string,
    readonly userDataDir: string,
    readonly extensionsDir: string,
  ) {
    super(page);
  }

  /** Starts everything; on any failure, what was started so far is stopped before the error is thrown. */
  static async start(options: VsCodeOptions): Promise<VsCodeSession> {
    const tools = e2eTools();
    const root = mkdtempSync(path.join(tmpdir(), 'prp-e2e-'));
    const dirs = { workspace: path.join(root, 'workspace'), data: path.join(root, 'data'), extensions: path.join(root, 'extensions'), config: path.join(root, 'config') };
    for (const dir of [dirs.data, dirs.extensions, dirs.config]) mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dirs.config, 'config.yaml'), 'auth: none\n');
    let server: CodeServerProcess | undefined;
    let browser: Browser | undefined;
    try {
      createWorkspace(options.workspaceSource ?? ADD_AUTH_EXAMPLE, dirs.workspace, options.files);
      writeUserSettings(dirs.data, { ...BASE_SETTINGS, ...(options.trusted === false ? UNTRUSTED_SETTINGS : {}), ...options.settings });
      installVsix(tools, options.vsix, dirs.extensions, path.join(root, 'install-data'), extensionId());
      for (const vsix of options.alsoInstall ?? []) installVsix(tools, vsix, dirs.extensions, path.join(root, 'install-data'));
      server = await startCodeServer({ tools, userDataDir: dirs.data, extensionsDir: dirs.extensions, configDir: dirs.config });
      browser = await launchChromium(tools.chromium);
      const page = await browser.newPage({ viewport: options.viewport ?? { width: 1400, height: 900 } });
      const session = new VsCodeSession(page, browser, server, new Artifacts(options.name), root, dirs.workspace, dirs.data, dirs.extensions);
      await page.goto(`${server.origin}/?folder=${encodeURIComponent(dirs.workspace)}`);
      await session.waitReady();
      return session;
    } catch (error) {
      await browser?.close().catch(() => undefined);
      await server?.stop();
      rmSync(root, { recursive: true, force: true });
      throw error;
    }
  }

  /** Saves a screenshot as test-artifacts/e2e/<name>/NN-<step>.png and returns its path. */
  async screenshot(step: string): Promise<string> {
    const file = this.artifacts.next(step, 'png');
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Merges settings into User/settings.json; the running window applies them (no reload). */
  updateSettings(patch: Settings): Settings {
    return updateUserSettings(this.userDataDir, patch);
  }

  /** Folder of VS Code's logs for this session (`<user-data>/logs/<timestamp>/...`, e.g. exthost1/remoteexthost.log). */
  get logsDir(): string {
    return path.join(this.userDataDir, 'logs');
  }

  /** Reloads the window (a new extension host) and waits for the workbench again. */
  async reloadWindow(): Promise<void> {
    const loaded = this.page.waitForEvent('load', { timeout: 90_000 });
    await this.runCommand('Developer: Reload Window');
    await loaded;
    await this.waitReady();
  }

  /**
   * Ends Chromium and the code-server process group and removes the temporary folders. Safe to call twice and
   * after a failed step; the screenshots stay in test-artifacts.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // A browser that does not close in time is left to Playwright's own exit handler; the server must stop.
    await Promise.race([this.browser.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    await this.server.stop();
    rmSync(this.root, { recursive: true, force: true });
  }
}
