// The chat panel in the real workbench against the loopback OpenAI fixture: send, badge, streaming,
// stop, re-route, sanitising, reload → history.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { OpenAiFixture } from '../fixtures/openaiServer';
import { launchChromium } from '../../scripts/vscode/codeServer.mjs';
import { makeThrowawayHome } from '../../scripts/vscode/paths.mjs';
import { recordConsoleProblems, runCommand, screenshot, waitForWorkbench, type Workbench } from './driver';
import { chooseFromDropdown, openChat, openChatIn, openFixtureWorkbench, sendPrompt, turnFor, type FixtureWorkbench } from './chatHelpers';

const words = (text: string) => text.split(/(?<= )/);

describe('chat panel', () => {
  let env: FixtureWorkbench | undefined;
  let fixture: OpenAiFixture;
  let workbench: Workbench;

  before(async () => {
    env = await openFixtureWorkbench('ui-chat', { fixture: { fallback: { kind: 'stream', tokens: words('Hello from the fixture expert.') } } });
    ({ fixture, workbench } = env);
  });

  after(() => env?.close());

  it('streams an answer with a routing badge', async () => {
    const frame = await openChat(workbench);
    fixture.enqueue({ kind: 'stream', tokens: words('**Routed** answer: `code` works. '.repeat(8)), tokenDelayMs: 40 });
    await sendPrompt(frame, 'Write a function that reverses a string');
    const first = turnFor(frame, 'reverses a string');
    // The first turn of a workbench also starts the router worker and loads the model.
    await first.locator('.routing-badge').waitFor({ timeout: 60_000 });
    await first.locator('[data-action="stop"]').waitFor({ timeout: 10_000 });
    await workbench.screenshot('chat-streaming');
    await first.and(frame.locator('[data-status="ok"]')).waitFor({ timeout: 30_000 });
    assert.match(await first.locator('.answer').innerText(), /Routed answer: code works\./);
    assert.equal(await first.locator('.answer strong').first().innerText(), 'Routed');
    assert.match(await first.locator('.routing-badge').innerText(), /Fixture (Coder|Generalist)/);
    // The badge's confidence is the expert-level one the fallback tests; the top category is in its tooltip.
    assert.match(await first.locator('.badge-confidence').getAttribute('title') ?? '', /^Confidence: \S+ \d\.\d\d · top category \S+ \d\.\d\d$/);
    await workbench.screenshot('chat-answer-badge');
  });

  it('stops a stream mid-way and keeps the partial answer', async () => {
    const frame = await openChat(workbench);
    fixture.enqueue({ kind: 'stream', tokens: Array.from({ length: 400 }, (_, i) => `w${i} `), tokenDelayMs: 25 });
    const sent = fixture.requests.length;
    await sendPrompt(frame, 'Tell me a long story');
    const story = turnFor(frame, 'long story');
    await story.locator('.answer').filter({ hasText: 'w5' }).waitFor({ timeout: 20_000 });
    // The footer moves down with every rendered frame of the growing answer, so a pointer click can land
    // where the button was a frame ago; the click event goes to the button itself.
    await story.locator('[data-action="stop"]').dispatchEvent('click');
    await story.and(frame.locator('[data-status="cancelled"]')).waitFor({ timeout: 10_000 });
    const partial = await story.locator('.answer').innerText();
    assert.ok(partial.includes('w5') && !partial.includes('w399'), `a partial answer was expected, got ${partial.length} chars`);
    const request = fixture.requests.slice(sent).find((r) => r.path === '/v1/chat/completions');
    assert.ok(request, 'the fixture saw the request');
    await workbench.page.waitForTimeout(300);
    assert.ok(request.clientClosedAt !== undefined, 'stopping closed the HTTP stream');
  });

  it('re-routes a turn to another expert as a user override', async () => {
    const frame = await openChat(workbench);
    const first = turnFor(frame, 'reverses a string');
    await chooseFromDropdown(frame, 'section.turn >> nth=0 >> [data-action="reroute"]', 'Fixture Math');
    await first.locator('.routing-badge[data-expert="math"][data-fallback="userOverride"]').waitFor({ timeout: 20_000 });
    await first.and(frame.locator('[data-status="ok"]')).waitFor({ timeout: 30_000 });
    await workbench.screenshot('chat-rerouted');
  });

  it('renders hostile model output inert', async () => {
    const frame = await openChat(workbench);
    const payload = 'Look: <img src=x onerror="window.__coePwned=1"> <script>window.__coePwned=2</script> [link](javascript:window.__coePwned=3)';
    fixture.enqueue({ kind: 'stream', tokens: [payload] });
    await sendPrompt(frame, 'Show me some HTML');
    const hostile = turnFor(frame, 'some HTML');
    await hostile.and(frame.locator('[data-status="ok"]')).waitFor({ timeout: 20_000 });
    assert.equal(await hostile.locator('.answer img, .answer script, .answer [onerror]').count(), 0);
    assert.equal(await hostile.locator('.answer a[href^="javascript"]').count(), 0);
    assert.match(await hostile.locator('.answer').innerText(), /<img src=x onerror=/);
    assert.equal(await frame.evaluate(() => (window as unknown as { __coePwned?: number }).__coePwned), undefined);
  });

  it('finds the history in a new window (new extension host) after the old one closed', async () => {
    // "Developer: Reload Window" (and a second tab in the same profile) leaves webviews on a stale
    // service worker in headless code-server; a new browser profile on the same server is the clean
    // equivalent: the old window closes, a new extension host starts and must read the history from disk.
    const url = workbench.page.url();
    await workbench.page.close();
    const secondHome = makeThrowawayHome('ui-chat-window2');
    const second = await launchChromium({ home: secondHome.home });
    try {
      const page = second.page;
      const consoleProblems = recordConsoleProblems(page);
      await page.goto(url);
      await waitForWorkbench(page);
      const frame = await openChatIn(page, (title) => runCommand(page, title), (name) => screenshot(page, name), consoleProblems);
      await turnFor(frame, 'some HTML').waitFor({ timeout: 20_000 });
      assert.equal(await turnFor(frame, 'long story').getAttribute('data-status'), 'cancelled');
      assert.match(await turnFor(frame, 'reverses a string').locator('.answer').innerText(), /\S/);
      await screenshot(page, 'chat-after-reload');
    } finally {
      await second.stop();
      secondHome.dispose();
    }
  });
});
