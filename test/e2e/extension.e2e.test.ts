import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePrp, planPrp } from '../../src/orchestrator/index';
import { useVsCode } from './support/hooks';
import type { VsCodeSession } from './support/session';
import { ADD_AUTH_EXAMPLE } from './support/workspace';

// Runs, trees, status bar, cancel, resume after a reload and the trust refusal, in a real VS Code (code-server)
// with the extension installed from its .vsix. Simulated agents at 25× the plan's estimates make a run of the
// add-auth example take some 30-60 seconds: long enough to watch it and, on a busy machine, still to act in the
// middle of it (cancel, reload) before it ends.
const SIMULATED = { 'prpOrchestrator.runner': 'simulated', 'prpOrchestrator.simulated.speed': 25, 'prpOrchestrator.workers': 3 };
const RUN_TIMEOUT_MS = 240_000;
/** A test watches a whole run, longer than the e2e project's default per-test limit. */
const TEST_TIMEOUT_MS = 420_000;

const prpFile = path.join(ADD_AUTH_EXAMPLE, 'PRPs', 'add-auth.md');
const graph = planPrp(parsePrp(readFileSync(prpFile, 'utf8'), { path: prpFile })).graph;
const total = graph.tasks.length;
const firstTask = graph.tasks[0]!;

/** Shows the extension's side bar (its activity bar icon), where the Agents and Runs views live. */
async function openSidebar(session: VsCodeSession): Promise<void> {
  // The icon toggles the side bar: click it only when the views are not shown (a reload restores them).
  if (!(await session.view('Runs').isVisible())) {
    await session.page.locator('.part.activitybar .action-item .action-label[aria-label^="PRP Orchestrator"]').first().click();
  }
  await session.view('Agents').waitFor({ timeout: 30_000 });
  await session.view('Runs').waitFor({ timeout: 30_000 });
}

/** The status bar item while a run goes on, e.g. "PRP 3/9 · 2 running · $0.41". */
function runningItem(session: VsCodeSession, done = '\\d+') {
  return session.statusBarItem(new RegExp(`PRP ${done}/${total} · \\d+ running · \\$\\d`));
}

/** How many rows of the Runs view show a run that finished with every task done. */
function succeededRuns(session: VsCodeSession): Promise<number> {
  return session.view('Runs').locator('.monaco-list-row').filter({ hasText: new RegExp(`succeeded · ${total}/${total}`) }).count();
}

/** Waits until the run has finished at least one task and still runs. */
async function waitMidRun(session: VsCodeSession): Promise<void> {
  await runningItem(session, `[1-${total - 1}]`).waitFor({ timeout: RUN_TIMEOUT_MS });
}

