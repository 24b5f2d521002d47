// The streaming answer renderer in jsdom, with animation frames run by the test and a clock that
// advances only when markdown is rendered, so the per-frame budget is exercised deterministically.
import * as assert from 'node:assert/strict';
import { before, beforeEach, describe, it } from 'node:test';
import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import type { MarkdownRenderer } from '../../../webview/shared/markdown';

const dom = new JSDOM('<!DOCTYPE html><body></body>');
const win = dom.window as unknown as Window & typeof globalThis;
// The shared components module loads the webview toolkit, which expects these browser globals.
Object.assign(win, { matchMedia: () => ({ matches: false, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {} }) });
for (const name of ['window', 'document', 'navigator', 'HTMLElement', 'Element', 'Node', 'ShadowRoot', 'DocumentFragment', 'MutationObserver', 'customElements', 'getComputedStyle', 'matchMedia', 'CSSStyleSheet'] as const) {
  Object.defineProperty(globalThis, name, { value: name === 'window' ? win : win[name], configurable: true, writable: true });
}
let frames: FrameRequestCallback[] = [];
Object.defineProperty(globalThis, 'requestAnimationFrame', { value: (callback: FrameRequestCallback) => frames.push(callback), configurable: true, writable: true });

/** Runs the callbacks queued for the next frame; returns how many there were. */
function runFrame(): number {
  const due = frames;
  frames = [];
  for (const callback of due) callback(0);
  return due.length;
}

function runAllFrames(limit = 10_000): number {
  let count = 0;
  while (frames.length > 0 && count < limit) {
    runFrame();
    count += 1;
  }
  return count;
}

type Renderer = import('../../../webview/chat/answerRenderer').AnswerRenderer;
let AnswerRendererClass: typeof import('../../../webview/chat/answerRenderer').AnswerRenderer;
let createMarkdownRenderer: typeof import('../../../webview/shared/markdown').createMarkdownRenderer;

before(async () => {
  ({ AnswerRenderer: AnswerRendererClass } = await import('../../../webview/chat/answerRenderer'));
  ({ createMarkdownRenderer } = await import('../../../webview/shared/markdown'));
});

interface Harness {
  renderer: Renderer;
  element: HTMLElement;
  /** Markdown inputs rendered so far. */
  rendered: string[];
  clock: { now: number };
}

/** `costMs`: how far the fake clock moves per markdown render. */
function harness(costMs = 0): Harness {
  const markdown = createMarkdownRenderer(createDOMPurify(win as unknown as Parameters<typeof createDOMPurify>[0]));
  const rendered: string[] = [];
  const clock = { now: 0 };
  const counting: MarkdownRenderer = {
    render(text, options) {
      rendered.push(text);
      clock.now += costMs;
      return markdown.render(text, options);
    },
    highlightPiece(code, language) {
      clock.now += costMs;
      return markdown.highlightPiece(code, language);
    },
  };
  const element = win.document.createElement('div');
  win.document.body.append(element);
  const renderer = new AnswerRendererClass(element, counting, () => undefined, () => undefined, () => clock.now);
  return { renderer, element, rendered, clock };
}

/** What the answer shows, without the code blocks' buttons. */
function shownText(element: HTMLElement): string {
  const copy = element.cloneNode(true) as HTMLElement;
  copy.querySelectorAll('.code-actions').forEach((bar) => bar.remove());
  return copy.textContent ?? '';
}

function oneShot(markdown: string): string {
  const container = win.document.createElement('div');
  container.innerHTML = createMarkdownRenderer(createDOMPurify(win as unknown as Parameters<typeof createDOMPurify>[0])).render(markdown).html;
  return container.textContent ?? '';
}

const section = (i: number) => `## Part ${i}\n\nParagraph ${i} with **bold**, \`code\` and [a link](https://example.com).\n\n- first ${i}\n- second ${i}\n\n\`\`\`ts\nexport function part${i}(v: number): number {\n  return v * ${i};\n}\n\`\`\`\n\n`;
const ANSWER = Array.from({ length: 30 }, (_, i) => section(i)).join('');
const LONG_ANSWER = Array.from({ length: 120 }, (_, i) => section(i)).join('');

