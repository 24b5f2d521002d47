// The chat webview bundle alone in headless Chromium (no workbench, no extension host): the host's
// messages are replayed at 2,000 tokens/s, batched per 16 ms as the panel host sends them, and the
// page's frame gaps are measured. Separates the renderer's cost from the rest of the editor.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchChromium, type Chromium } from '../../scripts/vscode/codeServer.mjs';
import { makeThrowawayHome, repoRoot, testResultsDir } from '../../scripts/vscode/paths.mjs';
import { answerTokens } from './renderWorkload';

const PAGE = `<!DOCTYPE html><html><head><link rel="stylesheet" href="/chat.css"></head><body><div id="app"></div>
<script>
window.acquireVsCodeApi = () => ({ postMessage() {}, getState() { return undefined; }, setState() {} });
// Times the panel's own work in each animation frame (its render callbacks), apart from the frame gaps.
window.__work = [];
const rawRaf = window.requestAnimationFrame.bind(window);
window.requestAnimationFrame = (callback) => rawRaf((time) => {
  const started = performance.now();
  try { callback(time); } finally { if (window.__recordWork) window.__work.push(performance.now() - started); }
});
window.requestAnimationFrame.__raw = rawRaf;
</script>
<script src="/chat.js"></script></body></html>`;

function summarize(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => Number((sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0).toFixed(1));
  return { frames: sorted.length, medianMs: at(0.5), p95Ms: at(0.95), maxMs: at(1), over50ms: sorted.filter((v) => v > 50).length };
}

function serveBundle(): Promise<{ server: Server; url: string }> {
  const dir = path.join(repoRoot, 'dist', 'webview');
  const server = createServer((req, res) => {
    if (req.url === '/') return void res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
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

  it('keeps every frame under 50 ms at 2,000 tokens/s', async () => {
    const { page } = chromium;
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(served.url);
    await page.locator('.input-bar').waitFor({ timeout: 15_000 }).catch((error: Error) => {
      throw new Error(`the chat bundle did not start: ${errors.join('; ') || error.message}`);
    });
    const tokens = answerTokens();
    // Runs in the page: replay host messages and record requestAnimationFrame gaps (a string, so tsx adds no helpers).
    const figures = await page.evaluate<{ gaps: number[]; work: number[]; seconds: number; codeBlocks: number }>(`(async (tokens) => {
      const post = (data) => window.postMessage(data, '*');
      const conversation = { id: 'c', title: 'bench', turns: [] };
      post({ type: 'state', state: { conversations: [{ id: 'c', title: 'bench', updatedAt: 0, turns: 0 }], active: conversation, experts: [{ id: 'code', name: 'Coder' }], attachments: [] } });
      post({ type: 'turnStarted', conversationId: 'c', turn: { id: 't', prompt: 'bench', attachments: [], answer: '', status: 'streaming' } });
      const gaps = [];
      let measuring = true;
      let last = performance.now();
      const tick = (now) => { gaps.push(now - last); last = now; if (measuring) rawRaf(tick); };
      const rawRaf = window.requestAnimationFrame.__raw ?? ((cb) => setTimeout(() => cb(performance.now()), 16));
      window.__recordWork = true;
      rawRaf(tick);
      const started = performance.now();
      let sent = 0;
      let answer = '';
      await new Promise((resolve) => {
        const timer = setInterval(() => {
          const due = Math.min(tokens.length, Math.floor((performance.now() - started) / 1000 * 2000));
          if (due > sent) {
            const text = tokens.slice(sent, due).join('');
            post({ type: 'tokens', conversationId: 'c', turnId: 't', offset: answer.length, text });
            answer += text;
            sent = due;
          }
          if (sent >= tokens.length) { clearInterval(timer); resolve(); }
        }, 16);
      });
      post({ type: 'turnFinished', conversationId: 'c', turnId: 't', status: 'ok', answer });
      await new Promise((resolve) => setTimeout(resolve, 300));
      measuring = false;
      return { gaps: gaps.slice(1), work: window.__work, seconds: (performance.now() - started) / 1000, codeBlocks: document.querySelectorAll('.code-block').length };
    })(${JSON.stringify(tokens)})`);
    const result = {
      tokens: tokens.length,
      streamSeconds: Number(figures.seconds.toFixed(2)),
      loadAverage: Number(os.loadavg()[0].toFixed(1)),
      cpus: os.cpus().length,
      renderWork: summarize(figures.work),
      frameGaps: summarize(figures.gaps),
      codeBlocks: figures.codeBlocks,
    };
    process.stdout.write(`chat render (isolated webview): ${JSON.stringify(result)}\n`);
    fs.mkdirSync(testResultsDir, { recursive: true });
    fs.writeFileSync(path.join(testResultsDir, 'chat-render-isolated.json'), JSON.stringify(result, null, 2));
    await page.screenshot({ path: path.join(testResultsDir, 'screenshots', 'chat-render-isolated.png') });
    assert.ok(result.codeBlocks > 10, 'the answer rendered its code blocks');
    // Wall-clock figures on an overloaded machine (load above the core count) measure the machine:
    // they are then reported, not asserted.
    if (result.loadAverage < result.cpus) {
      assert.equal(result.renderWork.over50ms, 0, `render work over 50 ms in ${result.renderWork.over50ms} frames (max ${result.renderWork.maxMs} ms)`);
      assert.equal(result.frameGaps.over50ms, 0, `frame gaps over 50 ms: ${result.frameGaps.over50ms}`);
    } else {
      process.stdout.write(`chat render: not asserted, load average ${result.loadAverage} on ${result.cpus} cores\n`);
    }
  });
});