describe('extension: orchestrate, watch, cancel and resume a run', () => {
  const vscode = useVsCode({ name: 'extension-run', settings: SIMULATED });

  it('runs "PRP: Orchestrate PRP" and shows agents, runs, the status bar and the task log live', async () => {
    const session = vscode();
    await openSidebar(session);
    // Before any run the Agents view lists the workspace's agent definitions.
    await session.treeItem('Agents', 'backend-engineer').waitFor({ timeout: 30_000 });
    await session.screenshot('agents-before-run');
    await session.openFile('PRPs/add-auth.md');
    await session.runCommand('PRP: Orchestrate PRP');
    await runningItem(session).waitFor({ timeout: 60_000 });
    await session.treeItem('Agents', /running “/).waitFor({ timeout: 30_000 });
    const runRow = session.treeItem('Runs', graph.title);
    await runRow.waitFor({ timeout: 30_000 });
    await runRow.click();
    await session.treeItem('Runs', firstTask.title).waitFor({ timeout: 30_000 });
    await session.screenshot('run-in-progress');

    // A task row opens the task's log, a read-only document that follows the run.
    await session.treeItem('Runs', firstTask.title).click();
    await session.editorTab(`${firstTask.id}.log`).waitFor({ timeout: 30_000 });
    await expect.poll(() => session.activeEditorText(), { timeout: 30_000 }).toContain(`Task ${firstTask.id}: ${firstTask.title}`);
    await session.screenshot('task-log');

    const summary = session.notification(new RegExp(`finished: ${total} of ${total} tasks done`));
    await summary.waitFor({ timeout: RUN_TIMEOUT_MS });
    await session.statusBarItem(`PRP ${total}/${total}`).waitFor({ timeout: 10_000 });
    await expect.poll(() => session.activeEditorText(), { timeout: 30_000 }).toMatch(/Status: {2}succeeded/);
    await session.screenshot('run-finished');
  }, TEST_TIMEOUT_MS);

  it('cancels a run midway with "PRP: Cancel Run"', async () => {
    const session = vscode();
    await session.openFile('PRPs/add-auth.md');
    await session.runCommand('PRP: Orchestrate PRP');
    await waitMidRun(session);
    await session.screenshot('before-cancel');
    await session.runCommand('PRP: Cancel Run');
    await session.notification(/was cancelled: \d+ of \d+ tasks done/).waitFor({ timeout: 60_000 });
    await session.statusBarItem(/PRP \d+\/\d+ · cancelled/).waitFor({ timeout: 10_000 });
    await session.treeItem('Runs', /cancelled · \d+\//).waitFor({ timeout: 30_000 });
    await session.screenshot('cancelled');
  }, TEST_TIMEOUT_MS);

  it('offers to resume a run interrupted by a window reload, and finishes it', async () => {
    const session = vscode();
    await openSidebar(session);
    const succeededBefore = await succeededRuns(session);
    await session.openFile('PRPs/add-auth.md');
    await session.runCommand('PRP: Orchestrate PRP');
    await waitMidRun(session);
    await session.screenshot('before-reload');
    await session.reloadWindow();
    const offer = new RegExp(`Resume run 'add-auth' \\(\\d+/${total} done\\)\\?`);
    await session.notification(offer).waitFor({ timeout: 60_000 });
    await session.screenshot('resume-offer');
    const [question] = (await session.notificationTexts()).filter((text) => offer.test(text));
    const doneBefore = Number(/\((\d+)\//.exec(question ?? '')?.[1]);
    expect(doneBefore).toBeGreaterThan(0);
    await session.clickNotificationButton(offer, 'Resume');
    await session.notification(new RegExp(`finished: ${total} of ${total} tasks done`)).waitFor({ timeout: RUN_TIMEOUT_MS });
    await openSidebar(session);
    // The interrupted run is the one that now succeeded: one more succeeded run, none left interrupted.
    await expect.poll(() => succeededRuns(session), { timeout: 30_000 }).toBe(succeededBefore + 1);
    expect(await session.view('Runs').locator('.monaco-list-row').filter({ hasText: /interrupted ·/ }).count()).toBe(0);
    await session.screenshot('resumed-and-finished');
  }, TEST_TIMEOUT_MS);
});

describe('extension: an untrusted workspace', () => {
  const vscode = useVsCode({ name: 'extension-untrusted', settings: SIMULATED, trusted: false });

  it('refuses to orchestrate, says why and offers to manage trust', async () => {
    const session = vscode();
    await session.openFile('PRPs/add-auth.md');
    await session.runCommand('PRP: Orchestrate PRP');
    // A toast can hide before a loaded machine gets to look; the notification center keeps it.
    const refusal = await session.waitForNotification(/Orchestrate PRP needs a trusted workspace/, 90_000).catch(async (error: unknown) => {
      await session.screenshot('untrusted-no-refusal');
      throw error;
    });
    expect(await refusal.locator('.monaco-button', { hasText: 'Manage Workspace Trust' }).count()).toBe(1);
    expect(await session.statusBarTexts()).not.toContainEqual(expect.stringMatching(/PRP \d+\//));
    await session.screenshot('untrusted-refusal');
  }, TEST_TIMEOUT_MS);
});
