import type { CodeBlockAction } from '../../src/common/protocol/chatProtocol';
import { el, lightButton } from '../shared/components';
import type { CodeBlock, MarkdownRenderer } from '../shared/markdown';
import { scanStream, sliceEnds, type OpenFence } from './streamBlocks';

export type CodeBlockHandler = (action: CodeBlockAction, block: CodeBlock) => void;

/** The render work one animation frame may start; what is left waits for the next frame. */
const FRAME_BUDGET_MS = 8;
/** Finished text is frozen in slices of at most this size (a longer single block is one slice). */
const MAX_SLICE_CHARS = 2048;
/**
 * The open tail is re-rendered at most once per this many times its last render cost, so a long
 * unfinished block (a big list or table) takes a bounded share of the frames instead of all of them.
 */
const TAIL_COST_SPACING = 4;
/** Code blocks longer than this are coloured after they render, a piece of lines per step. */
const SYNC_HIGHLIGHT_CHARS = 2000;
/** One highlighting step colours about this much code (whole lines). */
const HIGHLIGHT_PIECE_CHARS = 2000;
/**
 * A piece that ends inside a comment or string grows with the next lines until it ends at the top
 * level (so colours match highlighting the block whole); past this size it is taken as it is.
 */
const MAX_HIGHLIGHT_SEGMENT_CHARS = 8000;

/** A code block shown plain and being coloured piece by piece. */
interface HighlightJob {
  code: HTMLElement;
  /** The part not yet coloured; coloured pieces are inserted before it. */
  plain: Text;
  text: string;
  language: string;
  /** Start of the piece being coloured; everything before it is done. */
  segmentStart: number;
  /** End of the last attempt (segmentStart while none failed). */
  attemptEnd: number;
}

/**
 * Renders one answer while it streams, a bounded amount of work per animation frame:
 * - finished blocks (text before a blank line or a closed top-level fence) are rendered once, in
 *   slices, and kept; only the open tail is rendered again when it changes;
 * - a code block that is still open is shown as plain text, and new code is appended to it (no
 *   re-highlighting); it is highlighted once, when it closes (a long one a piece per step, in the
 *   frames' spare budget, marked `data-highlight="pending"` until done);
 * - a frame starts no new slice after FRAME_BUDGET_MS; the rest carries over to the next frame.
 * Every piece of model text reaches the DOM either through the sanitised markdown renderer or as a
 * text node.
 */
export class AnswerRenderer {
  private text = '';
  /** Text before this index is rendered in `frozen` and never touched again. */
  private committed = 0;
  private streaming = false;
  private readonly frozen = el('div', 'answer-frozen');
  private readonly tail = el('div', 'answer-tail');
  private readonly tailProse = el('div', 'answer-chunk-open');
  private openBlock: { element: HTMLElement; code: Text; start: number } | undefined;
  private renderedProse: string | undefined;
  private frameRequested = false;
  private tailCostMs = 0;
  private tailRenderedAt = Number.NEGATIVE_INFINITY;
  private highlightJobs: HighlightJob[] = [];

  constructor(
    readonly element: HTMLElement,
    private readonly markdown: MarkdownRenderer,
    private readonly onCodeBlock: CodeBlockHandler,
    private readonly afterRender: () => void,
    /** Milliseconds, monotonic; the frame budget is measured with it. */
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tail.append(this.tailProse);
    element.replaceChildren(this.frozen, this.tail);
  }

  /**
   * Replaces everything. A streaming answer (a snapshot taken mid-stream) renders over the next
   * frames; a finished one renders now, complete, so what the turn shows matches its status.
   */
  setText(text: string, streaming: boolean): void {
    this.text = text;
    this.streaming = streaming;
    this.reset();
    if (streaming) this.schedule();
    else this.flush();
  }

  /** Places streamed text at `offset`; text the renderer already has (after a snapshot) is skipped. */
  insertAt(offset: number, chunk: string): void {
    if (offset + chunk.length <= this.text.length) return;
    this.streaming = true;
    this.text = offset === this.text.length ? this.text + chunk : this.text.slice(0, offset) + chunk;
    // A rewrite of text already frozen (a host resend from an earlier offset): start over.
    if (offset < this.committed) this.reset();
    this.schedule();
  }

  /** The stream ended with `text`: render whatever is left now, open code blocks as final markdown. */
  finish(text: string): void {
    const keepsFrozen = text.startsWith(this.text.slice(0, this.committed));
    this.text = text;
    this.streaming = false;
    if (!keepsFrozen) this.reset();
    this.flush();
  }

  private reset(): void {
    this.committed = 0;
    this.frozen.replaceChildren();
    this.tailProse.replaceChildren();
    this.renderedProse = undefined;
    this.closeOpenBlock();
    this.tailCostMs = 0;
    this.tailRenderedAt = Number.NEGATIVE_INFINITY;
    this.highlightJobs = [];
  }

