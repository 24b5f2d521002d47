import type { ChatRpc, ExpertOption, HostMessage, PanelState, TurnView, WebviewMessage } from '../../src/common/protocol/chatProtocol';
import type { RpcClient } from '../../src/common/protocol/rpc';
import { button, dropdown, el, setDropdownValue } from '../shared/components';
import type { MarkdownRenderer } from '../shared/markdown';
import { InputBar } from './inputBar';
import { TurnElement, type TurnActions } from './turnView';
import type { SavedState } from './main';

export interface ChatAppDeps {
  markdown: MarkdownRenderer;
  post(message: WebviewMessage): void;
  rpc: RpcClient<ChatRpc>;
  save(patch: Partial<SavedState>): void;
  draft: string;
}

/** The panel's DOM: renders what the host sends and turns clicks into intents. No routing here. */
export class ChatApp {
  private readonly header = el('header', 'chat-header');
  private readonly transcript = el('main', 'transcript');
  private readonly notices = el('div', 'notices');
  private readonly input: InputBar;
  private readonly turns = new Map<string, TurnElement>();
  private state: PanelState | undefined;
  private experts: ExpertOption[] = [];
  private stickToBottom = true;

  constructor(root: HTMLElement, private readonly deps: ChatAppDeps) {
    this.input = new InputBar({
      send: (text) => this.state && deps.post({ type: 'send', conversationId: this.state.active.id, text }),
      attach: (what) => deps.post({ type: 'attach', what }),
      removeAttachment: (id) => deps.post({ type: 'removeAttachment', id }),
      previewRoute: (text) => deps.rpc.call('previewRoute', { text }),
      draftChanged: (draft) => deps.save({ draft }),
    }, deps.draft);
    this.transcript.setAttribute('aria-live', 'polite');
    // Following the stream stops only on the user's own upward scrolling (wheel, keys); scroll events
    // alone cannot tell our scrolling from theirs while text keeps arriving.
    this.transcript.addEventListener('wheel', (event) => {
      if (event.deltaY < 0) this.stickToBottom = false;
    }, { passive: true });
    this.transcript.addEventListener('keydown', (event) => {
      if (['PageUp', 'ArrowUp', 'Home'].includes(event.key)) this.stickToBottom = false;
    });
    this.transcript.addEventListener('scroll', () => {
      const { scrollTop, scrollHeight, clientHeight } = this.transcript;
      if (scrollHeight - scrollTop - clientHeight < 40) this.stickToBottom = true;
    });
    root.replaceChildren(this.header, this.notices, this.transcript, this.input.element);
  }

  private get conversationId(): string {
    return this.state?.active.id ?? '';
  }

  private turnActions(): TurnActions {
    const post = this.deps.post;
    return {
      stop: (turnId) => post({ type: 'stop', conversationId: this.conversationId, turnId }),
      retry: (turnId) => post({ type: 'retry', conversationId: this.conversationId, turnId }),
      reroute: (turnId, expert) => post({ type: 'reroute', conversationId: this.conversationId, turnId, expert }),
      codeBlock: (action, block) => post({ type: 'codeBlock', action, code: block.code, language: block.language }),
      afterRender: () => this.scrollIfFollowing(),
    };
  }

  applyState(state: PanelState): void {
    this.state = state;
    this.experts = state.experts;
    this.renderHeader(state);
    this.turns.clear();
    this.transcript.replaceChildren();
    if (state.active.turns.length === 0) {
      this.transcript.append(el('p', 'empty', 'Ask anything. A local router picks the expert; the badge on each answer shows why.'));
    }
    for (const turn of state.active.turns) this.addTurn(turn);
    this.input.setAttachments(state.attachments);
    this.updateBusy();
    this.stickToBottom = true;
    this.scrollIfFollowing();
    this.deps.save({ snapshot: state });
  }

  private renderHeader(state: PanelState): void {
    const picker = dropdown(
      state.conversations.map((c) => ({ value: c.id, label: `${c.title} (${c.turns})` })),
      (conversationId) => this.deps.post({ type: 'selectConversation', conversationId }),
      undefined,
      'conversations',
    );
    setDropdownValue(picker, state.active.id);
    this.header.replaceChildren(
      picker,
      button('New', () => this.deps.post({ type: 'newConversation' }), { action: 'new-conversation', title: 'New conversation' }),
      button('Delete', () => this.deps.post({ type: 'deleteConversation', conversationId: state.active.id }), { action: 'delete-conversation', title: 'Delete this conversation' }),
    );
  }

  private addTurn(turn: TurnView): TurnElement {
    this.transcript.querySelector('.empty')?.remove();
    const element = new TurnElement(turn, this.deps.markdown, this.experts, this.turnActions());
    this.turns.set(turn.id, element);
    this.transcript.append(element.element);
    return element;
  }

  receive(message: HostMessage): void {
    if ('kind' in message) return;
    switch (message.type) {
      case 'state': return this.applyState(message.state);
      case 'attachments': return this.input.setAttachments(message.attachments);
      case 'focusInput': return this.input.focus();
      case 'notice': return this.showNotice(message.level, message.text);
    }
    if (message.conversationId !== this.conversationId) return;
    const existing = this.turns.get(message.type === 'turnStarted' ? message.turn.id : message.turnId);
    switch (message.type) {
      case 'turnStarted':
        if (existing) existing.update(message.turn);
        else this.addTurn(message.turn);
        this.upsertSnapshotTurn(message.turn);
        this.stickToBottom = true;
        break;
      case 'decision':
        existing?.setBadge(message.badge, message.notes);
        break;
      case 'tokens':
        existing?.appendTokens(message.offset, message.text);
        break;
      case 'turnFinished':
        existing?.finish({ status: message.status, answer: message.answer, error: message.error });
        this.finishSnapshotTurn(message.turnId, message.status, message.answer);
        break;
    }
    this.updateBusy();
  }

  /** Keeps the saved snapshot current so a hidden-then-shown view restores its turns at once. */
  private upsertSnapshotTurn(turn: TurnView): void {
    if (!this.state) return;
    const others = this.state.active.turns.filter((t) => t.id !== turn.id);
    const at = this.state.active.turns.findIndex((t) => t.id === turn.id);
    const turns = at === -1 ? [...others, turn] : this.state.active.turns.map((t) => (t.id === turn.id ? turn : t));
    this.state = { ...this.state, active: { ...this.state.active, turns } };
    this.deps.save({ snapshot: this.state });
  }

  private finishSnapshotTurn(turnId: string, status: TurnView['status'], answer: string): void {
    const turn = this.state?.active.turns.find((t) => t.id === turnId);
    if (turn) this.upsertSnapshotTurn({ ...turn, status, answer });
  }

  private updateBusy(): void {
    const busy = [...this.transcript.querySelectorAll<HTMLElement>('.turn')].some((t) => t.dataset.status === 'streaming');
    this.input.setBusy(busy);
  }

  private showNotice(level: string, text: string): void {
    const notice = el('div', `notice ${level}`, text);
    notice.addEventListener('click', () => notice.remove());
    this.notices.append(notice);
  }

  private scrollIfFollowing(): void {
    if (this.stickToBottom) this.transcript.scrollTop = this.transcript.scrollHeight;
  }
}