/** Streams `text` in pseudo-random pieces of 1–40 characters, `perFrame` pieces between frames. */
function stream(renderer: Renderer, text: string, perFrame = 3, seed = 7): void {
  let state = seed;
  let offset = 0;
  let pieces = 0;
  while (offset < text.length) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const size = 1 + (state % 40);
    renderer.insertAt(offset, text.slice(offset, offset + size));
    offset = Math.min(text.length, offset + size);
    pieces += 1;
    if (pieces % perFrame === 0) runFrame();
  }
}

describe('AnswerRenderer (streaming)', () => {
  beforeEach(() => {
    frames = [];
  });

  it('ends showing exactly the answer rendered in one piece, every code block highlighted with its buttons', () => {
    const { renderer, element } = harness();
    renderer.setText('', true);
    stream(renderer, ANSWER);
    runAllFrames();
    renderer.finish(ANSWER);
    assert.equal(shownText(element), oneShot(ANSWER));
    const blocks = element.querySelectorAll('.code-block');
    assert.equal(blocks.length, 30);
    assert.equal(element.querySelectorAll('.code-block .code-actions').length, 30);
    assert.equal(element.querySelectorAll('.code-block code .hljs-keyword').length > 30, true);
    assert.equal(element.querySelectorAll('[data-open]').length, 0);
  });

  it('keeps up while streaming: after the frames run, the view equals the text so far', () => {
    const { renderer, element } = harness();
    renderer.setText('', true);
    const upTo = ANSWER.indexOf('## Part 12');
    stream(renderer, ANSWER.slice(0, upTo));
    runAllFrames();
    assert.equal(shownText(element), oneShot(ANSWER.slice(0, upTo)));
  });

  it('renders a finished block once: later frames never render it again', () => {
    const { renderer, rendered } = harness();
    renderer.setText('', true);
    const firstThree = ANSWER.indexOf('## Part 3');
    stream(renderer, ANSWER.slice(0, firstThree));
    runAllFrames();
    rendered.length = 0;
    renderer.insertAt(firstThree, ANSWER.slice(firstThree));
    runAllFrames();
    renderer.finish(ANSWER);
    assert.ok(rendered.length > 0);
    assert.deepEqual(rendered.filter((text) => /Part [02]\n/.test(text)), []);
  });

  it('shows an open code block as plain text that grows in place, and highlights it once closed', () => {
    const { renderer, element } = harness();
    renderer.setText('', true);
    let text = 'Code:\n\n```ts\nconst a = 1;\n';
    renderer.insertAt(0, text);
    runFrame();
    const open = element.querySelector<HTMLElement>('.code-block[data-open]');
    assert.ok(open, 'an open block is shown');
    assert.equal(open.dataset.language, 'ts');
    assert.equal(open.querySelector('code')?.textContent, 'const a = 1;\n');
    assert.equal(open.querySelectorAll('[class^="hljs-"]').length, 0, 'not highlighted while open');
    assert.equal(open.querySelectorAll('.code-actions').length, 0, 'no buttons for half a block');
    const textNode = open.querySelector('code')?.firstChild;
    renderer.insertAt(text.length, 'const b = <img src=x onerror=alert(1)>;\n');
    text += 'const b = <img src=x onerror=alert(1)>;\n';
    runFrame();
    assert.equal(open.querySelector('code')?.firstChild, textNode, 'the same text node grew');
    assert.equal(open.querySelector('code')?.textContent, 'const a = 1;\nconst b = <img src=x onerror=alert(1)>;\n');
    assert.equal(element.querySelectorAll('img').length, 0);
    renderer.insertAt(text.length, '```\n\nAfter.');
    runFrame();
    assert.equal(element.querySelectorAll('[data-open]').length, 0);
    assert.ok(element.querySelector('.code-block .hljs-keyword'), 'highlighted once closed');
    assert.equal(element.querySelectorAll('.code-block .code-actions').length, 1);
    assert.equal(element.querySelectorAll('img, [onerror]').length, 0);
  });

  it('a stream that stops inside a code block ends with that block rendered as markdown (highlighted, buttons)', () => {
    const { renderer, element } = harness();
    renderer.setText('', true);
    const partial = 'Start\n\n```ts\nconst x = 1;\nlet y';
    stream(renderer, partial);
    runAllFrames();
    assert.ok(element.querySelector('[data-open]'));
    renderer.finish(partial);
    assert.equal(element.querySelectorAll('[data-open]').length, 0);
    assert.ok(element.querySelector('.code-block .hljs-keyword'));
    assert.equal(element.querySelectorAll('.code-block .code-actions').length, 1);
    assert.equal(shownText(element), oneShot(partial));
  });

  it('keeps raw HTML from the model inert in frozen blocks, the tail and open code', () => {
    const { renderer, element } = harness();
    renderer.setText('', true);
    const hostile = 'Hi <img src=x onerror="alert(1)">\n\n<script>alert(2)</script> [x](javascript:alert(3))\n\n```html\n<iframe src="https://e.example"></iframe>\n';
    for (let i = 0; i < hostile.length; i += 5) {
      renderer.insertAt(i, hostile.slice(i, i + 5));
      runFrame();
      assert.equal(element.querySelectorAll('img, script, iframe, [onerror], a[href^="javascript"]').length, 0, `after ${i + 5} characters`);
    }
    renderer.finish(hostile);
    assert.equal(element.querySelectorAll('img, script, iframe, [onerror], a[href^="javascript"]').length, 0);
    assert.match(element.textContent ?? '', /<img src=x onerror="alert\(1\)">/);
  });

  it('spreads a backlog over frames: no new slice starts once a frame has used its budget', () => {
    // Each markdown render costs 5 ms on the fake clock; the budget is 8 ms, so a frame renders at most two.
    const { renderer, element, rendered } = harness(5);
    renderer.setText('', true);
    renderer.insertAt(0, LONG_ANSWER);
    const perFrame: number[] = [];
    while (frames.length > 0) {
      const before = rendered.length;
      runFrame();
      perFrame.push(rendered.length - before);
    }
    assert.ok(perFrame.length >= LONG_ANSWER.length / 2048 / 2, `the backlog took ${perFrame.length} frames`);
    assert.ok(perFrame.every((count) => count <= 2), `renders per frame: ${perFrame.join(',')}`);
    assert.equal(shownText(element), oneShot(LONG_ANSWER));
  });

  it('colours a long code block a piece per step, with the same colours as highlighting it whole', () => {
    // 5 ms per render or highlight step on the fake clock: a frame has room for one step or two.
    const { renderer, element } = harness(5);
    const fn = (i: number) => `/* helper ${i}:\n   spans lines */\nexport const value${i} = \`line one\nline two ${i}\`;\n`;
    const code = Array.from({ length: 150 }, (_, i) => fn(i)).join('');
    const text = `Intro\n\n\`\`\`ts\n${code}\`\`\`\n`;
    renderer.setText('', true);
    renderer.insertAt(0, text);
    runFrame();
    const block = element.querySelector<HTMLElement>('.code-block code');
    assert.ok(block);
    assert.equal(block.dataset.highlight, 'pending', 'a long block is shown plain first');
    assert.equal(block.textContent, code);
    assert.ok(runAllFrames() > 1, 'colouring took more frames');
    assert.equal(block.dataset.highlight, undefined);
    assert.equal(block.textContent, code);
    const whole = win.document.createElement('code');
    whole.innerHTML = createMarkdownRenderer(createDOMPurify(win as unknown as Parameters<typeof createDOMPurify>[0])).highlightPiece(code, 'ts').html;
    const leaves = (root: Element) => [...root.querySelectorAll('[class^="hljs-"]')].map((span) => `${span.className}:${span.textContent}`);
    assert.deepEqual(leaves(block), leaves(whole));
  });

  it('starts over when text already frozen is rewritten, and when a finished answer differs', () => {
    const { renderer, element } = harness();
    renderer.setText('', true);
    stream(renderer, ANSWER.slice(0, 600));
    runAllFrames();
    const rewrite = `Replaced.\n\n${'word '.repeat(150)}`;
    renderer.insertAt(0, rewrite);
    runAllFrames();
    assert.equal(shownText(element), oneShot(rewrite));
    renderer.finish('Something else entirely.');
    assert.equal(shownText(element), oneShot('Something else entirely.'));
  });

  it('renders a finished answer at once (history) and a streaming snapshot over frames', () => {
    const finished = harness();
    finished.renderer.setText(ANSWER, false);
    assert.equal(frames.length, 0);
    assert.equal(shownText(finished.element), oneShot(ANSWER));
    const snapshot = harness();
    const sofar = ANSWER.slice(0, ANSWER.indexOf('## Part 2'));
    snapshot.renderer.setText(sofar, true);
    assert.equal(snapshot.element.textContent, '');
    runAllFrames();
    assert.equal(shownText(snapshot.element), oneShot(sofar));
  });
});
