// The routing inspector, active-parameter dashboard and memory-residency view in the real workbench:
// decisions made in the chat panel (against the loopback OpenAI fixture) show up, explain themselves,
// take a correction, are exported, priced, and replayed on SN40L vs DGX.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTinyRouterBundle, type TinyRouterBundle } from '../helpers/tinyRouterBundle';
import type { Workbench } from './driver';
import { openChat, openFixtureWorkbench, sendPrompt, type FixtureWorkbench } from './chatHelpers';
import { collapseView, expandView, inspectorFrame, openCoeContainer, widenSideBar, withWebviewRetry } from './inspectorHelpers';

const words = (text: string) => text.split(/(?<= )/);

describe('inspector views', () => {
  let env: FixtureWorkbench | undefined;
  let workbench: Workbench;
  let workspace: string;
  let router: TinyRouterBundle;

  before(async () => {
    // A real (tiny, keyword-driven) router model, so decisions carry probabilities and token attributions.
    router = await createTinyRouterBundle();
    env = await openFixtureWorkbench('ui-inspector', {
      fixture: { fallback: { kind: 'stream', tokens: words('An answer from the fixture.') } },
      settings: { 'coe.routerModelPath': router.dir, 'coe.categoryTable': { code: ['code'], math: ['math'], general: ['general'] } },
    });
    ({ workbench, workspace } = env);
    try {
      // Opening the container activates the extension; once the inspector has rendered, every command is registered.
      await openCoeContainer(workbench.page);
      await workbench.page.locator('.pane-header', { hasText: 'Routing Inspector' }).waitFor({ timeout: 60_000 });
      // Collapsed by default (only the chat loads when the container opens).
      const showInspector = () => expandView(workbench.page, 'Routing Inspector');
      await showInspector();
      await withWebviewRetry(workbench.page, () => inspectorFrame(workbench.page, 'inspector', 25_000), { prepare: showInspector });
      await widenSideBar(workbench.page, 620);
      await sendPrompts(workbench);
    } catch (error) {
      await workbench.screenshot('inspector-setup-failure');
      throw error;
    }
  });

  async function sendPrompts(workbench: Workbench): Promise<void> {
    const chat = await openChat(workbench);
    const prompts = ['Write a Python function that reverses a linked list', 'Solve the integral of x^2 from 0 to 3', 'What is a good name for a cat?'];
    for (const [i, prompt] of prompts.entries()) {
      await sendPrompt(chat, prompt);
      await chat.locator('section.turn[data-status="ok"]').nth(i).waitFor({ timeout: 30_000 });
    }
  }

  after(async () => {
    await env?.close();
    await router?.cleanup();
  });

  it('lists every chat decision and explains the selected one', async () => {
    await workbench.runCommand('CoE: Show Routing Inspector');
    for (const other of ['Chat', 'Active Parameters', 'Memory Residency']) await collapseView(workbench.page, other);
    const frame = await inspectorFrame(workbench.page, 'inspector');
    await frame.locator('.decision').nth(2).waitFor({ timeout: 20_000 });
    assert.equal(await frame.locator('.decision').count(), 3);
    assert.match(await frame.locator('.list-summary').innerText(), /3 of 3 decision/);
    assert.match(await frame.locator('.decision').first().locator('.excerpt').innerText(), /name for a cat/);
    await frame.locator('.decision').nth(1).click();
    await frame.locator('.detail-body').waitFor({ timeout: 10_000 });
    assert.ok((await frame.locator('.prob').count()) >= 2, 'one probability bar per category');
    // The gauges show what the fallback tests (the router's expert's mass, entropy over experts) against the
    // thresholds recorded with the decision; the top category's probability is the secondary line.
    assert.match(await frame.locator('.gauge[data-gauge="confidence"]').innerText(), /Confidence in \S+ \d\.\d\d[\s\S]*≥ [\d.]+ needed/);
    assert.match(await frame.locator('.gauge[data-gauge="entropy"]').innerText(), /Entropy over experts \d\.\d\d/);
    assert.match(await frame.locator('.certainty-detail').innerText(), /^Top category \S+ \d\.\d\d · entropy over categories \d\.\d\d$/);
    assert.doesNotMatch(await frame.locator('.gauges').innerText(), /current setting/, 'new decisions carry their thresholds');
    assert.ok((await frame.locator('.prompt-text .tok').count()) > 0, 'attributed tokens are highlighted');
    assert.match(await frame.locator('.prompt-text').innerText(), /integral of x\^2/);
    await workbench.screenshot('inspector-detail');
  });

  it('filters by expert and stores a correction', async () => {
    const frame = await inspectorFrame(workbench.page, 'inspector');
    const expert = await frame.locator('.decision').first().locator('.expert').innerText();
    await frame.locator('select[name="filter-expert"]').selectOption(expert);
    const shown = await frame.locator('.decision .expert').allInnerTexts();
    assert.ok(shown.length >= 1 && shown.every((e) => e === expert), `only ${expert}: ${shown.join(', ')}`);
    await frame.locator('select[name="filter-expert"]').selectOption('');
    await frame.locator('[data-action="correct"]').click();
    await frame.locator('.notice.info', { hasText: 'Correction saved' }).waitFor({ timeout: 10_000 });
    await workbench.screenshot('inspector-correction');
  });

  it('exports the decision log as JSONL through the save dialog', async () => {
    // The view's Export button runs the same command as the palette entry and the view's title action.
    const frame = await inspectorFrame(workbench.page, 'inspector');
    await frame.locator('[data-action="export"]').click();
    const target = path.join(workspace, 'exported.jsonl');
    await workbench.answerFileDialog(target);
    const toast = await workbench.waitForNotification(/exported 3 decision/);
    // The toast names the file (relative to the workspace when inside it): read back exactly that one.
    // innerText may go on after the sentence (source, buttons): take the path up to the sentence's full stop.
    const written = / to (\S+?)\.(?:\s|$)/.exec(await toast.innerText())?.[1] ?? target;
    const file = path.isAbsolute(written) ? written : path.join(workspace, written);
    await workbench.screenshot('inspector-exported');
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { expert: string; source: string });
    assert.equal(lines.length, 3);
    assert.ok(lines.every((l) => ['code', 'math', 'general'].includes(l.expert) && l.source === 'chat'));
    assert.ok(!fs.readFileSync(file, 'utf8').includes('linked list'), 'no prompt text without consent');
    assert.ok(file.endsWith('.jsonl'));
  });

  it('prices the session in active parameters', async () => {
    await workbench.runCommand('CoE: Show Active Parameters');
    await collapseView(workbench.page, 'Routing Inspector');
    await expandView(workbench.page, 'Active Parameters');
    const frame = await withWebviewRetry(workbench.page, () => inspectorFrame(workbench.page, 'params', 25_000), { prepare: () => expandView(workbench.page, 'Active Parameters') });
    await frame.locator('table.breakdown').first().waitFor({ timeout: 20_000 });
    assert.match(await frame.locator('.stats').first().innerText(), /requests\s*3/);
    assert.ok((await frame.locator('.chart rect').count()) >= 6, 'a stacked bar per request');
    await workbench.screenshot('active-parameters');
  });

  it('replays the live trace on SN40L and DGX, validates parameters, and shows the 150-expert sample', async () => {
    await workbench.runCommand('CoE: Show Memory Simulator');
    await collapseView(workbench.page, 'Active Parameters');
    await expandView(workbench.page, 'Memory Residency');
    const frame = await withWebviewRetry(workbench.page, () => inspectorFrame(workbench.page, 'memory', 25_000), { prepare: () => expandView(workbench.page, 'Memory Residency') });
    await frame.locator('.platform').nth(2).waitFor({ timeout: 20_000 });
    assert.match(await frame.locator('.trace-label').innerText(), /Live routing trace.*3 request/);
    assert.equal(await frame.locator('.platform-sn40l .tier').count(), 3);
    await workbench.screenshot('memory-live');
    await frame.locator('.memory-form summary').click();
    await frame.locator('input[name="batchSize"]').fill('0');
    await frame.locator('[data-action="apply-memory"]').click();
    await frame.locator('.field.invalid', { hasText: 'Batch size' }).waitFor({ timeout: 10_000 });
    await workbench.screenshot('memory-invalid-parameter');
    await frame.locator('input[name="batchSize"]').fill('8');
    await frame.locator('select[name="trace-source"]').selectOption('paper150');
    await frame.locator('.platform-dgx-h100 .error', { hasText: 'out of memory' }).waitFor({ timeout: 20_000 });
    assert.equal(await frame.locator('.platform-sn40l .error').count(), 0);
    await frame.locator('[data-action="replay"]').click();
    const replayed = async () => Number(/request (\d+) of 300/.exec(await frame.locator('.replay-count').innerText())?.[1] ?? -1);
    const start = await replayed();
    assert.ok(start >= 0, 'the replay counter names the 300-request trace');
    const deadline = Date.now() + 15_000;
    while ((await replayed()) <= start + 2 && Date.now() < deadline) await workbench.page.waitForTimeout(250);
    assert.ok((await replayed()) > start + 2, 'the replay advances by itself (requestAnimationFrame)');
    assert.ok((await frame.locator('.platform-sn40l rect.switch').count()) > 0, 'switches are drawn on the timeline');
    await workbench.screenshot('memory-paper150-replay');
  });
});
