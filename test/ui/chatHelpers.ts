// Helpers for the chat panel's UI tests (the generic workbench driver lives in driver.ts).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { startOpenAiFixture, type OpenAiFixture } from '../fixtures/openaiServer';
import { describeFrames, openWorkbench, reopenSideBarWebviews, type Workbench } from './driver';

/** Experts that all point at one loopback fixture; "general" is the generalist. */
export function fixtureSettings(baseUrl: string): Record<string, unknown> {
  const expert = (id: string, displayName: string) => ({
    id, displayName, kind: 'openai', baseUrl, model: 'fixture-model', totalParams: 7e9, contextLength: 8192,
  });
  return {
    'coe.experts': [expert('code', 'Fixture Coder'), expert('math', 'Fixture Math'), expert('general', 'Fixture Generalist')],
    'coe.categoryTable': { code: ['code'], math: ['math'], general: ['general'] },
    'coe.generalist': 'general',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
  };
}

export interface FixtureWorkbench {
  fixture: OpenAiFixture;
  workbench: Workbench;
  /** A throwaway folder the workbench has open. */
  workspace: string;
  /** Stops the workbench and the fixture and removes the folder. */
  close(): Promise<void>;
}

/**
 * The loopback OpenAI fixture, a throwaway workspace (`prepare` fills it before the workbench opens) and a
 * workbench whose experts all point at the fixture (`settings` adds to or overrides fixtureSettings). A
 * failure on the way cleans up what was started.
 */
export async function openFixtureWorkbench(
  label: string,
  options: { fixture?: Parameters<typeof startOpenAiFixture>[0]; settings?: Record<string, unknown>; prepare?: (workspace: string) => void } = {},
): Promise<FixtureWorkbench> {
  const fixture = await startOpenAiFixture(options.fixture);
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), `coe-${label}-`));
  const removeWorkspace = () => fs.rmSync(workspace, { recursive: true, force: true });
  try {
    options.prepare?.(workspace);
    const workbench = await openWorkbench({ label, workspace, userSettings: { ...fixtureSettings(fixture.baseUrl), ...options.settings } });
    return {
      fixture,
      workbench,
      workspace,
      async close() {
        await workbench.stop();
        await fixture.close();
        removeWorkspace();
      },
    };
  } catch (error) {
    await fixture.close();
    removeWorkspace();
    throw error;
  }
}

/** The chat webview's inner document (the panel is a webview two iframes deep). */
export async function chatFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (frame.name() === 'active-frame' || frame.url().includes('fake.html') || frame.parentFrame()) {
        // A frame in the middle of loading can keep a query waiting; never let one frame stall the search.
        const query = frame.$('.input-bar').catch(() => null);
        const found = await Promise.race([query, new Promise<null>((resolve) => setTimeout(() => resolve(null), 2_000))]);
        if (found) return frame;
      }
    }
    await page.waitForTimeout(200);
  }
  throw new Error('the chat panel webview did not appear');
}

/**
 * Opens the chat panel with its keybinding (Ctrl+Alt+I), falling back to the palette command; both
 * reveal the view and never toggle it closed (clicking the activity-bar icon would). A webview that
 * stays blank (see reopenSideBarWebviews) is recreated up to twice; the failure names the frames and
 * console errors seen.
 */
export async function openChatIn(page: Page, runCommand: (title: string) => Promise<void>, screenshot: (name: string) => Promise<string>, consoleProblems: string[] = []): Promise<Frame> {
  // The extension's contributions register a few seconds after the workbench shows.
  await page.locator('.part.activitybar .action-item a[aria-label^="CoE"]').first().waitFor({ state: 'visible', timeout: 45_000 }).catch(() => undefined);
  const appears = (timeoutMs: number) => chatFrame(page, timeoutMs).then(() => true, () => false);
  for (let attempt = 1; attempt <= 3 && !(await appears(500)); attempt += 1) {
    if (attempt === 1) {
      await page.keyboard.press('Control+Alt+KeyI');
      if (await appears(10_000)) break;
    }
    await runCommand('CoE: Open Chat');
    if (await appears(25_000)) break;
    await screenshot(`chat-blank-webview-${attempt}`);
    if (attempt < 3) await reopenSideBarWebviews(page);
  }
  const frame = await chatFrame(page, 5_000).catch(async (error: Error) => {
    await screenshot('chat-open-failed');
    throw new Error(`${error.message}\nframes:\n${describeFrames(page)}\nconsole:\n${consoleProblems.slice(-30).join('\n') || '(none)'}`);
  });
  // Toolkit components upgrade asynchronously; the prompt box is usable once its inner textarea exists.
  await frame.locator('vscode-text-area textarea').waitFor({ state: 'visible', timeout: 20_000 });
  return frame;
}

export function openChat(workbench: Workbench): Promise<Frame> {
  return openChatIn(workbench.page, (title) => workbench.runCommand(title), (name) => workbench.screenshot(name), workbench.consoleProblems);
}

export async function sendPrompt(frame: Frame, text: string): Promise<void> {
  const box = frame.locator('vscode-text-area textarea');
  await box.fill(text);
  await box.press('Enter');
}

/** The turn whose prompt contains `prompt` (tests send distinct prompts). */
export function turnFor(frame: Frame, prompt: string) {
  return frame.locator('section.turn').filter({ has: frame.locator('.prompt', { hasText: prompt }) });
}

/** Chooses an option of a toolkit dropdown (open it, click the option). */
export async function chooseFromDropdown(frame: Frame, dropdownSelector: string, optionText: string): Promise<void> {
  const dropdown = frame.locator(dropdownSelector);
  await dropdown.click();
  await dropdown.locator('vscode-option', { hasText: optionText }).click();
}
