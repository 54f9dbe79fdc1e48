import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzePrp } from '../../src/extension/prpFiles/analysis';
import { parsePrp, planPrp } from '../../src/orchestrator/index';
import { buildLenses } from '../../src/extension/prpFiles/lenses';
import { useVsCode } from './support/hooks';
import type { VsCodeSession } from './support/session';
import { ADD_AUTH_EXAMPLE } from './support/workspace';

// CodeLens and diagnostics on a PRP file, as a person sees them in a real VS Code (code-server): the lenses at the
// top and on task lines, a squiggle and a Problems entry a few hundred milliseconds after typing a dependency
// on a task that does not exist, and the entry gone when the file closes.
const PRP = 'PRPs/add-auth.md';
const source = readFileSync(path.join(ADD_AUTH_EXAMPLE, PRP), 'utf8');
const lines = source.split('\n');
const analysis = analyzePrp({ parsePrp, planPrp }, source, path.join(ADD_AUTH_EXAMPLE, PRP));
/** A task with an explicit `DEPENDENCIES:` line, to extend with a task that does not exist. */
const dependencyLine = lines.findIndex((line) => /^\s*- DEPENDENCIES: Task \d+\s*$/.test(line));
const missingTask = analysis.graph.tasks.length + 33;

async function goToLine(session: VsCodeSession, line: number): Promise<void> {
  // Quick open with `:N` is VS Code's "Go to Line"; it works whatever the keyboard shortcuts are.
  await session.page.keyboard.press('Escape');
  await session.page.keyboard.press('F1');
  const box = session.page.locator('.quick-input-widget .quick-input-box input');
  await box.waitFor({ state: 'visible' });
  await box.fill(`:${line}`);
  await session.page.keyboard.press('Enter');
}

async function problemsText(session: VsCodeSession): Promise<string> {
  return session.page.locator('.markers-panel').first().innerText().catch(() => '');
}

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('PRP files: CodeLens and diagnostics in code-server', () => {
  // The simulated runner makes the run short and needs no Claude CLI; the lens path is the same as for claude.
  const vscode = useVsCode({
    name: 'prpFiles',
    settings: { 'prpOrchestrator.runner': 'simulated', 'prpOrchestrator.simulated.speed': 50, 'prpOrchestrator.workers': 3 },
  });

  it('shows "Orchestrate PRP · Preview plan · N tasks" at the top of the PRP', async () => {
    expect(analysis.graph.tasks.length).toBeGreaterThan(1);
    const session = vscode();
    await session.openFile(PRP);
    const top = session.page.locator('.monaco-editor .codelens-decoration').filter({ hasText: 'Orchestrate PRP' }).first();
    await top.waitFor({ timeout: 30_000 });
    const text = (await top.innerText()).replace(/\u00a0/g, ' ');
    expect(text).toMatch(new RegExp(`Orchestrate PRP\\s*\\|\\s*Preview plan\\s*\\|\\s*${analysis.graph.tasks.length} tasks`));
    await session.screenshot('codelens-top');
  });

  it('shows each task its own lens on its line', async () => {
    const session = vscode();
    const task = analysis.graph.tasks.find((t) => t.range && t.range.startLine <= dependencyLine + 1 && t.range.endLine >= dependencyLine + 1);
    expect(task).toBeDefined();
    const expected = buildLenses(analysis.graph, undefined).find((lens) => lens.line === task!.range!.startLine - 1)!.title;
    await goToLine(session, task!.range!.startLine);
    await session.page.locator('.monaco-editor .codelens-decoration').filter({ hasText: expected }).first().waitFor({ timeout: 20_000 });
    await session.screenshot('codelens-task');
  });

  it('adds a diagnostic while the person types a dependency on a task that does not exist', async () => {
    expect(dependencyLine).toBeGreaterThan(0);
    const session = vscode();
    await session.runCommand('Problems: Focus on Problems View');
    expect(await problemsText(session)).not.toContain(`Task ${missingTask}`);
    await session.page.locator('.editor-group-container .monaco-editor').first().click();
    await goToLine(session, dependencyLine + 1);
    await session.page.keyboard.press('End');
    await session.page.keyboard.type(`, Task ${missingTask}`, { delay: 20 });
    await until(`a Problems entry naming Task ${missingTask}`, async () => (await problemsText(session)).includes(`Task ${missingTask}`));
    expect(await problemsText(session)).toMatch(new RegExp(`depends on Task ${missingTask}, which does not exist`));
    await session.page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 10_000 });
    await session.screenshot('diagnostic-typed');
  });

  it('clears the file\'s diagnostics when it closes', async () => {
    const session = vscode();
    expect(await problemsText(session)).toContain(`Task ${missingTask}`);
    await session.runCommand('View: Revert and Close Editor');
    await until('the Problems entry to go away', async () => !(await problemsText(session)).includes(`Task ${missingTask}`));
    await session.screenshot('diagnostic-cleared');
  });

  it('starts the run from the CodeLens and shows each task\'s outcome on its line as the run goes', async () => {
    const session = vscode();
    await session.openFile(PRP);
    // The reopened editor keeps its old scroll position; the file's own lenses sit above line 1.
    await goToLine(session, 1);
    const lenses = session.page.locator('.monaco-editor .codelens-decoration');
    await lenses.locator('a', { hasText: 'Orchestrate PRP' }).first().click();
    // While it runs the top lens counts progress; when it ends it sums the run up.
    await lenses.filter({ hasText: /Running · \d+\/\d+ done/ }).first().waitFor({ timeout: 60_000 });
    await session.screenshot('codelens-running');
    const total = analysis.graph.tasks.length;
    await lenses.filter({ hasText: `Last run succeeded · ${total}/${total} done` }).first().waitFor({ timeout: 120_000 });
    await session.screenshot('codelens-run-finished');
    const first = analysis.graph.tasks[0]!;
    await goToLine(session, first.range!.startLine);
    await lenses.filter({ hasText: /Succeeded · [\w-]+/ }).first().waitFor({ timeout: 20_000 });
    await session.screenshot('codelens-after-run');
  });
});
