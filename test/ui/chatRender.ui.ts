// A 2,000 tokens/s stream through the real extension host into the chat panel in the workbench: the
// whole answer arrives and the panel ends showing exactly the answer rendered in one piece, every code
// block highlighted with its buttons. Behaviour only: frame timings are measured by
// `npm run bench:render` (the same workload on the webview bundle alone), not asserted here.
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { openWorkbench, type Workbench } from './driver';
import { fixtureSettings, openChat, sendPrompt, turnFor } from './chatHelpers';
import { answerFacts, answerTokens, expectedView, HIGHLIGHT_DONE, TOKENS_PER_SECOND, viewProblems } from './renderWorkload';

const TICK_MS = 10;

/** Paced SSE: TOKENS_PER_SECOND tokens, one `data:` event each, written every TICK_MS as a real server's bursts. */
function startPacedServer(): Promise<{ server: Server; baseUrl: string }> {
  const tokens = answerTokens();
  const server = createServer((req, res) => {
    if (req.url === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: [{ id: 'fixture-model' }] }));
      return;
    }
    req.resume();
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const started = Date.now();
    let sent = 0;
    const event = (delta: object, finish: string | null) => `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const timer = setInterval(() => {
      const due = Math.min(tokens.length, Math.floor(((Date.now() - started) / 1000) * TOKENS_PER_SECOND));
      let chunk = '';
      for (; sent < due; sent += 1) chunk += event({ content: tokens[sent] }, null);
      if (chunk) res.write(chunk);
      if (sent >= tokens.length) {
        clearInterval(timer);
        res.end(`${event({}, 'stop')}data: [DONE]\n\n`);
      }
    }, TICK_MS);
    res.on('close', () => clearInterval(timer));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    resolve({ server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` });
  }));
}

describe('chat panel rendering', () => {
  let paced: { server: Server; baseUrl: string };
  let workbench: Workbench;

  before(async () => {
    paced = await startPacedServer();
    workbench = await openWorkbench({ label: 'ui-render', userSettings: fixtureSettings(paced.baseUrl) });
  });

  after(async () => {
    await workbench?.stop();
    await new Promise((resolve) => paced?.server.close(resolve));
  });

  it(`shows a ${TOKENS_PER_SECOND} tokens/s answer complete, exactly as rendered in one piece`, async () => {
    const frame = await openChat(workbench);
    await sendPrompt(frame, 'Explain the router in detail');
    const turn = turnFor(frame, 'router in detail');
    await turn.and(frame.locator('[data-status]:not([data-status="streaming"])')).waitFor({ timeout: 60_000 });
    assert.equal(await turn.getAttribute('data-status'), 'ok');
    const expected = expectedView(answerTokens().join(''));
    await frame.waitForFunction(HIGHLIGHT_DONE, undefined, { timeout: 30_000 });
    const facts = await turn.locator('.answer').evaluate(answerFacts);
    await workbench.screenshot('chat-render-long-answer');
    assert.ok(expected.code.length > 10, 'the workload has many code blocks');
    assert.deepEqual(viewProblems(facts, expected), []);
  });
});
