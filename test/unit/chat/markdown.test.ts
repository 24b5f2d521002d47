import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import { createMarkdownRenderer, sanitizeHtml } from '../../../webview/shared/markdown';

const window = new JSDOM('').window;
const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
const renderer = createMarkdownRenderer(purify);

/** Parses rendered HTML in a DOM, so assertions are about elements, not string patterns. */
function dom(html: string) {
  const container = window.document.createElement('div');
  container.innerHTML = html;
  return container;
}

describe('markdown rendering of model output', () => {
  it('shows raw HTML from the model as text, never as elements', () => {
    const { html } = renderer.render('Hi <img src=x onerror="alert(1)"> <script>alert(2)</script> <iframe src="https://e.example"></iframe>');
    const root = dom(html);
    assert.equal(root.querySelectorAll('img, script, iframe, [onerror]').length, 0);
    assert.match(root.textContent ?? '', /<img src=x onerror="alert\(1\)">/);
  });

  it('drops javascript: and data: links and markdown images', () => {
    const { html } = renderer.render('[a](javascript:alert(1)) [b](data:text/html,<script>alert(1)</script>) ![c](https://tracker.example/p.gif) [ok](https://example.com)');
    const root = dom(html);
    const hrefs = [...root.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    assert.deepEqual(hrefs, ['https://example.com']);
    assert.equal(root.querySelectorAll('img').length, 0);
  });

  it('the sanitiser alone strips scripts, handlers, styles and unsafe URLs', () => {
    const hostile = '<p style="position:fixed" onclick="x()">t</p><svg onload="x()"><a href="javascript:x()">j</a></svg><script>x()</script><a href="vbscript:x">v</a><form><input></form>';
    const root = dom(sanitizeHtml(purify, hostile));
    assert.equal(root.querySelectorAll('script, svg, form, input, [style], [onclick], [onload]').length, 0);
    for (const a of root.querySelectorAll('a')) assert.equal(a.getAttribute('href'), null);
    assert.equal(root.querySelector('p')?.textContent, 't');
  });

  it('highlights fenced code and reports each block with its language', () => {
    const { html, codeBlocks } = renderer.render('Text\n\n```ts\nconst x: number = 1;\n```\n\n```\nplain <b>\n```\n');
    assert.deepEqual(codeBlocks, [{ code: 'const x: number = 1;\n', language: 'ts' }, { code: 'plain <b>\n', language: '' }]);
    const root = dom(html);
    assert.equal(root.querySelectorAll('.code-block').length, 2);
    assert.ok(root.querySelector('.code-block .hljs-keyword'), 'TypeScript keywords are highlighted');
    assert.equal(root.querySelectorAll('b').length, 0);
  });
});
