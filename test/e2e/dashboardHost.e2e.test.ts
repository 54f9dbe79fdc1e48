import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { analyzePrp } from '../../src/extension/prpFiles/analysis';
import { parsePrp, planPrp } from '../../src/orchestrator/index';
import { useVsCode } from './support/hooks';
import { ADD_AUTH_EXAMPLE } from './support/workspace';

// The dashboard webview hosted by the extension in a real VS Code (code-server): "PRP: Preview Plan" opens it, the
// webview's `ready` is answered with a snapshot of the planned graph, its CSP holds, an action from the webview
// (open a file the task names) is carried out by the host, and "PRP: Show Dashboard" reuses the same panel.
const PRP = 'PRPs/add-auth.md';
const graph = analyzePrp({ parsePrp, planPrp }, readFileSync(path.join(ADD_AUTH_EXAMPLE, PRP), 'utf8'), path.join(ADD_AUTH_EXAMPLE, PRP)).graph;
const agentNames = readdirSync(path.join(ADD_AUTH_EXAMPLE, '.claude', 'agents')).map(
  (file) => /^name:\s*(\S+)/m.exec(readFileSync(path.join(ADD_AUTH_EXAMPLE, '.claude', 'agents', file), 'utf8'))?.[1],
);
/** A file the first task names, created in the workspace so opening it from the dashboard can succeed. */
const namedFile = graph.tasks[0]!.files[0]!;

/** How many live webview frames draw a graph now. */
async function graphFrames(frames: Frame[]): Promise<number> {
  let count = 0;
  for (const f of frames) {
    if (f.isDetached() || !f.url().includes('webview')) continue;
    if ((await f.locator('.react-flow__node').count().catch(() => 0)) > 0) count += 1;
  }
  return count;
}

describe('dashboard webview host in code-server', () => {
  const vscode = useVsCode({
    name: 'dashboardHost',
    files: { [namedFile]: '-- created for the dashboard test\n' },
    settings: { 'prpOrchestrator.runner': 'simulated', 'prpOrchestrator.simulated.speed': 50, 'prpOrchestrator.workers': 3 },
  });
  let frame: Frame;

  it('Preview Plan opens the panel and the webview draws the planned graph from the host snapshot', async () => {
    const session = vscode();
    await session.openFile(PRP);
    await session.runCommand('PRP: Preview Plan');
    frame = await session.webviewFrame('.react-flow__node', 60_000);
    const nodes = frame.locator('.react-flow__node');
    await expect.poll(() => nodes.count(), { timeout: 30_000 }).toBe(graph.tasks.length);
    const text = await frame.locator('body').innerText();
    for (const task of graph.tasks) expect(text).toContain(task.title);
    // Routing happened on the host: every node names one of the workspace's agents.
    const agents = await frame.locator('.prp-node__agent').allInnerTexts();
    expect(agents).toHaveLength(graph.tasks.length);
    for (const agent of agents) expect(agentNames).toContain(agent.trim());
    await expect.poll(() => session.editorTab('PRP Plan').count()).toBe(1);
    await session.screenshot('preview-plan');
  });

  it('runs under a nonce CSP and still gets its stylesheet and script', async () => {
    const csp = await frame.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toMatch(/default-src 'none'/);
    // React Flow positions nodes with its stylesheet (bundled into main.css): if the CSP had blocked it, they
    // would not be absolutely positioned.
    const position = await frame.locator('.react-flow__node').first().evaluate((node) => getComputedStyle(node).position);
    expect(position).toBe('absolute');
  });

  it('opens a file the task names when the dashboard asks, through the host', async () => {
    const session = vscode();
    await frame.locator(`.react-flow__node[data-id="${graph.tasks[0]!.id}"]`).click();
    const details = frame.locator('[data-testid="details-panel"]');
    await details.waitFor({ timeout: 10_000 });
    await session.screenshot('task-details');
    await details.locator(`button[title="Open ${namedFile}"]`).first().click();
    await session.editorTab(path.basename(namedFile)).waitFor({ timeout: 20_000 });
    await session.screenshot('file-opened');
  });

  it('Show Dashboard brings the same panel back instead of opening another', async () => {
    const session = vscode();
    await session.openFile(PRP);
    await session.runCommand('PRP: Show Dashboard');
    await expect.poll(() => session.editorTab('PRP Plan').count()).toBe(1);
    await expect.poll(() => session.page.locator('.tabs-container .tab.active[aria-label^="PRP Plan"]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const again = await session.webviewFrame('.react-flow__node', 30_000);
    await expect.poll(() => again.locator('.react-flow__node').count(), { timeout: 30_000 }).toBe(graph.tasks.length);
    await session.screenshot('show-dashboard');
  });

  it('draws the graph again after being hidden behind another editor (a new ready, a new snapshot)', async () => {
    const session = vscode();
    // With the panel in the same group as the PRP, showing the PRP hides the panel and VS Code drops its webview.
    await session.editorTab('add-auth.md').click();
    await session.runCommand('View: Join All Editor Groups');
    await session.editorTab('add-auth.md').click();
    await expect.poll(() => session.page.locator('.tabs-container .tab.active[aria-label^="add-auth.md"]').count()).toBeGreaterThan(0);
    await expect.poll(() => graphFrames(session.page.frames()), { timeout: 15_000 }).toBe(0);
    await session.screenshot('hidden');
    await session.editorTab('PRP Plan').click();
    const shown = await session.webviewFrame('.react-flow__node', 30_000);
    await expect.poll(() => shown.locator('.react-flow__node').count(), { timeout: 30_000 }).toBe(graph.tasks.length);
    await session.screenshot('shown-again');
  });

  it('comes back after a window reload showing the same plan', async () => {
    const session = vscode();
    await session.reloadWindow();
    await expect.poll(() => session.editorTab('PRP Plan').count(), { timeout: 60_000 }).toBe(1);
    await session.page.locator('.tabs-container .tab[aria-label^="PRP Plan"]').first().click();
    const restored = await session.webviewFrame('.react-flow__node', 60_000);
    await expect.poll(() => restored.locator('.react-flow__node').count(), { timeout: 30_000 }).toBe(graph.tasks.length);
    expect(await restored.locator('body').innerText()).toContain(graph.tasks[0]!.title);
    await session.screenshot('after-reload');
  });

  it('follows the run that "PRP: Orchestrate PRP" starts after a preview, even while hidden', async () => {
    const session = vscode();
    await session.editorTab('add-auth.md').click();
    await session.runCommand('PRP: Orchestrate PRP');
    // The panel (hidden behind the PRP) is retitled for the run, and shows it once it is brought back.
    await expect.poll(() => session.page.locator('.tabs-container .tab[aria-label^="PRP: "]').count(), { timeout: 60_000 }).toBe(1);
    await session.page.locator('.tabs-container .tab[aria-label^="PRP: "]').first().click();
    const live = await session.webviewFrame('.react-flow__node', 30_000);
    const statuses = live.locator('.prp-node__status');
    await expect.poll(async () => (await statuses.allInnerTexts()).filter((t) => t.trim() === 'Succeeded').length, { timeout: 120_000 }).toBe(graph.tasks.length);
    await session.screenshot('run-followed');
    // The agents panel of the same run: every agent that worked, with its tasks.
    await live.locator('#prp-tab-agents').click();
    await live.locator('[data-testid="agent-row-backend-engineer"]').waitFor();
    await session.screenshot('agents');
  });
});
