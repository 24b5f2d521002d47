import type { CodeBlockAction } from '../../src/common/protocol/chatProtocol';
import { button, el } from '../shared/components';
import { lastStableBoundary, type CodeBlock, type MarkdownRenderer } from '../shared/markdown';

export type CodeBlockHandler = (action: CodeBlockAction, block: CodeBlock) => void;

/** Frames rendering longer than this make the next frame skip, so a long tail cannot pile up work. */
const SLOW_RENDER_MS = 20;

/**
 * Renders one answer while it streams. Text before the last blank line outside a code fence is
 * rendered once and frozen; only the tail is re-rendered, at most once per animation frame. This
 * keeps each frame's work proportional to the last paragraph, not to the whole answer.
 */
export class AnswerRenderer {
  private text = '';
  private committed = 0;
  private readonly frozen = el('div', 'answer-frozen');
  private readonly tail = el('div', 'answer-tail');
  private frameRequested = false;
  private skipNextFrame = false;

  constructor(
    readonly element: HTMLElement,
    private readonly markdown: MarkdownRenderer,
    private readonly onCodeBlock: CodeBlockHandler,
    private readonly afterRender: () => void,
  ) {
    element.replaceChildren(this.frozen, this.tail);
  }

  get length(): number {
    return this.text.length;
  }

  /** Replaces everything (a snapshot, or the final text of a finished turn). */
  setText(text: string): void {
    this.text = text;
    this.committed = 0;
    this.frozen.replaceChildren();
    this.tail.replaceChildren();
    this.renderNow();
  }

  /** Places streamed text at `offset`; text the renderer already has (after a snapshot) is skipped. */
  insertAt(offset: number, chunk: string): void {
    if (offset + chunk.length <= this.text.length) return;
    this.text = this.text.slice(0, offset) + chunk;
    this.schedule();
  }

  private schedule(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      if (this.skipNextFrame) {
        this.skipNextFrame = false;
        this.schedule();
        return;
      }
      const started = performance.now();
      this.renderNow();
      this.skipNextFrame = performance.now() - started > SLOW_RENDER_MS;
    });
  }

  private renderNow(): void {
    const boundary = lastStableBoundary(this.text, this.committed);
    if (boundary > this.committed) {
      const chunk = el('div', 'answer-chunk');
      this.fill(chunk, this.text.slice(this.committed, boundary));
      this.frozen.appendChild(chunk);
      this.committed = boundary;
    }
    this.fill(this.tail, this.text.slice(this.committed));
    this.afterRender();
  }

  private fill(container: HTMLElement, markdown: string): void {
    const { html, codeBlocks } = this.markdown.render(markdown);
    // `html` is DOMPurify output (see shared/markdown.ts); nothing else is ever assigned here.
    container.innerHTML = html;
    container.querySelectorAll<HTMLElement>('.code-block').forEach((blockElement, index) => {
      const block = codeBlocks[index];
      if (!block) return;
      const bar = el('div', 'code-actions');
      bar.append(
        button('Copy', () => this.onCodeBlock('copy', block), { appearance: 'icon', title: 'Copy code', action: 'copy-code' }),
        button('Insert', () => this.onCodeBlock('insert', block), { appearance: 'icon', title: 'Insert at cursor', action: 'insert-code' }),
        button('Apply', () => this.onCodeBlock('apply', block), { appearance: 'icon', title: 'Apply to the editor (shows a diff first)', action: 'apply-code' }),
      );
      blockElement.prepend(bar);
    });
  }
}
