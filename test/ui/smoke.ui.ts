// Smoke UI test: the real workbench loads with the extension, and a contributed command runs from the palette.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openWorkbench, type Workbench } from './driver';

describe('workbench smoke', () => {
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench({ label: 'ui-smoke' });
  });

  after(async () => {
    await workbench?.stop();
  });

  it('loads the workbench', async () => {
    const file = await workbench.screenshot('smoke-workbench');
    assert.ok(file.endsWith('.png'));
    assert.deepEqual(workbench.pageErrors, []);
  });

  it('runs "CoE: Show Log" from the palette and shows the CoE output channel', async () => {
    await workbench.runCommand('CoE: Show Log');
    // The Output view's channel picker is a <select> in the panel title; the channel shown must be ours.
    await workbench.page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll<HTMLSelectElement>('.part.panel select')).some(
          (select) => select.selectedOptions[0]?.text === 'CoE',
        ),
      undefined,
      { timeout: 20_000 },
    );
    await workbench.screenshot('smoke-show-log');
  });
});
