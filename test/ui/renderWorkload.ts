// The long streamed answer that the render benchmark (scripts/bench/render.ts) and the render UI tests
// use, the page that loads the chat webview bundle alone, and the in-page code that replays the host's
// messages. Pure strings and data: it runs in Node (tsx) and is evaluated inside Chromium.
import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import { createMarkdownRenderer } from '../../webview/shared/markdown';

export const TOKENS_PER_SECOND = 2000;
export const TOTAL_TOKENS = 6000;
/** The panel host forwards tokens in batches about this often (one `tokens` message per batch). */
export const HOST_BATCH_MS = 16;

/** A long, mixed answer (prose, lists, code) cut into ~4-character tokens. */
export function answerTokens(): string[] {
  const section = (i: number) => `## Part ${i}\n\nThe router picks an **expert** for each prompt; here is paragraph ${i} with \`inline code\` and a [link](https://example.com).\n\n- first point ${i}\n- second point ${i}\n\n\`\`\`ts\nexport function part${i}(values: number[]): number {\n  let total = 0;\n  for (const v of values) total += v * ${i};\n  return total;\n}\n\`\`\`\n\n`;
  let text = '';
  for (let i = 0; text.length < TOTAL_TOKENS * 4; i += 1) text += section(i);
  return text.slice(0, TOTAL_TOKENS * 4).match(/[\s\S]{1,4}/g) ?? [];
}

/**
 * The same number of tokens as one answer that is mostly long code: a short intro, then code blocks
 * of ~8,000 characters each. An open block this long is what makes re-rendering the tail each frame
 * expensive (highlighting and sanitising all of it again).
 */
export function longCodeAnswerTokens(): string[] {
  const fn = (i: number) => `export function step${i}(input: readonly number[], scale = ${i}): number[] {\n  // step ${i}: scale, clamp and keep the finite values\n  const out: number[] = [];\n  for (const value of input) {\n    const v = Math.min(1e6, value * scale + ${i});\n    if (Number.isFinite(v)) out.push(v);\n  }\n  return out;\n}\n\n`;
  let text = '';
  for (let block = 0; text.length < TOTAL_TOKENS * 4; block += 1) {
    text += `## Module ${block}\n\nThe code below has **${block + 1}** parts; each is a pure function.\n\n\`\`\`ts\n`;
    let code = '';
    for (let i = 0; code.length < 8000; i += 1) code += fn(block * 100 + i);
    text += `${code}\`\`\`\n\n`;
  }
  return text.slice(0, TOTAL_TOKENS * 4).match(/[\s\S]{1,4}/g) ?? [];
}

export const WORKLOADS = { mixed: answerTokens, 'long-code': longCodeAnswerTokens } as const;

/**
 * What a correct view shows for `markdown`: the answer rendered in one piece by the same markdown
 * renderer (markdown-it + highlight.js + DOMPurify, here over jsdom): its text and its code blocks.
 * A streamed view must end equal to it.
 */
export function expectedView(markdown: string): { text: string; code: string[] } {
  const { window } = new JSDOM('');
  const renderer = createMarkdownRenderer(createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]));
  const { html, codeBlocks } = renderer.render(markdown);
  const container = window.document.createElement('div');
  container.innerHTML = html;
  return { text: container.textContent ?? '', code: codeBlocks.map((block) => block.code) };
}

/**
 * In-page, for `locator.evaluate` on an `.answer` element: what it shows (text without the code
 * blocks' buttons), each code block's code, how many are highlighted and have their buttons, and
 * how many are still shown as open. Built from source text so that tsx adds no helpers that do not
 * exist in the page.
 */
export const answerFacts = new Function('answer', `
  const copy = answer.cloneNode(true);
  copy.querySelectorAll('.code-actions').forEach((bar) => bar.remove());
  const blocks = [...answer.querySelectorAll('.code-block')];
  return {
    text: copy.textContent,
    code: blocks.map((block) => block.querySelector('code')?.textContent ?? ''),
    highlighted: blocks.filter((block) => block.querySelector('code [class^="hljs-"]')).length,
    withActions: blocks.filter((block) => block.querySelector('.code-actions')).length,
    open: answer.querySelectorAll('.code-block[data-open]').length,
    pending: answer.querySelectorAll('[data-highlight="pending"]').length,
  };
`) as (answer: unknown) => AnswerFacts;

export interface AnswerFacts {
  text: string;
  code: string[];
  highlighted: number;
  withActions: number;
  open: number;
  pending: number;
}

/** In-page, for `waitForFunction`: no code block is waiting to be coloured any more. */
export const HIGHLIGHT_DONE = '!document.querySelector(\'[data-highlight="pending"]\')';

