import type { AttachmentChip, RoutePreview } from '../../src/common/protocol/chatProtocol';
import { describeConfidence } from '../../src/common/routing/routingConfidence';
import { button, el, setDisabled, tag, textArea } from '../shared/components';

export interface InputActions {
  send(text: string): void;
  attach(what: 'selection' | 'file'): void;
  removeAttachment(id: string): void;
  previewRoute(text: string): Promise<RoutePreview | null>;
  draftChanged(text: string): void;
}

/** Routing is sub-millisecond; the delay only avoids a request per keystroke while typing fast. */
const PREVIEW_DELAY_MS = 120;

/** Prompt box with attachment chips, the live "would go to" preview and Send. */
export class InputBar {
  readonly element = el('footer', 'input-bar');
  private readonly chips = el('div', 'chips attachments');
  private readonly input = textArea('Ask CoE… (Enter to send, Shift+Enter for a new line)');
  private readonly preview = el('div', 'route-preview');
  private readonly sendButton: HTMLElement;
  private previewTimer: ReturnType<typeof setTimeout> | undefined;
  private previewSeq = 0;

  constructor(private readonly actions: InputActions, draft: string) {
    this.input.dataset.action = 'prompt';
    this.input.value = draft;
    this.sendButton = button('Send', () => this.submit(), { appearance: 'primary', action: 'send', title: 'Send (Enter)' });
    const tools = el('div', 'input-tools');
    tools.append(
      button('+ Selection', () => actions.attach('selection'), { action: 'attach-selection', title: 'Attach the editor selection' }),
      button('+ File', () => actions.attach('file'), { action: 'attach-file', title: 'Attach the current file' }),
      this.sendButton,
    );
    this.preview.setAttribute('aria-live', 'polite');
    this.element.append(this.chips, this.input, this.preview, tools);
    this.input.addEventListener('keydown', (event: KeyboardEvent) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener('input', () => this.changed());
    if (draft) this.changed();
  }

  focus(): void {
    this.input.focus();
  }

  setBusy(busy: boolean): void {
    setDisabled(this.sendButton, busy);
  }

  setAttachments(attachments: AttachmentChip[]): void {
    this.chips.replaceChildren(...attachments.map((a) => {
      const chip = tag(`${a.kind === 'file' ? '📄' : '✂'} ${a.label} · ~${a.tokens} tok ✕`, 'Remove');
      chip.dataset.attachment = a.id;
      chip.addEventListener('click', () => this.actions.removeAttachment(a.id));
      return chip;
    }));
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (text === '' || this.sendButton.hasAttribute('disabled')) return;
    this.input.value = '';
    this.changed();
    this.actions.send(text);
  }

  private changed(): void {
    const text = this.input.value;
    this.actions.draftChanged(text);
    if (this.previewTimer) clearTimeout(this.previewTimer);
    if (text.trim() === '') {
      this.preview.textContent = '';
      return;
    }
    this.previewTimer = setTimeout(() => void this.refreshPreview(text), PREVIEW_DELAY_MS);
  }

  private async refreshPreview(text: string): Promise<void> {
    const seq = ++this.previewSeq;
    try {
      const preview = await this.actions.previewRoute(text);
      if (seq !== this.previewSeq) return;
      if (!preview) {
        this.preview.textContent = '';
        return;
      }
      // "code 0.91 · top category debugging 0.52": the expert-level confidence the fallback tests, then the top category.
      const category = preview.category ? describeConfidence(preview) : 'no category';
      const why = preview.fallbackReason ? ` (${preview.fallbackReason})` : '';
      this.preview.textContent = `→ ${preview.expertName} · ${category}${why}`;
      this.preview.dataset.expert = preview.expert;
    } catch {
      if (seq === this.previewSeq) this.preview.textContent = '';
    }
  }
}
