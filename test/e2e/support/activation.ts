import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './vsix';
import type { Workbench } from './workbench';

/** One extension's activation time as VS Code's "Running Extensions" view shows it. */
export interface ActivationTime {
  /** The `name` from the extension's package.json (the row's accessible label). */
  extensionName: string;
  /** Milliseconds: VS Code's code loading time plus the `activate()` call time. */
  ms: number;
  /** True when VS Code activated it during start-up (`Startup Activation: ...`). */
  startup: boolean;
  /** The text as shown, e.g. `Activation: 12ms`. */
  text: string;
}

/** Parses the view's `Activation: 12ms` / `Startup Activation: 12ms`; undefined while it says `Activating...`. */
export function parseActivationText(text: string): { ms: number; startup: boolean } | undefined {
  const match = /^\s*(Startup )?Activation: (\d+(?:\.\d+)?)ms\s*$/.exec(text);
  return match ? { ms: Number(match[2]), startup: match[1] !== undefined } : undefined;
}

/** The `name` field of this repository's package.json. */
export function ownExtensionName(): string {
  return (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string }).name;
}

/**
 * Opens "Developer: Show Running Extensions" and reads the activation time VS Code measured for the extension
 * whose package.json `name` is `extensionName` (it must already be active). The list draws only the rows in
 * view, so it is paged through until the row appears.
 */
export async function readActivationTime(workbench: Workbench, extensionName: string, timeoutMs = 30_000): Promise<ActivationTime> {
  const page = workbench.page;
  await workbench.runCommand('Developer: Show Running Extensions');
  const list = page.locator('.runtime-extensions-editor .monaco-list').first();
  await list.waitFor({ timeout: timeoutMs });
  const row = list.locator(`.monaco-list-row[aria-label="${extensionName}"]`);
  const deadline = Date.now() + timeoutMs;
  await list.focus();
  for (;;) {
    if ((await row.count()) > 0) {
      const text = (await row.locator('.activation-time').textContent()) ?? '';
      const parsed = parseActivationText(text);
      if (parsed) return { extensionName, text: text.trim(), ...parsed };
    } else {
      // The list draws only the rows in view: page down through it with the keyboard, and start over at the top
      // once the focus stops moving.
      const focused = () => list.locator('.monaco-list-row.focused').evaluateAll((rows) => rows[0]?.getAttribute('data-index') ?? null);
      const before = await focused();
      await page.keyboard.press('PageDown');
      if (before !== null && (await focused()) === before) await page.keyboard.press('Home');
    }
    if (Date.now() > deadline) {
      const shown = await list.locator('.monaco-list-row').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('aria-label')}: ${r.querySelector('.activation-time')?.textContent ?? ''}`));
      throw new Error(`"${extensionName}" has no activation time in Running Extensions after ${timeoutMs} ms (is it active?). Rows seen: ${JSON.stringify(shown)}.`);
    }
    await page.waitForTimeout(250);
  }
}
