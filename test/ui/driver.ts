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
  runCommand(title: string, options?: { timeoutMs?: number }): Promise<void>;
  webviewFrame(index?: number): FrameLocator;
  notification(text: string | RegExp): Locator;
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
    const url = workbenchUrl(server, options.loadExtension === false ? {} : { extensionDevelopmentPath: repoRoot });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    await waitForWorkbench(page);
    const opened = browser;
    return {
      page,
      server,
      browser: opened,
      pageErrors,
      runCommand: (title, commandOptions) => runCommand(page, title, commandOptions),
      webviewFrame: (index = 0) => webviewFrame(page, index),
      notification: (text) => page.locator('.notifications-toasts .notification-toast', { hasText: text }),
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
