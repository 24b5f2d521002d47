// Helpers for the inspector views' UI tests (the generic workbench driver lives in driver.ts).
import type { Frame, Page } from 'playwright-core';
import { reopenSideBarWebviews } from './driver';

/** The inner document of the inspector webview whose body says it is `view` (set from the host's init). */
export async function inspectorFrame(page: Page, view: 'inspector' | 'params' | 'memory', timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      // A frame in the middle of loading can keep a query waiting; never let one frame stall the search.
      const query = frame.$(`body[data-view="${view}"]`).catch(() => null);
      const found = await Promise.race([query, new Promise<null>((resolve) => setTimeout(() => resolve(null), 3000))]);
      if (found) return frame;
    }
    await page.waitForTimeout(500);
  }
  const seen = await Promise.all(page.frames().map(async (f) => {
    const body = await Promise.race([f.$eval('body', (b) => `${b.dataset.view ?? '-'}:${b.innerText.length}`).catch(() => '?'), new Promise<string>((r) => setTimeout(() => r('timeout'), 1000))]);
    return `${f.name() || '(main)'}=${body}`;
  }));
  throw new Error(`the ${view} webview did not appear (frames: ${seen.join(', ')})`);
}

/** Collapses the chat view so the inspector views get the side bar's height in screenshots. */
export async function collapseView(page: Page, title: string): Promise<void> {
  const header = page.locator('.pane-header', { hasText: title }).first();
  if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
}

/** Opens the "CoE" activity-bar container as a user would (its icon), waiting for the icon to appear. */
export async function openCoeContainer(page: Page, timeoutMs = 60_000): Promise<void> {
  const icon = page.locator('.part.activitybar .action-item a[aria-label^="CoE"]').first();
  await icon.waitFor({ state: 'visible', timeout: timeoutMs });
  const selected = await page.locator('.part.activitybar .action-item.checked a[aria-label^="CoE"]').count();
  if (selected === 0) await icon.click();
}

export async function expandView(page: Page, title: string): Promise<void> {
  const header = page.locator('.pane-header', { hasText: title }).first();
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
}

/** Drags the side bar's edge so the views get room for their charts (as a user would). */
export async function widenSideBar(page: Page, width: number): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box || box.width >= width) return;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 8 });
  await page.mouse.up();
}

/**
 * On a loaded machine a webview view sometimes stays blank (see reopenSideBarWebviews in driver.ts);
 * `attempt` runs again after the side bar's webviews are recreated and `prepare` has re-opened what the
 * attempt needs (the container, an expanded view).
 */
export async function withWebviewRetry<T>(page: Page, attempt: () => Promise<T>, { tries = 3, prepare }: { tries?: number; prepare?: () => Promise<void> } = {}): Promise<T> {
  for (let i = 1; ; i += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (i >= tries) throw error;
      await page.keyboard.press('Escape');
      await reopenSideBarWebviews(page);
      await prepare?.();
    }
  }
}
