import type { CodeBlockAction } from '../../src/common/protocol/chatProtocol';
import { el, lightButton } from '../shared/components';
import { lastStableBoundary, type CodeBlock, type MarkdownRenderer } from '../shared/markdown';

export type CodeBlockHandler = (action: CodeBlockAction, block: CodeBlock) => void;

/** Frames rendering longer than this make the next frame skip, so a long tail cannot pile up work. */
const SLOW_RENDER_MS = 20;
/** Work per frame when catching up on a backlog (frames came late); the rest waits for the next frame. */
const FRAME_WORK_MS = 10;
/** Finished text is frozen in slices of at most this size, so one slice is cheap to render. */
const MAX_CHUNK_CHARS = 2048;

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
  private renderedTail = '';

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
    this.renderedTail = '';
    this.renderNow(Number.POSITIVE_INFINITY);
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
      this.renderNow(FRAME_WORK_MS);
      this.skipNextFrame = performance.now() - started > SLOW_RENDER_MS;
    });
  }

  private renderNow(budgetMs: number): void {
    const started = performance.now();
    for (;;) {
      const boundary = this.nextFreezePoint();
      if (boundary <= this.committed) break;
      const chunk = el('div', 'answer-chunk');
      this.fill(chunk, this.text.slice(this.committed, boundary));
      this.frozen.appendChild(chunk);
      this.committed = boundary;
      if (performance.now() - started > budgetMs) {
        // A backlog (late frames, a burst of text): continue next frame rather than block this one.
        this.afterRender();
        this.schedule();
        return;
      }
    }
    const tail = this.text.slice(this.committed);
    if (tail !== this.renderedTail) {
      this.fill(this.tail, tail);
      this.renderedTail = tail;
    }
    this.afterRender();
  }

  /** The end of the next slice of finished text to freeze (== committed when there is none). */
  private nextFreezePoint(): number {
    const window = Math.min(this.text.length, this.committed + MAX_CHUNK_CHARS);
    const within = lastStableBoundary(this.text.slice(0, window), this.committed);
    if (within > this.committed || window === this.text.length) return within;
    // One paragraph or code block longer than a slice: freeze it whole.
    return lastStableBoundary(this.text, this.committed);
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
        lightButton('Copy', () => this.onCodeBlock('copy', block), { title: 'Copy code', action: 'copy-code' }),
        lightButton('Insert', () => this.onCodeBlock('insert', block), { title: 'Insert at cursor', action: 'insert-code' }),
        lightButton('Apply', () => this.onCodeBlock('apply', block), { title: 'Apply to the editor (shows a diff first)', action: 'apply-code' }),
      );
      blockElement.prepend(bar);
    });
  }
}