  private schedule(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      if (this.streaming) this.frame();
      else this.highlightSome(this.now());
    });
  }

  /** One frame's share of the work while streaming. */
  private frame(): void {
    const started = this.now();
    const scan = scanStream(this.text, this.committed);
    let changed = false;
    for (const end of sliceEnds(scan.boundaries, this.committed, MAX_SLICE_CHARS)) {
      if (changed && this.now() - started >= FRAME_BUDGET_MS) {
        this.afterRender();
        this.schedule();
        return;
      }
      this.freeze(end);
      changed = true;
    }
    const now = this.now();
    const elapsed = now - started;
    const tailDue = now - this.tailRenderedAt >= this.tailCostMs * TAIL_COST_SPACING;
    // The tail waits a frame when slices used the budget and it would not fit in the rest.
    if (tailDue && !(changed && elapsed + this.tailCostMs > FRAME_BUDGET_MS)) {
      changed = this.renderTail(scan.openFence) || changed;
    } else if (this.tailPending(scan.openFence)) {
      this.schedule();
    }
    if (changed) this.afterRender();
    this.highlightSome(started);
  }

  /** Colours deferred code blocks until the frame's budget (counted from `started`) is used. */
  private highlightSome(started: number): void {
    while (this.highlightJobs.length > 0 && this.now() - started < FRAME_BUDGET_MS) {
      const job = this.highlightJobs[0];
      if (!job.code.isConnected || this.highlightStep(job)) this.highlightJobs.shift();
    }
    if (this.highlightJobs.length > 0) this.schedule();
  }

  /** Colours the next piece of `job`; returns whether the block is done. */
  private highlightStep(job: HighlightJob): boolean {
    // A first attempt takes a piece's worth of lines; a retry (the last attempt ended inside a
    // comment or string) adds the next line.
    const target = job.attemptEnd > job.segmentStart ? job.attemptEnd : job.segmentStart + HIGHLIGHT_PIECE_CHARS;
    const newline = job.text.indexOf('\n', target);
    const end = target >= job.text.length || newline === -1 ? job.text.length : newline + 1;
    const piece = this.markdown.highlightPiece(job.text.slice(job.segmentStart, end), job.language);
    if (!piece.atTop && end < job.text.length && end - job.segmentStart < MAX_HIGHLIGHT_SEGMENT_CHARS) {
      job.attemptEnd = end;
      return false;
    }
    const coloured = el('span');
    // `piece.html` is DOMPurify output (see shared/markdown.ts), like every other HTML here.
    coloured.innerHTML = piece.html;
    job.code.insertBefore(coloured, job.plain);
    job.plain.deleteData(0, end - job.segmentStart);
    job.segmentStart = job.attemptEnd = end;
    if (end < job.text.length) return false;
    job.plain.remove();
    delete job.code.dataset.highlight;
    return true;
  }

  /** Renders everything not yet rendered, now (end of stream, or a finished answer). */
  private flush(): void {
    const { boundaries } = scanStream(this.text, this.committed);
    for (const end of sliceEnds(boundaries, this.committed, MAX_SLICE_CHARS)) this.freeze(end);
    this.renderTail(null);
    this.afterRender();
    if (this.highlightJobs.length > 0) this.schedule();
  }

  private freeze(end: number): void {
    const slice = el('div', 'answer-chunk');
    this.fill(slice, this.text.slice(this.committed, end));
    this.frozen.appendChild(slice);
    this.committed = end;
    // The tail's rendering described text that is now frozen.
    this.renderedProse = undefined;
    if (this.openBlock && this.openBlock.start < end) this.closeOpenBlock();
  }

  /** Whether the tail shows something other than the text now (so another frame is needed). */
  private tailPending(openFence: OpenFence | null): boolean {
    const proseEnd = openFence && this.streaming ? openFence.start : this.text.length;
    if (this.renderedProse !== this.text.slice(this.committed, proseEnd)) return true;
    return openFence !== null && this.streaming && this.openBlock?.code.data !== this.text.slice(openFence.codeStart);
  }

  /**
   * The text after the frozen part: markdown for its prose; while streaming, an open code fence at
   * its end is plain text that only grows. Returns whether the DOM changed.
   */
  private renderTail(openFence: OpenFence | null): boolean {
    const started = this.now();
    const open = this.streaming ? openFence : null;
    const prose = this.text.slice(this.committed, open ? open.start : this.text.length);
    let changed = false;
    if (prose !== this.renderedProse) {
      this.fill(this.tailProse, prose);
      this.renderedProse = prose;
      changed = true;
    }
    if (open) {
      changed = this.showOpenCode(open) || changed;
    } else if (this.openBlock) {
      this.closeOpenBlock();
      changed = true;
    }
    if (changed) {
      this.tailRenderedAt = this.now();
      this.tailCostMs = this.tailRenderedAt - started;
    }
    return changed;
  }

  private showOpenCode(open: OpenFence): boolean {
    const code = this.text.slice(open.codeStart);
    if (this.openBlock?.start !== open.start) {
      this.closeOpenBlock();
      const element = el('div', 'code-block');
      element.dataset.language = open.language;
      element.dataset.open = 'true';
      const pre = el('pre');
      const codeElement = el('code', 'hljs');
      const textNode = document.createTextNode(code);
      codeElement.append(textNode);
      pre.append(codeElement);
      element.append(pre);
      this.tail.append(element);
      this.openBlock = { element, code: textNode, start: open.start };
      return true;
    }
    const shown = this.openBlock.code.data;
    if (shown === code) return false;
    if (code.startsWith(shown)) this.openBlock.code.appendData(code.slice(shown.length));
    else this.openBlock.code.data = code;
    return true;
  }

  private closeOpenBlock(): void {
    this.openBlock?.element.remove();
    this.openBlock = undefined;
  }

  private fill(container: HTMLElement, markdown: string): void {
    const { html, codeBlocks } = this.markdown.render(markdown, { deferHighlightOver: SYNC_HIGHLIGHT_CHARS });
    // `html` is DOMPurify output (see shared/markdown.ts); nothing else is ever assigned here.
    container.innerHTML = html;
    container.querySelectorAll<HTMLElement>('.code-block').forEach((blockElement, index) => {
      const block = codeBlocks[index];
      if (!block) return;
      const code = blockElement.querySelector<HTMLElement>('code');
      if (block.deferred && code) {
        const plain = document.createTextNode(block.code);
        code.replaceChildren(plain);
        code.dataset.highlight = 'pending';
        this.highlightJobs.push({ code, plain, text: block.code, language: block.language, segmentStart: 0, attemptEnd: 0 });
      }
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
