// Playwright helpers for UI tests in the real workbench: code-server + headless Chromium with the
// extension loaded from source through the payload URL (no extensionTestsPath, so nothing auto-exits).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { launchChromium, startCodeServer, workbenchUrl } from '../../scripts/vscode/codeServer.mjs';
import type { Chromium, CodeServer, StartCodeServerOptions } from '../../scripts/vscode/codeServer.mjs';
import { repoRoot, testResultsDir } from '../../scripts/vscode/paths.mjs';

export const screenshotDir = path.join(testResultsDir, 'screenshots');

export interface Workbench {
  page: Page;
  server: CodeServer;
  browser: Chromium;
  /** Problems the page reported (uncaught errors); tests may assert on them. */
  pageErrors: string[];
  /** Console errors and warnings from the page and its frames (webviews included), for diagnostics. */
  consoleProblems: string[];
  runCommand(title: string, options?: { timeoutMs?: number }): Promise<void>;
  webviewFrame(index?: number): FrameLocator;
  notification(text: string | RegExp): Locator;
  /** A toast with `text`, or its entry in the notification center once the toast is gone. */
  waitForNotification(text: string | RegExp, options?: { timeoutMs?: number }): Promise<Locator>;
  answerFileDialog(filePath: string): Promise<void>;
  screenshot(name: string): Promise<string>;
  stop(): Promise<void>;
}

export interface OpenWorkbenchOptions extends Pick<StartCodeServerOptions, 'userSettings' | 'env' | 'workspace'> {
  label?: string;
  /** Load the extension under development (default true). */
  loadExtension?: boolean;
}

/** Starts a fresh server and browser, opens the workbench with the extension loaded, waits until ready. */
export async function openWorkbench(options: OpenWorkbenchOptions = {}): Promise<Workbench> {
  const server = await startCodeServer({
    label: options.label ?? 'ui',
    userSettings: options.userSettings,
    env: options.env,
    workspace: options.workspace,
  });
  let browser: Chromium | undefined;
  try {
    browser = await launchChromium({ home: server.home });
    const { page } = browser;
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const consoleProblems = recordConsoleProblems(page);
    const url = workbenchUrl(server, options.loadExtension === false ? {} : { extensionDevelopmentPath: repoRoot });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    await waitForWorkbench(page);
    const opened = browser;
    return {
      page,
      server,
      browser: opened,
      pageErrors,
      consoleProblems,
      runCommand: (title, commandOptions) => runCommand(page, title, commandOptions),
      webviewFrame: (index = 0) => webviewFrame(page, index),
      notification: (text) => page.locator('.notifications-toasts .notification-toast', { hasText: text }),
      waitForNotification: (text, waitOptions) => waitForNotification(page, text, waitOptions),
      answerFileDialog: (filePath) => answerFileDialog(page, filePath),
      screenshot: (name) => screenshot(page, name),
      async stop() {
        await opened.stop();
        await server.stop();
      },
    };
  } catch (error) {
    await browser?.stop();
    await server.stop();
    throw error;
  }
}

export async function waitForWorkbench(page: Page, timeoutMs = 120_000): Promise<void> {
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: timeoutMs });
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: timeoutMs });
}

/**
 * Runs a command by its palette title. A palette opened while contributions are still registering (after
 * start or a window reload) can show "No matching commands" or a stale list; each attempt is short, then
 * the palette is closed and opened again until `timeoutMs` has passed.
 */
export async function runCommand(page: Page, title: string, { timeoutMs = 45_000 } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('.quick-input-box input');
  const match = widget.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first();
  const noMatch = widget.getByText('No matching commands');
  for (let attempt = 1; ; attempt += 1) {
    const attemptMs = Math.max(1_000, Math.min(8_000, deadline - Date.now()));
    await page.keyboard.press('F1');
    const opened = await input.waitFor({ state: 'visible', timeout: attemptMs }).then(() => true, () => false);
    if (opened) {
      await input.fill(`>${title}`);
      const found = await Promise.race([
        match.waitFor({ state: 'visible', timeout: attemptMs }).then(() => true),
        noMatch.waitFor({ state: 'visible', timeout: attemptMs }).then(() => false),
      ]).catch(() => false);
      if (found) {
        await match.click();
        await widget.waitFor({ state: 'hidden', timeout: 10_000 });
        return;
      }
      await page.keyboard.press('Escape');
    }
    if (Date.now() >= deadline) {
      throw new Error(`command "${title}" not found in the palette after ${attempt} attempt(s) in ${timeoutMs / 1000} s`);
    }
    await page.waitForTimeout(500);
  }
}

