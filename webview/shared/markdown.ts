import type { DOMPurify } from 'dompurify';
import hljs from 'highlight.js/lib/common';
import MarkdownIt from 'markdown-it';

export interface CodeBlock {
  code: string;
  language: string;
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

function highlight(code: string, language: string): string {
  if (language && code.length <= MAX_HIGHLIGHT_CHARS && hljs.getLanguage(language)) {
    return hljs.highlight(code, { language, ignoreIllegals: true }).value;
  }
  // Auto-detection is slow on long streams and often wrong; plain text is honest.
  return new MarkdownIt().utils.escapeHtml(code);
}

export interface MarkdownRenderer {
  render(markdown: string): RenderedMarkdown;
}

export function createMarkdownRenderer(purify: DOMPurify): MarkdownRenderer {
  const md = new MarkdownIt({ html: false, linkify: true, breaks: false });
  md.renderer.rules.fence = (tokens, index, _options, env?: object) => {
    const token = tokens[index];
    const language = token.info.trim().split(/\s+/)[0] ?? '';
    (env as { codeBlocks?: CodeBlock[] } | undefined)?.codeBlocks?.push({ code: token.content, language });
    const safeLanguage = md.utils.escapeHtml(language);
    return `<div class="code-block" data-language="${safeLanguage}"><pre><code class="hljs">${highlight(token.content, language)}</code></pre></div>\n`;
  };
  // An image in model output could be a tracking beacon; show its text instead.
  md.renderer.rules.image = (tokens, index) => md.utils.escapeHtml(tokens[index].content);
  return {
    render(markdown) {
      const env = { codeBlocks: [] as CodeBlock[] };
      const html = sanitizeHtml(purify, md.render(markdown, env));
      return { html, codeBlocks: env.codeBlocks };
    },
  };
}
