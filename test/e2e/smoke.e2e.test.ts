import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePrp, planPrp } from '../../src/orchestrator/index';
import { ownExtensionName, readActivationTime } from './support/activation';
import { useVsCode } from './support/hooks';
import { extensionId } from './support/vsix';

// The smoke test proves the packaged extension works in a real VS Code: installed from the .vsix into
// code-server, activated by its command, and its command doing its job. It relies only on "PRP: Preview Plan"
// and generic workbench parts, so it holds while the extension grows.
describe('smoke: the .vsix in code-server', () => {
  const vscode = useVsCode({ name: 'smoke' });

  it('opens the git workspace with the extension installed from the .vsix', async () => {
    const session = vscode();
    expect(readdirSync(session.extensionsDir).filter((name) => name.startsWith(`${extensionId()}-`))).toHaveLength(1);
    await session.waitForText('PRPs', { within: session.page.locator('.part.sidebar') });
    // The git extension found the repository the harness made: the branch shows in the status bar.
    await session.statusBarItem('main').waitFor({ timeout: 30_000 });
    await session.screenshot('workbench');
  });

  it('runs "PRP: Preview Plan" from the palette on the PRP file and shows the plan', async () => {
    const session = vscode();
    await session.openFile('PRPs/add-auth.md');
    await session.screenshot('prp-open');
    await session.runCommand('PRP: Preview Plan');
    // What the preview must show comes from the engine itself, so the check holds whatever the view looks like
    // (an output channel, a graph in a webview): every task's title. The task titles lie far down the PRP, out
    // of the editor's drawn lines, so finding them means the preview drew them.
    const prpPath = path.join(session.workspaceDir, 'PRPs', 'add-auth.md');
    const graph = planPrp(parsePrp(readFileSync(prpPath, 'utf8'), { path: prpPath })).graph;
    expect(graph.tasks.length).toBeGreaterThan(1);
    const [first, ...rest] = graph.tasks;
    await session.waitForTextAnywhere(first!.title, 60_000);
    for (const task of rest) await session.waitForTextAnywhere(task.title, 10_000);
    await session.screenshot('preview-plan');
  });

  it('finds a notification that never showed as a toast, in the notification center', async () => {
    const session = vscode();
    // Do Not Disturb sends warnings straight to the notification center, as a toast that hid would be.
    await session.runCommand('Notifications: Toggle Do Not Disturb Mode');
    try {
      // A generic workbench notification: the harness's repository has no remote to fetch from.
      await session.runCommand('Git: Fetch');
      const item = await session.waitForNotification(/no remotes configured/);
      expect(await item.isVisible()).toBe(true);
      expect(await session.page.locator('.notifications-center.visible').count()).toBe(1);
      await session.screenshot('notification-center');
    } finally {
      await session.runCommand('Notifications: Toggle Do Not Disturb Mode');
      await session.page.keyboard.press('Escape');
    }
  });

  it("reads the extension's activation time from VS Code's Running Extensions view", async () => {
    const session = vscode();
    const activation = await readActivationTime(session, ownExtensionName());
    await session.screenshot('running-extensions');
    // Only that the number was found and parsed: how fast it is belongs to bench/activation.ts.
    expect(activation.text).toMatch(/Activation: \d+ms/);
    expect(Number.isFinite(activation.ms)).toBe(true);
  });
});