/** Webview content is two iframes deep: the host iframe, then its `#active-frame`. */
export function webviewFrame(page: Page, index = 0): FrameLocator {
  return page.frameLocator('iframe.webview.ready').nth(index).frameLocator('#active-frame');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name.replace(/[^a-zA-Z0-9_.-]+/g, '-')}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Text of the visible Output view channel picker and content, for asserting a log channel opened. */
export function outputView(page: Page): Locator {
  return page.locator('.part.panel .output-view, .part.panel [id="workbench.panel.output"]').first();
}

/** Keeps the page's console errors and warnings (all frames) so a failing test can print them. */
export function recordConsoleProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    const text = `${message.type()}: ${message.text().slice(0, 300)}`;
    if (/vsda/.test(text)) return; // two 404s for the closed-source vsda module are normal in OSS builds
    problems.push(text);
    if (problems.length > 200) problems.shift();
  });
  return problems;
}

/** One line per frame (name and URL without query), for "the webview did not appear" diagnostics. */
export function describeFrames(page: Page): string {
  return page.frames()
    .map((frame) => `${frame.parentFrame() ? '  ' : ''}${frame.name() || '-'} ${frame.url().split('?')[0]}`)
    .join('\n');
}

async function pollUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition().catch(() => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return false;
}

/**
 * Answers the remote workbench's open/save dialog (a quick input that takes a path). The dialog fills in
 * its starting folder asynchronously and may rewrite the value while it lists that folder, so the path
 * is typed only after that, re-typed until it sticks, and Enter is pressed again if the dialog stays open.
 */
export async function answerFileDialog(page: Page, filePath: string, { timeoutMs = 30_000 } = {}): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('.quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  await pollUntil(async () => (await input.inputValue()).length > 0, 10_000);
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    await pollUntil(async () => {
      if ((await input.inputValue()) !== filePath) await input.fill(filePath);
      await page.waitForTimeout(300); // let a pending rewrite by the dialog land before checking
      return (await input.inputValue()) === filePath;
    }, 10_000);
    await input.press('Enter');
    if (await widget.waitFor({ state: 'hidden', timeout: 5_000 }).then(() => true, () => false)) return;
  }
  throw new Error(`the file dialog did not accept ${filePath} (its input shows "${await input.inputValue().catch(() => '?')}")`);
}

/**
 * Waits for a notification with `text`: a toast, or (toasts hide themselves after a while, and a second
 * toast can push the first away) the same entry in the notification center.
 */
export async function waitForNotification(page: Page, text: string | RegExp, { timeoutMs = 30_000 } = {}): Promise<Locator> {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: text });
  const centerItem = page.locator('.notifications-center .notification-list-item', { hasText: text });
  const deadline = Date.now() + timeoutMs;
  if (await toast.first().waitFor({ state: 'visible', timeout: Math.max(1_000, timeoutMs - 5_000) }).then(() => true, () => false)) return toast.first();
  await runCommand(page, 'Notifications: Show Notifications', { timeoutMs: 15_000 });
  await centerItem.first().waitFor({ state: 'visible', timeout: Math.max(2_000, deadline - Date.now()) });
  return centerItem.first();
}

/**
 * Brings back webview views that stayed blank. In VS Code for the Web every webview shares one origin and
 * so one service-worker scope; webviews that register at the same moment can leave one waiting for a
 * controller change that never comes (its host frame never creates the content frame). Hiding the side
 * bar releases the views' webviews (none retains its context when hidden) and showing it again creates
 * them in new frames, as a user would do by toggling the side bar.
 */
export async function reopenSideBarWebviews(page: Page): Promise<void> {
  const sideBar = page.locator('.part.sidebar');
  await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
  await sideBar.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
  await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
  await sideBar.waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
}
