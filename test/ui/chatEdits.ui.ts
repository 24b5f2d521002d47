// Edits from the chat and the code actions in the real workbench: Apply on a code block and
// "Add Documentation" both open a diff preview, and only Accept changes the file.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { OpenAiFixture } from '../fixtures/openaiServer';
import type { Workbench } from './driver';
import { openChat, openFixtureWorkbench, sendPrompt, turnFor, type FixtureWorkbench } from './chatHelpers';

/** Text of the visible (non-diff) editor, with Monaco's non-breaking spaces normalised. */
async function editorText(page: Page): Promise<string> {
  const lines = page.locator('.editor-group-container .monaco-editor:not(.original-in-monaco-diff-editor) .view-lines').first();
  return (await lines.innerText()).replace(/\u00a0/g, ' ');
}

async function acceptProposal(workbench: Workbench, screenshot: string): Promise<void> {
  await workbench.page.locator('.monaco-diff-editor').first().waitFor({ timeout: 30_000 });
  const toast = await workbench.waitForNotification('review the proposed change');
  await workbench.screenshot(screenshot);
  await toast.locator('.monaco-button', { hasText: 'Accept' }).click();
  await workbench.page.locator('.monaco-diff-editor').first().waitFor({ state: 'detached', timeout: 15_000 });
}

describe('chat edits through the diff preview', () => {
  let env: FixtureWorkbench | undefined;
  let fixture: OpenAiFixture;
  let workbench: Workbench;
  let workspace: string;

  before(async () => {
    env = await openFixtureWorkbench('ui-edits', { prepare: (folder) => fs.writeFileSync(path.join(folder, 'sample.js'), 'const x = 1;\nconsole.log(x);\n') });
    ({ fixture, workbench, workspace } = env);
    await workbench.page.keyboard.press('Control+P');
    await workbench.page.locator('.quick-input-widget .quick-input-box input').fill('sample.js');
    await workbench.page.locator('.quick-input-list .monaco-list-row', { hasText: 'sample.js' }).first().click();
    await workbench.page.locator('.tab', { hasText: 'sample.js' }).waitFor({ timeout: 20_000 });
  });

  after(() => env?.close());

  it('applies a code block from the chat only after Accept in the diff', async () => {
    const frame = await openChat(workbench);
    fixture.enqueue({ kind: 'stream', tokens: ['Use this:\n\n', '```js\n', 'const x = 2;\n', 'console.log(x * 2);\n', '```\n'] });
    await sendPrompt(frame, 'Double the value');
    const answer = turnFor(frame, 'Double the value');
    // The first turn of a workbench also starts the router worker and loads the model.
    await answer.and(frame.locator('[data-status="ok"]')).waitFor({ timeout: 60_000 });
    await answer.locator('[data-action="apply-code"]').click();
    await workbench.page.locator('.monaco-diff-editor').first().waitFor({ timeout: 30_000 });
    assert.equal(fs.readFileSync(path.join(workspace, 'sample.js'), 'utf8'), 'const x = 1;\nconsole.log(x);\n');
    await acceptProposal(workbench, 'chat-apply-diff');
    assert.match(await editorText(workbench.page), /console\.log\(x \* 2\);/);
    await workbench.screenshot('chat-apply-accepted');
  });

  it('runs "Add Documentation" on a selection through the same preview', async () => {
    fixture.enqueue({ kind: 'stream', tokens: ['```js\n', '/** The doubled value. */\n', 'const x = 2;\n', 'console.log(x * 2);\n', '```'] });
    await workbench.page.locator('.editor-group-container .monaco-editor .view-lines').first().click();
    await workbench.page.keyboard.press('Control+A');
    await workbench.runCommand('CoE: Add Documentation to Selection');
    await acceptProposal(workbench, 'code-action-document-diff');
    assert.match(await editorText(workbench.page), /\/\*\* The doubled value\. \*\//);
    await workbench.screenshot('code-action-document-accepted');
  });

  it('attaches the editor selection as a chip with a token estimate', async () => {
    await workbench.page.locator('.editor-group-container .monaco-editor .view-lines').first().click();
    await workbench.page.keyboard.press('Control+A');
    const frame = await openChat(workbench);
    await frame.locator('[data-action="attach-selection"]').click();
    const chip = frame.locator('.chips.attachments vscode-tag').first();
    await chip.waitFor({ timeout: 15_000 });
    assert.match((await chip.textContent()) ?? '', /sample\.js:1-\d+ · ~\d+ tok/);
    await workbench.screenshot('chat-attachment-chip');
    await chip.click();
    await chip.waitFor({ state: 'detached', timeout: 10_000 });
  });
});
