import type { Frame, Locator, Page } from 'playwright-core';

/** How long a step waits by default before it fails with a message that says what it was waiting for. */
export const STEP_TIMEOUT_MS = 30_000;

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;
const QUICK_ROWS = `${QUICK_INPUT} .quick-input-list .monaco-list-row`;

async function poll<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, detail?: () => Promise<string>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.${detail ? ` ${await detail()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Drives the VS Code workbench in a Playwright page the way a person does: the command palette, quick open,
 * views, the status bar, notifications and webviews. Every wait has a timeout and fails naming what it waited for.
 */
export class Workbench {
  constructor(readonly page: Page) {}

  /** Waits until the workbench and its status bar are drawn. */
  async waitReady(timeoutMs = 90_000): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: timeoutMs });
    await this.page.locator('.part.statusbar').waitFor({ timeout: timeoutMs });
  }

  /** Opens the quick input with F1 and replaces its text (`>` prefix: commands; none: files). */
  private async openQuickInput(text: string): Promise<void> {
    const box = this.page.locator(QUICK_INPUT_BOX);
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('F1');
      try {
        await box.waitFor({ state: 'visible', timeout: 5_000 });
        await box.fill(text, { timeout: 5_000 });
        return;
      } catch (error) {
        if (attempt === 3) throw error;
        // A webview (an iframe) can hold the keyboard focus and keep F1 from the workbench, or take the focus
        // as it opens and so close the palette: give the focus back to the workbench's document and try again.
        await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      }
    }
  }

  /** Labels of the rows the quick input shows now. */
  async quickInputRows(): Promise<string[]> {
    return this.page.locator(QUICK_ROWS).evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''));
  }

  /**
   * Runs a command by its palette title, e.g. `PRP: Preview Plan`: F1, type the title, click the row whose label
   * is exactly that title. Fails listing what the palette offered when the command is not there (extension not
   * active, or its `when` clause false).
   */
  async runCommand(title: string, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
    await this.openQuickInput(`>${title}`);
    const row = this.page.locator(QUICK_ROWS).filter({ has: this.page.locator('.label-name', { hasText: title }) });
    const exact = await poll(`the command "${title}" in the palette`, timeoutMs, async () => {
      for (const candidate of await row.all()) {
        if ((await candidate.locator('.label-name').textContent())?.trim() === title) return candidate;
      }
      return undefined;
    }, async () => `The palette offered: ${JSON.stringify(await this.quickInputRows())}.`);
    await exact.click();
  }

  /**
   * Picks an item in an open quick pick (a command's own choices) by its label, waiting for it to appear.
   */
  async pickQuickItem(label: string | RegExp, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
    const row = this.page.locator(QUICK_ROWS).filter({ hasText: label }).first();
    await poll(`the quick pick item ${String(label)}`, timeoutMs, async () => ((await row.count()) > 0 ? true : undefined),
      async () => `The quick pick showed: ${JSON.stringify(await this.quickInputRows())}.`);
    await row.click();
  }

  /** Types into an open input box (a command's question) and confirms with Enter. */
  async answerInput(text: string): Promise<void> {
    const box = this.page.locator(QUICK_INPUT_BOX);
    await box.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await box.fill(text);
    await this.page.keyboard.press('Enter');
  }

  /** Opens a workspace file by its path relative to the workspace, through quick open, and waits for its tab. */
  async openFile(relativePath: string, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
    const base = relativePath.split('/').pop() ?? relativePath;
    const folder = relativePath.includes('/') ? relativePath.slice(0, relativePath.lastIndexOf('/')) : '';
    await this.openQuickInput(relativePath);
    // Quick open indexes the folder on first use, which takes a few seconds on a busy machine.
    const row = await poll(`"${relativePath}" in quick open`, timeoutMs, async () => {
      for (const candidate of await this.page.locator(QUICK_ROWS).all()) {
        const label = (await candidate.getAttribute('aria-label')) ?? '';
        if (label.startsWith(`${base} `) && label.includes(folder)) return candidate;
      }
      return undefined;
    }, async () => `Quick open showed: ${JSON.stringify(await this.quickInputRows())}.`);
    await row.click();
    await this.editorTab(base).waitFor({ timeout: timeoutMs });
  }

  /** The editor tab whose label starts with `title`. */
  editorTab(title: string): Locator {
    return this.page.locator(`.tabs-container .tab[aria-label^="${title.replace(/"/g, '\\"')}"]`).first();
  }

  /** Waits for visible text anywhere in the workbench (or inside `within`) and returns its locator. */
  async waitForText(text: string | RegExp, options: { within?: Locator; timeoutMs?: number } = {}): Promise<Locator> {
    const scope = options.within ?? this.page.locator('body');
    const found = scope.getByText(text).first();
    await found.waitFor({ state: 'visible', timeout: options.timeoutMs ?? STEP_TIMEOUT_MS });
    return found;
  }

  /** The status bar item whose text matches. */
  statusBarItem(text: string | RegExp): Locator {
    return this.page.locator('.part.statusbar .statusbar-item').filter({ hasText: text }).first();
  }

  /** Texts of all status bar items, left to right. */
  async statusBarTexts(): Promise<string[]> {
    const texts = await this.page.locator('.part.statusbar .statusbar-item').allInnerTexts();
    return texts.map((text) => text.trim()).filter((text) => text.length > 0);
  }

  /** A view (a pane in the side bar or panel) by its title, e.g. `Agents`. */
  view(title: string): Locator {
    return this.page.locator('.pane').filter({ has: this.page.locator('.pane-header .title', { hasText: title }) }).first();
  }

  /** A row of a tree view by its visible text. Trees draw only the rows in view; scroll or expand first. */
  treeItem(viewTitle: string, label: string | RegExp): Locator {
    return this.view(viewTitle).locator('.monaco-list-row').filter({ hasText: label }).first();
  }

  /** The accessible labels of the rows a tree view draws now. */
  async treeItemLabels(viewTitle: string): Promise<string[]> {
    return this.view(viewTitle).locator('.monaco-list-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''));
  }

  /** A notification toast (or notification-center entry) whose message matches; see also waitForNotification. */
  notification(text: string | RegExp): Locator {
    return this.page.locator('.notification-list-item').filter({ has: this.page.locator('.notification-list-item-message', { hasText: text }) }).first();
  }

  /** Messages of the notifications shown now (toasts and the open notification center). */
  async notificationTexts(): Promise<string[]> {
    return this.page.locator('.notification-list-item .notification-list-item-message').allInnerTexts();
  }

  /**
   * Waits for a notification whose message matches and returns it. Toasts without buttons hide after a few
   * seconds, so when no toast matches, the notification center (which keeps every notification) is opened.
   */
  async waitForNotification(text: string | RegExp, timeoutMs = STEP_TIMEOUT_MS): Promise<Locator> {
    const center = this.page.locator('.notifications-center.visible');
    let centerOpenedAt = 0;
    return poll(`a notification matching ${String(text)}`, timeoutMs, async () => {
      const item = this.page.locator('.notification-list-item:visible').filter({ has: this.page.locator('.notification-list-item-message', { hasText: text }) }).first();
      if ((await item.count()) > 0) return item;
      if ((await center.count()) === 0 && Date.now() - centerOpenedAt > 5_000) {
        centerOpenedAt = Date.now();
        await this.runCommand('Notifications: Show Notifications', 10_000).catch(() => undefined);
      }
      return undefined;
    }, async () => `Notifications seen: ${JSON.stringify(await this.notificationTexts())}.`);
  }

  /** Waits for a notification whose message matches (toast or center), then clicks its button labelled `button`. */
  async clickNotificationButton(text: string | RegExp, button: string, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
    const item = await this.waitForNotification(text, timeoutMs);
    await item.locator('.notification-list-item-buttons-container .monaco-button').filter({ hasText: button }).first().click();
  }

  /**
   * The webview frame (webviews live in nested iframes whose URL contains `webview`) that holds `selector`,
   * waiting until one does.
   */
  async webviewFrame(selector: string, timeoutMs = STEP_TIMEOUT_MS): Promise<Frame> {
    return poll(`a webview frame holding "${selector}"`, timeoutMs, async () => {
      for (const frame of this.page.frames()) {
        if (!frame.url().includes('webview') || frame.isDetached()) continue;
        if ((await frame.locator(selector).count().catch(() => 0)) > 0) return frame;
      }
      return undefined;
    }, async () => `Webview frames: ${JSON.stringify(this.page.frames().map((frame) => frame.url()).filter((url) => url.includes('webview')))}.`);
  }

  /** The text the panel's output view draws now (only the lines in view; Monaco's no-break spaces made plain). */
  async outputText(): Promise<string> {
    return monacoText(this.page.locator('.part.panel .monaco-editor .view-lines').first());
  }

  /** Waits until the panel's output view shows text matching `pattern` and returns that text. */
  async waitForOutput(pattern: RegExp, timeoutMs = STEP_TIMEOUT_MS): Promise<string> {
    return poll(`output matching ${String(pattern)}`, timeoutMs, async () => {
      const text = await this.outputText().catch(() => '');
      return pattern.test(text) ? text : undefined;
    }, async () => `The output view shows: ${JSON.stringify(await this.outputText().catch(() => '(no output view)'))}.`);
  }

  /**
   * Waits until `text` shows anywhere a person could read it: the workbench (Monaco's no-break spaces made
   * plain), or the body of any webview frame. Returns where it was found: `workbench` or the frame's URL.
   */
  async waitForTextAnywhere(text: string, timeoutMs = STEP_TIMEOUT_MS): Promise<string> {
    const plain = (value: string) => value.replace(/\u00a0/g, ' ');
    return poll(`"${text}" in the workbench or a webview`, timeoutMs, async () => {
      if (plain(await this.page.locator('body').innerText().catch(() => '')).includes(text)) return 'workbench';
      for (const frame of this.page.frames()) {
        if (!frame.url().includes('webview') || frame.isDetached()) continue;
        if (plain(await frame.locator('body').innerText({ timeout: 1_000 }).catch(() => '')).includes(text)) return frame.url();
      }
      return undefined;
    });
  }

  /** The text the active editor draws now (only the lines in view). */
  async activeEditorText(): Promise<string> {
    return monacoText(this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first());
  }
}

/** Text of a Monaco editor's rendered lines, one per line, with the no-break spaces Monaco draws made plain. */
async function monacoText(lines: Locator): Promise<string> {
  const rows = await lines.locator('.view-line').evaluateAll((elements) =>
    elements
      .map((element) => ({ top: Number.parseFloat((element as HTMLElement).style.top || '0'), text: element.textContent ?? '' }))
      .sort((a, b) => a.top - b.top)
      .map((row) => row.text),
  );
  return rows.join('\n').replace(/\u00a0/g, ' ');
}
