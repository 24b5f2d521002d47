// The calibration panel in the real workbench: "CoE: Calibrate Experts" through its pickers and cost
// confirmation against loopback stand-ins for the paper's five experts, then the heat map, the
// frontier, a picked point's preview and Apply with its diff confirmation.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame } from 'playwright-core';
import { paperExperts } from '../../src/common/config/presets';
import { startCalibrationExperts, type CalibrationExpertsFixture } from '../fixtures/calibrationExperts';
import { paperDemoHandler } from '../fixtures/calibrationDemoServer';
import { openWorkbench, type Workbench } from './driver';

async function calibrationFrame(workbench: Workbench, timeoutMs = 90_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of workbench.page.frames()) {
      if (await frame.$('.heat-map').catch(() => null)) return frame;
    }
    await workbench.page.waitForTimeout(300);
  }
  throw new Error('the calibration panel did not show a score matrix');
}

describe('calibration panel', () => {
  let fixture: CalibrationExpertsFixture;
  let workbench: Workbench;
  let workspace: string;

  before(async () => {
    fixture = await startCalibrationExperts(paperDemoHandler);
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'coe-ui-calibration-'));
    workbench = await openWorkbench({
      label: 'ui-calibration',
      workspace,
      userSettings: {
        // Three of the five keep the run short on a loaded machine; the table is the preset's.
        'coe.experts': paperExperts(fixture.baseUrl).filter((e) => ['qwen2-7b', 'gemma-2-27b', 'qwen2-72b'].includes(e.id)),
        'coe.categoryTable': { code: ['qwen2-72b', 'qwen2-7b'], math: ['qwen2-72b', 'qwen2-7b'], general: ['gemma-2-27b'] },
        'coe.generalist': 'gemma-2-27b',
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
      },
    });
  });

  after(async () => {
    await workbench?.stop();
    await fixture?.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('calibrates through the pickers, shows the matrix and frontier, and applies a point after confirmation', async () => {
    const { page } = workbench;
    await workbench.runCommand('CoE: Calibrate Experts', { timeoutMs: 60_000 });
    const quickInput = page.locator('.quick-input-widget');
    for (const title of ['experts to calibrate', 'judge', 'grading mode', 'prompts']) {
      await quickInput.locator('.quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: 30_000 });
      await page.keyboard.press('Enter');
    }
    const run = page.locator('.monaco-dialog-box').getByRole('button', { name: /Run \d+ calls/ });
    await run.waitFor({ state: 'visible', timeout: 90_000 }).catch(async (error: unknown) => {
      await workbench.screenshot('calibration-no-estimate');
      throw error;
    });
    assert.match(await page.locator('.monaco-dialog-box').innerText(), /54 prompts in 13 categories × 3 experts: 324 calls/);
    await workbench.screenshot('calibration-estimate');
    await run.click();

    const frame = await calibrationFrame(workbench);
    const rows = await frame.locator('.heat-map tbody tr').count();
    assert.equal(rows, 13);
    assert.match(await frame.locator('.heat-map tbody tr', { hasText: 'coding' }).innerText(), /8\.8/);
    assert.ok((await frame.locator('circle.point').count()) > 1, 'the frontier has several points');
    assert.equal(await frame.locator('path.current').count(), 1, 'the configured table is on the chart');
    await workbench.screenshot('calibration-matrix-frontier');
    // The shipped router classified the calibration prompts: the fallback-threshold sweep is drawn.
    assert.equal(await frame.locator('svg.sweep').count(), 2);
    await frame.locator('svg.sweep').first().scrollIntoViewIfNeeded();
    await workbench.screenshot('calibration-threshold-sweep');

    await frame.locator('circle.point').first().click();
    await frame.locator('table.preview').waitFor({ timeout: 10_000 });
    assert.ok((await frame.locator('table.preview tr.changed').count()) > 0, 'the cheapest point changes some rows');
    await workbench.screenshot('calibration-preview');
    await frame.locator('[data-action="apply"]').click();
    const confirm = page.locator('.monaco-dialog-box');
    await confirm.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await confirm.innerText(), /coding: qwen2-72b, qwen2-7b → /);
    await workbench.screenshot('calibration-apply-diff');
    await confirm.getByRole('button', { name: 'Apply', exact: true }).click();
    await frame.locator('.notice.info', { hasText: 'Applied' }).waitFor({ timeout: 15_000 });
    assert.deepEqual(workbench.pageErrors, []);
  });
});
