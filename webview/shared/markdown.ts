import type { DOMPurify } from 'dompurify';
import hljs from 'highlight.js/lib/common';
import MarkdownIt from 'markdown-it';

export interface CodeBlock {
  code: string;
  language: string;
  /** Rendered as plain text to be coloured later, piece by piece, with `highlightPiece`. */
  deferred?: boolean;
}

export interface RenderedMarkdown {
  /** Sanitised HTML; every code block is a `div.code-block` in document order. */
  html: string;
  codeBlocks: CodeBlock[];
}

/**
 * Model output is untrusted: markdown-it runs with raw HTML disabled, and its output still goes
 * through DOMPurify with an allow-list (no scripts, event handlers, styles, images, frames or forms;
 * links only to http, https and mailto).
 */
const PURIFY_CONFIG = {
  ALLOWED_TAGS: [
    'a', 'p', 'br', 'hr', 'em', 'strong', 'del', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li',
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span', 'div',
  ],
  ALLOWED_ATTR: ['href', 'title', 'class', 'start', 'align', 'data-language'],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
  ALLOW_DATA_ATTR: false,
  RETURN_TRUSTED_TYPE: false,
} as const;

export function sanitizeHtml(purify: DOMPurify, html: string): string {
  return purify.sanitize(html, { ...PURIFY_CONFIG, ALLOWED_TAGS: [...PURIFY_CONFIG.ALLOWED_TAGS], ALLOWED_ATTR: [...PURIFY_CONFIG.ALLOWED_ATTR] });
}

/**
 * Longer code blocks are shown without colours: highlight.js takes tens of milliseconds per 20 kB
 * on a slow machine, all in one frame (editors cap tokenisation the same way).
 */
export const MAX_HIGHLIGHT_CHARS = 20_000;

// Auto-detection is slow on long streams and often wrong: without a known language, plain text.
const highlightable = (code: string, language: string) => Boolean(language) && code.length <= MAX_HIGHLIGHT_CHARS && hljs.getLanguage(language) !== undefined;

export interface RenderOptions {
  /** Code blocks longer than this are left plain and marked `deferred` (see `highlightPiece`). */
  deferHighlightOver?: number;
}

export interface HighlightedPiece {
  /** Sanitised HTML of the coloured code. */
  html: string;
  /**
   * Whether the highlighter ended this piece outside any multi-line construct (comment, string), so
   * the next piece can be highlighted on its own. False when highlight.js does not say.
   */
  atTop: boolean;
}

interface RenderEnv {
  codeBlocks: CodeBlock[];
  deferHighlightOver: number;
}

export interface MarkdownRenderer {
  render(markdown: string, options?: RenderOptions): RenderedMarkdown;
  /** Colours a piece of a deferred code block (whole lines) in `language`. */
  highlightPiece(code: string, language: string): HighlightedPiece;
}

export function createMarkdownRenderer(purify: DOMPurify): MarkdownRenderer {
  const md = new MarkdownIt({ html: false, linkify: true, breaks: false });
  md.renderer.rules.fence = (tokens, index, _options, rawEnv) => {
    const env = rawEnv as unknown as RenderEnv;
    const token = tokens[index];
    const code = token.content;
    const language = token.info.trim().split(/\s+/)[0] ?? '';
    const colour = highlightable(code, language);
    const deferred = colour && code.length > env.deferHighlightOver;
    env.codeBlocks.push(deferred ? { code, language, deferred } : { code, language });
    const body = colour && !deferred ? hljs.highlight(code, { language, ignoreIllegals: true }).value : md.utils.escapeHtml(code);
    return `<div class="code-block" data-language="${md.utils.escapeHtml(language)}"><pre><code class="hljs">${body}</code></pre></div>\n`;
  };
  // An image in model output could be a tracking beacon; show its text instead.
  md.renderer.rules.image = (tokens, index) => md.utils.escapeHtml(tokens[index].content);
  return {
    render(markdown, options = {}) {
      const env: RenderEnv = { codeBlocks: [], deferHighlightOver: options.deferHighlightOver ?? Number.POSITIVE_INFINITY };
      const html = sanitizeHtml(purify, md.render(markdown, env as unknown as Record<string, unknown>));
      return { html, codeBlocks: env.codeBlocks };
    },
    highlightPiece(code, language) {
      const result = hljs.highlight(code, { language, ignoreIllegals: true });
      // `_top` (the mode the highlighter ended in) is not in highlight.js's typings; it is the
      // language itself at the top level.
      const top = (result as { _top?: unknown })._top;
      return { html: sanitizeHtml(purify, result.value), atTop: top !== undefined && top === hljs.getLanguage(language) };
    },
  };
}
