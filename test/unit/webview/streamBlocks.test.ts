import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import { createMarkdownRenderer, MAX_HIGHLIGHT_CHARS } from '../../../webview/shared/markdown';
import { scanStream, sliceEnds } from '../../../webview/chat/streamBlocks';

const window = new JSDOM('').window;
const renderer = createMarkdownRenderer(createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]));

function textOf(html: string): string {
  const container = window.document.createElement('div');
  container.innerHTML = html;
  return container.textContent ?? '';
}

describe('scanStream: where a streaming answer can be cut', () => {
  it('cuts after blank lines outside code fences, never inside one', () => {
    const text = 'para one\n\npara two\n\n```js\nconst a = 1;\n\nconst b = 2;\n';
    const scan = scanStream(text, 0);
    assert.deepEqual(scan.boundaries, ['para one\n\n'.length, 'para one\n\npara two\n\n'.length]);
    assert.deepEqual(scan.openFence, { start: text.indexOf('```'), codeStart: text.indexOf('const a'), language: 'js' });
  });

  it('cuts after the closing line of a top-level fence, even without a blank line after it', () => {
    const text = 'a\n\n```\ncode\n\nmore\n```\ntail';
    assert.deepEqual(scanStream(text, 0).boundaries, [3, text.indexOf('tail')]);
    assert.equal(scanStream(text, 0).openFence, null);
  });

  it('does not cut after an indented fence (it may belong to a list item)', () => {
    const text = '- item\n  ```\n  code\n  ```\n- next\n';
    assert.deepEqual(scanStream(text, 0).boundaries, []);
  });

  it('closes a fence only with the same character, at least as long, and nothing after it', () => {
    const text = '````md\n```\n~~~~\n```` x\n````\n';
    const scan = scanStream(text, 0);
    assert.deepEqual(scan.boundaries, [text.length]);
    assert.equal(scan.openFence, null);
    assert.equal(scanStream('~~~\ncode\n```\n', 0).openFence?.codeStart, 4);
  });

  it('does not take "```x`" (backticks in the info string) for a fence', () => {
    const scan = scanStream('```a` is inline\n\nnext', 0);
    assert.equal(scan.openFence, null);
    assert.deepEqual(scan.boundaries, ['```a` is inline\n\n'.length]);
  });

  it('looks only at complete lines from `from` on', () => {
    assert.deepEqual(scanStream('no blank line yet', 0), { boundaries: [], openFence: null });
    assert.deepEqual(scanStream('```', 0), { boundaries: [], openFence: null });
    assert.deepEqual(scanStream('x\n\ny\n\n', 3).boundaries, [6]);
    assert.equal(scanStream('```py\n', 0).openFence?.language, 'py');
  });

  it('handles CRLF line ends', () => {
    const text = 'a\r\n\r\n```ts\r\nx\r\n```\r\n';
    assert.deepEqual(scanStream(text, 0).boundaries, [5, text.length]);
  });

  it('renders the same cut at its boundaries as in one piece', () => {
    const text = 'Intro **bold** and [a link](https://example.com)\n\n```py\nprint(1)\n\nprint(2)\n```\n- item\n- item two\n\n> quote\n\n1. one\n2. two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nEnd';
    const cuts = [0, ...scanStream(text, 0).boundaries, text.length];
    const pieces = cuts.slice(1).map((end, i) => renderer.render(text.slice(cuts[i], end)).html).join('');
    assert.ok(cuts.length > 5, 'the sample has several blocks');
    assert.equal(textOf(pieces), textOf(renderer.render(text).html));
  });
});

describe('sliceEnds: finished text in slices', () => {
  it('groups blocks up to the size limit and keeps a long block whole', () => {
    assert.deepEqual(sliceEnds([10, 20, 3000, 3010], 0, 2048), [20, 3000, 3010]);
    assert.deepEqual(sliceEnds([3000], 0, 2048), [3000]);
    assert.deepEqual(sliceEnds([10, 2100], 0, 2048), [10, 2100]);
    assert.deepEqual(sliceEnds([1000, 2000, 2500], 0, 2048), [2000, 2500]);
  });

  it('starts after `from` and returns nothing without a boundary past it', () => {
    assert.deepEqual(sliceEnds([5, 10], 10, 2048), []);
    assert.deepEqual(sliceEnds([], 0, 2048), []);
    assert.deepEqual(sliceEnds([5, 10, 40], 10, 16), [40]);
  });

  it('covers every boundary it is given, in order, within the limit where blocks allow', () => {
    let at = 0;
    // Blocks of 37 to 1,837 characters: some fit many to a slice, some are over the limit alone.
    const boundaries = Array.from({ length: 200 }, (_, i) => (at += 37 + (i % 7) * 300));
    const ends = sliceEnds(boundaries, 0, 1000);
    assert.equal(ends[ends.length - 1], boundaries[boundaries.length - 1]);
    let start = 0;
    for (const end of ends) {
      assert.ok(boundaries.includes(end));
      const blocksInside = boundaries.filter((b) => b > start && b < end).length;
      assert.ok(end - start <= 1000 || blocksInside === 0, `slice ${start}–${end} is over the limit with ${blocksInside} cuts inside`);
      start = end;
    }
  });
});

describe('highlighting limit', () => {
  it('highlights code up to MAX_HIGHLIGHT_CHARS and shows longer blocks as escaped plain text', () => {
    const line = 'const x: number = 1; // <b>\n';
    const small = renderer.render(`\`\`\`ts\n${line}\`\`\`\n`).html;
    const big = renderer.render(`\`\`\`ts\n${line.repeat(Math.ceil(MAX_HIGHLIGHT_CHARS / line.length) + 1)}\`\`\`\n`).html;
    assert.match(small, /hljs-keyword/);
    assert.doesNotMatch(big, /hljs-keyword/);
    assert.match(big, /&lt;b&gt;/);
  });
});
