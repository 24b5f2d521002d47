// The chat webview bundle alone in headless Chromium (no workbench, no extension host): the host's
// messages are replayed at 2,000 tokens/s, batched as the panel host sends them, and the view must end
// showing exactly the answer rendered in one piece. Behaviour only: frame timings are measured by
// `npm run bench:render` (same page, same workload), not asserted here.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchChromium, type Chromium } from '../../scripts/vscode/codeServer.mjs';
import { makeThrowawayHome, repoRoot, testResultsDir } from '../../scripts/vscode/paths.mjs';
import {
  answerFacts, answerTokens, expectedView, HIGHLIGHT_DONE, isolatedPage, longCodeAnswerTokens, streamScript, TOKENS_PER_SECOND,
  viewProblems, type AnswerFacts,
} from './renderWorkload';

function serveBundle(): Promise<{ server: Server; url: string }> {
  const dir = path.join(repoRoot, 'dist', 'webview');
  const server = createServer((req, res) => {
    if (req.url === '/') return void res.writeHead(200, { 'content-type': 'text/html' }).end(isolatedPage('/'));
    const file = path.join(dir, path.basename(req.url ?? ''));
    if (!fs.existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file.endsWith('.css') ? 'text/css' : 'text/javascript' }).end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` })));
}

describe('chat webview rendering (isolated)', () => {
  let served: { server: Server; url: string };
  let chromium: Chromium;
  let home: ReturnType<typeof makeThrowawayHome>;

  before(async () => {
    served = await serveBundle();
    home = makeThrowawayHome('ui-render-isolated');
    chromium = await launchChromium({ home: home.home });
  });

  after(async () => {
    await chromium?.stop();
    home?.dispose();
    await new Promise((resolve) => served?.server.close(resolve));
  });

  /** Streams `tokens` into a fresh page and returns what the answer shows at the end. */
  async function streamInto(tokens: string[], screenshot: string): Promise<AnswerFacts> {
    const page = await chromium.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      await page.goto(served.url);
      await page.locator('.input-bar').waitFor({ timeout: 15_000 }).catch((error: Error) => {
        throw new Error(`the chat bundle did not start: ${errors.join('; ') || error.message}`);
      });
      await page.evaluate(streamScript(tokens, TOKENS_PER_SECOND, 100));
      const turn = page.locator('.turn[data-turn-id="t"]');
      assert.equal(await turn.getAttribute('data-status'), 'ok');
      // Long code blocks are coloured a piece per frame after they render.
      await page.waitForFunction(HIGHLIGHT_DONE, undefined, { timeout: 30_000 });
      const facts = await turn.locator('.answer').evaluate(answerFacts);
      fs.mkdirSync(path.join(testResultsDir, 'screenshots'), { recursive: true });
      await page.screenshot({ path: path.join(testResultsDir, 'screenshots', `${screenshot}.png`) });
      assert.deepEqual(errors, [], 'no errors in the page');
      return facts;
    } finally {
      await page.close();
    }
  }

  it(`shows a long mixed answer streamed at ${TOKENS_PER_SECOND} tokens/s exactly as rendered in one piece`, async () => {
    const tokens = answerTokens();
    const expected = expectedView(tokens.join(''));
    const facts = await streamInto(tokens, 'chat-render-isolated');
    assert.ok(expected.code.length > 10, 'the workload has many code blocks');
    assert.deepEqual(viewProblems(facts, expected), []);
  });

  it('shows long code blocks streamed at the same rate complete and highlighted', async () => {
    const tokens = longCodeAnswerTokens();
    const expected = expectedView(tokens.join(''));
    const facts = await streamInto(tokens, 'chat-render-isolated-long-code');
    assert.deepEqual(viewProblems(facts, expected), []);
  });

  it('renders an answer that ends inside a code block as a complete, highlighted block', async () => {
    const all = answerTokens();
    const text = all.join('');
    const insideCode = text.indexOf('total += v', text.indexOf('## Part 3'));
    const tokens = all.slice(0, Math.ceil(insideCode / 4));
    const expected = expectedView(tokens.join(''));
    const facts = await streamInto(tokens, 'chat-render-isolated-open-code');
    assert.deepEqual(viewProblems(facts, expected), []);
  });
});
