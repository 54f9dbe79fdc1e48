import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { exampleAgents, examplePrp, isolatedEnv, repoRoot } from '../support/runCli';
import { startDashboardCli, writeTestAgent } from '../integration/dashboardSupport';
import type { DashboardProcess } from '../integration/dashboardSupport';
import { Artifacts } from './support/artifacts';
import { launchChromium } from './support/browser';

// `prp-orchestrator dashboard` as a person uses it: the built CLI runs the example PRP and serves the built
// dashboard bundle; Chromium opens the URL it printed. No code-server is needed here.
const CHROMIUM = process.env.PRP_E2E_CHROMIUM ?? '/usr/bin/chromium';

describe('browser dashboard: prp-orchestrator dashboard in Chromium', () => {
  const artifacts = new Artifacts('browserDashboard');
  let browser: Browser;
  let scratch: string;
  const servers: DashboardProcess[] = [];
  const pages: Page[] = [];
  /** Console errors and uncaught exceptions of the pages of the current test (a CSP violation is one). */
  let pageErrors: string[] = [];

  beforeAll(async () => {
    for (const built of ['dist/cli.js', 'dist/webview/main.js', 'dist/webview/main.css']) {
      if (!existsSync(path.join(repoRoot, built))) throw new Error(`${built} is missing: run \`npm run build\` before the end-to-end tests.`);
    }
    scratch = mkdtempSync(path.join(tmpdir(), 'prp-e2e-browser-dashboard-'));
    mkdirSync(path.join(scratch, 'home'));
    browser = await launchChromium(CHROMIUM);
  });

  afterEach(async () => {
    // Pages first: a page left open would log its reconnection attempts once its server is gone.
    for (const page of pages.splice(0)) await page.close();
    for (const server of servers.splice(0)) await server.stop('SIGKILL');
    pageErrors = [];
  });

  afterAll(async () => {
    await browser?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  async function serve(args: string[], env: NodeJS.ProcessEnv = {}): Promise<DashboardProcess> {
    const server = await startDashboardCli(args, { cwd: scratch, env: { ...isolatedEnv(path.join(scratch, 'home')), ...env } });
    servers.push(server);
    return server;
  }

  /** A page that records every console error and uncaught exception. */
  async function openPage(url: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    pages.push(page);
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    return page;
  }

  const node = (page: Page, taskId: string) => page.locator(`[data-testid="task-node-${taskId}"]`);

  async function waitForStatus(page: Page, taskId: string, status: string, timeout = 60_000): Promise<void> {
    await page.locator(`[data-testid="task-node-${taskId}"][data-status="${status}"]`).waitFor({ timeout });
  }

  it('refuses the page without the token', async () => {
    const server = await serve([examplePrp, '--agents-dir', exampleAgents, '--runner', 'simulated', '--speed', '1000', '--db', path.join(scratch, 'db-token')]);
    const page = await browser.newPage();
    pages.push(page);
    const response = await page.goto(new URL(server.url).origin);
    expect(response?.status()).toBe(401);
    expect(await page.textContent('body')).toMatch(/token/);
  });

  it('renders the graph, shows a task on click, follows statuses live, and retries a cancelled task from the panel', async () => {
    const server = await serve([examplePrp, '--agents-dir', exampleAgents, '--runner', 'simulated', '--speed', '40', '--db', path.join(scratch, 'db-live')]);
    const page = await openPage(server.url);
    for (const id of ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9']) await node(page, id).waitFor({ timeout: 30_000 });
    await waitForStatus(page, 'T1', 'running');
    await page.screenshot({ path: artifacts.next('graph-running', 'png') });

    // The last task is still waiting for its dependencies: open it, cancel it, and ask for it again.
    await node(page, 'T8').click();
    const details = page.locator('[data-testid="details-panel"]');
    await details.waitFor();
    expect(await details.getAttribute('aria-label')).toBe('Details of T8');
    await expect.poll(() => details.textContent()).toContain('test/server/auth.test.ts');
    await page.screenshot({ path: artifacts.next('details-T8', 'png') });
    await details.locator('[data-testid="cancel-task"]').click();
    await waitForStatus(page, 'T8', 'cancelled');
    await page.screenshot({ path: artifacts.next('T8-cancelled', 'png') });
    await details.locator('[data-testid="retry-task"]').click();
    await details.locator('[data-testid="action-status"]').waitFor();

    // The agents of the run, with the one that does the database work.
    await page.locator('#prp-tab-agents').click();
    await page.locator('[data-testid="agent-row-database-architect"]').waitFor();
    await page.screenshot({ path: artifacts.next('agents', 'png') });
    await page.locator('#prp-tab-graph').click();

    // Statuses change live as the simulated agents work, down to the retried task.
    await waitForStatus(page, 'T1', 'succeeded');
    await waitForStatus(page, 'T8', 'succeeded', 90_000);
    for (const id of ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T9']) expect(await node(page, id).getAttribute('data-status')).toBe('succeeded');
    await page.screenshot({ path: artifacts.next('run-succeeded', 'png') });
    expect(pageErrors).toEqual([]);
  });

  it('retries a task that failed for good from the details panel, and the run ends green', async () => {
    const control = path.join(scratch, 'agent-retry');
    mkdirSync(control);
    const script = writeTestAgent(control);
    const args = ['--runner', 'command', '--command', `"${process.execPath}" "${script}"`, '--max-attempts', '1', '--agents-dir', exampleAgents];
    const server = await serve([examplePrp, ...args, '--db', path.join(scratch, 'db-retry')], { CONTROL_DIR: control, FAIL_TASK: 'T3' });
    const page = await openPage(server.url);
    await waitForStatus(page, 'T3', 'failed');
    await waitForStatus(page, 'T5', 'blocked');
    await node(page, 'T3').click();
    const details = page.locator('[data-testid="details-panel"]');
    await expect.poll(() => details.textContent()).toContain('failing on purpose');
    await page.screenshot({ path: artifacts.next('T3-failed', 'png') });
    writeFileSync(path.join(control, 'allow-T3'), '');
    await details.locator('[data-testid="retry-task"]').click();
    await waitForStatus(page, 'T3', 'succeeded');
    for (const id of ['T5', 'T6', 'T8', 'T9']) await waitForStatus(page, id, 'succeeded');
    await page.screenshot({ path: artifacts.next('T3-retried', 'png') });
    expect(pageErrors).toEqual([]);
  });
});