/** Why `facts` is not the finished view of `expected` (empty when it is). */
export function viewProblems(facts: AnswerFacts, expected: { text: string; code: string[] }): string[] {
  const problems: string[] = [];
  if (facts.text !== expected.text) {
    let at = 0;
    while (at < expected.text.length && facts.text[at] === expected.text[at]) at += 1;
    problems.push(`the text differs from the answer rendered in one piece from character ${at} of ${expected.text.length}: ${JSON.stringify(facts.text.slice(at, at + 40))} instead of ${JSON.stringify(expected.text.slice(at, at + 40))}`);
  }
  if (JSON.stringify(facts.code) !== JSON.stringify(expected.code)) problems.push(`code blocks differ (${facts.code.length} shown, ${expected.code.length} expected)`);
  if (facts.highlighted !== expected.code.length) problems.push(`${facts.highlighted} of ${expected.code.length} code blocks highlighted`);
  if (facts.withActions !== expected.code.length) problems.push(`${facts.withActions} of ${expected.code.length} code blocks have Copy/Insert/Apply`);
  if (facts.open !== 0) problems.push(`${facts.open} code blocks still shown as open`);
  if (facts.pending !== 0) problems.push(`${facts.pending} code blocks still waiting to be coloured`);
  return problems;
}

/**
 * The page that runs the chat bundle alone: a stand-in for the webview API, and a wrapper around
 * requestAnimationFrame that times the panel's own callbacks per frame (callbacks of one frame share
 * its timestamp). `base` is the URL folder holding chat.js and chat.css. Without `bundle` the page has
 * no panel at all: the same stream then measures the browser and the machine alone (a control).
 */
export function isolatedPage(base: string, bundle = true): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="stylesheet" href="${base}chat.css"></head>
<body><div id="app"></div>
<script>
window.acquireVsCodeApi = () => ({ postMessage() {}, getState() { return undefined; }, setState() {} });
window.__work = new Map();
window.__recordWork = false;
const rawRaf = window.requestAnimationFrame.bind(window);
window.requestAnimationFrame = (callback) => rawRaf((time) => {
  const started = performance.now();
  try { callback(time); } finally {
    if (window.__recordWork) window.__work.set(time, (window.__work.get(time) ?? 0) + performance.now() - started);
  }
});
window.__rawRaf = rawRaf;
</script>
${bundle ? `<script src="${base}chat.js"></script>` : ''}</body></html>`;
}

export interface StreamFigures {
  /** requestAnimationFrame deltas while streaming (ms). */
  gaps: number[];
  /** The panel's own rAF work in each frame that had any (ms). */
  work: number[];
  /** Durations of long animation frames (> 50 ms, all main-thread work of the frame) if supported. */
  longFrames: number[] | null;
  seconds: number;
  messages: number;
}

/**
 * In-page: replays the host's messages for one streamed turn at `tokensPerSecond` (batched every
 * HOST_BATCH_MS, as the panel host sends them) into the chat bundle of `isolatedPage`, measuring
 * frame gaps and the panel's work per frame. Resolves after `turnFinished` and `settleMs` more.
 */
export function streamScript(tokens: string[], tokensPerSecond: number, settleMs = 300): string {
  return `(async ({ tokens, tokensPerSecond, batchMs, settleMs }) => {
    const post = (data) => window.postMessage(data, '*');
    const conversation = { id: 'c', title: 'bench', turns: [] };
    post({ type: 'state', state: { conversations: [{ id: 'c', title: 'bench', updatedAt: 0, turns: 0 }], active: conversation, experts: [{ id: 'code', name: 'Coder' }], attachments: [] } });
    post({ type: 'turnStarted', conversationId: 'c', turn: { id: 't', prompt: 'bench', attachments: [], answer: '', status: 'streaming' } });
    // A panel is open a while before an answer streams (the prompt is typed, the expert starts).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    let longFrames = null;
    let observer;
    if ((PerformanceObserver.supportedEntryTypes ?? []).includes('long-animation-frame')) {
      longFrames = [];
      observer = new PerformanceObserver((list) => { for (const entry of list.getEntries()) longFrames.push(entry.duration); });
      observer.observe({ type: 'long-animation-frame' });
    }
    const gaps = [];
    let measuring = true;
    let last = performance.now();
    const tick = (now) => { gaps.push(now - last); last = now; if (measuring) window.__rawRaf(tick); };
    window.__work.clear();
    window.__recordWork = true;
    window.__rawRaf(tick);
    const started = performance.now();
    let sent = 0;
    let messages = 0;
    let answer = '';
    await new Promise((resolve) => {
      const timer = setInterval(() => {
        const due = Math.min(tokens.length, Math.floor((performance.now() - started) / 1000 * tokensPerSecond));
        if (due > sent) {
          const text = tokens.slice(sent, due).join('');
          post({ type: 'tokens', conversationId: 'c', turnId: 't', offset: answer.length, text });
          messages += 1;
          answer += text;
          sent = due;
        }
        if (sent >= tokens.length) { clearInterval(timer); resolve(); }
      }, batchMs);
    });
    const seconds = (performance.now() - started) / 1000;
    post({ type: 'turnFinished', conversationId: 'c', turnId: 't', status: 'ok', answer });
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    measuring = false;
    window.__recordWork = false;
    observer?.takeRecords().forEach((entry) => longFrames.push(entry.duration));
    observer?.disconnect();
    return { gaps: gaps.slice(1), work: [...window.__work.values()], longFrames, seconds, messages };
  })(${JSON.stringify({ tokens, tokensPerSecond, batchMs: HOST_BATCH_MS, settleMs })})`;
}
