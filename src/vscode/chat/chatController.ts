import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { AttachmentChip, ChatRpc, ConversationView, HostMessage, PanelState, TurnView, WebviewMessage } from '../../common/protocol/chatProtocol';
import { titleFromPrompt } from '../../common/protocol/chatProtocol';
import { toRoutePreview } from '../../common/protocol/routingBadge';
import { answerRpc, type RpcHandlers } from '../../common/protocol/rpc';
import type { DiffProposals } from '../codeActions/diffPreview';
import type { CoeServices } from '../core/services';
import { captureAttachment } from './attachments';
import { handleCodeBlock } from './codeBlockActions';
import { ConversationStore, emptyHistory, type HistoryFile, type StoredAttachment, type StoredConversation, type StoredTurn } from './conversationStore';
import { runTurn } from './turnRunner';

function toChips(attachments: readonly StoredAttachment[]): AttachmentChip[] {
  return attachments.map(({ id, label, kind, tokens }) => ({ id, label, kind, tokens }));
}

function toTurnView(turn: StoredTurn): TurnView {
  const { id, prompt, answer, status, error, badge, notes } = turn;
  return { id, prompt, answer, status, error, badge, notes, attachments: toChips(turn.attachments) };
}

/**
 * The chat panel's state and behaviour, independent of whether its webview is visible: conversations
 * (persisted per workspace), pending attachments, in-flight turns and their cancellation.
 */
export class ChatController implements vscode.Disposable {
  private history: HistoryFile = emptyHistory();
  private loading: Promise<void> | undefined;
  private attachments: StoredAttachment[] = [];
  private readonly inflight = new Map<string, AbortController>();
  private poster: ((message: HostMessage) => void) | undefined;
  private readonly store: ConversationStore;
  private readonly rpc: RpcHandlers<ChatRpc>;

  constructor(
    private readonly services: CoeServices,
    storageDir: string,
    private readonly proposals: DiffProposals,
  ) {
    this.store = new ConversationStore(storageDir);
    this.rpc = {
      previewRoute: async ({ text }) => {
        if (text.trim() === '') return null;
        const outcome = await this.services.router.route({ text });
        return toRoutePreview(outcome.decision, this.services.config.config);
      },
    };
  }

  /** The webview (re)attached: it gets a full snapshot once it says it is ready. */
  attachView(post: ((message: HostMessage) => void) | undefined): void {
    this.poster = post;
  }

  private post(message: HostMessage): void {
    this.poster?.(message);
  }

  ensureLoaded(): Promise<void> {
    this.loading ??= this.store.load().then(
      ({ history, setAside }) => {
        this.history = history;
        if (setAside) this.notifySetAside(setAside.path, setAside.reason);
      },
      (error: unknown) => {
        this.services.log.error(`chat history could not be read: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
    return this.loading;
  }

  private notifySetAside(file: string, reason: string): void {
    this.services.log.warn(`chat history ${this.store.file} was unreadable (${reason}); moved to ${file}`);
    void vscode.window
      .showWarningMessage(`CoE: the chat history file was unreadable (${reason}). It was kept as ${file} and a new history was started.`, 'Open File')
      .then((choice) => {
        if (choice === 'Open File') void vscode.window.showTextDocument(vscode.Uri.file(file));
      });
  }

  persist(): void {
    this.store.save(this.history).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      this.services.log.error(`chat history could not be saved: ${message}`);
      void vscode.window.showErrorMessage(`CoE: chat history could not be saved to ${this.store.file}: ${message}`);
    });
  }

  private active(): StoredConversation {
    let conversation = this.history.conversations.find((c) => c.id === this.history.activeId);
    if (!conversation) {
      conversation = this.history.conversations[0] ?? this.createConversation();
      this.history.activeId = conversation.id;
    }
    return conversation;
  }

  private createConversation(): StoredConversation {
    const now = Date.now();
    const conversation: StoredConversation = { id: randomUUID(), title: 'New conversation', createdAt: now, updatedAt: now, turns: [] };
    this.history.conversations.unshift(conversation);
    this.history.activeId = conversation.id;
    return conversation;
  }

  state(): PanelState {
    const active = this.active();
    const view: ConversationView = { id: active.id, title: active.title, turns: active.turns.map(toTurnView) };
    return {
      conversations: this.history.conversations.map((c) => ({ id: c.id, title: c.title, updatedAt: c.updatedAt, turns: c.turns.length })),
      active: view,
      experts: this.services.config.config.experts.map((e) => ({ id: e.id, name: e.displayName ?? e.id })),
      attachments: toChips(this.attachments),
    };
  }

  private pushState(): void {
    this.post({ type: 'state', state: this.state() });
  }

  async handle(message: WebviewMessage): Promise<void> {
    await this.ensureLoaded();
    if ('kind' in message) {
      await answerRpc(message, this.rpc, (reply) => this.post(reply));
      return;
    }
    switch (message.type) {
      case 'ready': return this.pushState();
      case 'send': return this.send(message.text);
      case 'stop': return this.stop(message.turnId);
      case 'retry': return this.rerun(message.conversationId, message.turnId, undefined);
      case 'reroute': return this.rerun(message.conversationId, message.turnId, message.expert);
      case 'newConversation': return this.newConversation();
      case 'selectConversation': return this.select(message.conversationId);
      case 'deleteConversation': return this.remove(message.conversationId);
      case 'attach': return this.attach(message.what);
      case 'removeAttachment':
        this.attachments = this.attachments.filter((a) => a.id !== message.id);
        return this.post({ type: 'attachments', attachments: toChips(this.attachments) });
      case 'codeBlock': return handleCodeBlock(message.action, message.code, this.proposals);
    }
  }

  /** Starts a turn in the active conversation with the pending attachments (plus `extra`). */
  async send(text: string, extra: StoredAttachment[] = []): Promise<void> {
    await this.ensureLoaded();
    const conversation = this.active();
    const turn: StoredTurn = { id: randomUUID(), prompt: text, attachments: [...this.attachments, ...extra], answer: '', status: 'streaming' };
    this.attachments = [];
    if (conversation.turns.length === 0) conversation.title = titleFromPrompt(text);
    conversation.turns.push(turn);
    conversation.updatedAt = Date.now();
    this.post({ type: 'attachments', attachments: [] });
    this.post({ type: 'turnStarted', conversationId: conversation.id, turn: toTurnView(turn) });
    // The first prompt names the conversation: the picker must show it.
    if (conversation.turns.length === 1) this.pushState();
    this.persist();
    await this.start(conversation, turn);
  }

  private async start(conversation: StoredConversation, turn: StoredTurn): Promise<void> {
    const controller = new AbortController();
    this.inflight.set(turn.id, controller);
    try {
      await runTurn(this.services, { post: (m) => this.post(m), persist: () => this.persist() }, conversation, turn, controller.signal);
    } finally {
      this.inflight.delete(turn.id);
    }
  }

  private stop(turnId: string): void {
    this.inflight.get(turnId)?.abort();
  }

  /** Retry (same routing) or re-route (forced expert, recorded as userOverride) of an existing turn. */
  private async rerun(conversationId: string, turnId: string, expert: string | undefined): Promise<void> {
    const conversation = this.history.conversations.find((c) => c.id === conversationId);
    const turn = conversation?.turns.find((t) => t.id === turnId);
    if (!conversation || !turn || this.inflight.has(turnId)) return;
    Object.assign(turn, { answer: '', status: 'streaming', error: undefined, badge: undefined, notes: undefined });
    if (expert !== undefined) turn.override = expert;
    this.post({ type: 'turnStarted', conversationId, turn: toTurnView(turn) });
    await this.start(conversation, turn);
  }

  /**
   * Re-runs the turn that produced decision `decisionId` on `expert` (the inspector's "Re-route").
   * Returns false when no stored turn carries that decision (e.g. a code action's request).
   */
  async rerouteDecision(decisionId: string, expert: string): Promise<boolean> {
    await this.ensureLoaded();
    for (const conversation of this.history.conversations) {
      const turn = conversation.turns.find((t) => t.badge?.decisionId === decisionId);
      if (!turn) continue;
      this.history.activeId = conversation.id;
      this.pushState();
      // The answer streams into the panel; the caller only needs to know the turn was found.
      void this.rerun(conversation.id, turn.id, expert);
      return true;
    }
    return false;
  }

  newConversation(): void {
    const current = this.active();
    if (current.turns.length > 0) this.createConversation();
    this.persist();
    this.pushState();
    this.post({ type: 'focusInput' });
  }

  private select(conversationId: string): void {
    if (!this.history.conversations.some((c) => c.id === conversationId)) return;
    this.history.activeId = conversationId;
    this.persist();
    this.pushState();
  }

  private async remove(conversationId: string): Promise<void> {
    const conversation = this.history.conversations.find((c) => c.id === conversationId);
    if (!conversation) return;
    if (conversation.turns.length > 0) {
      const choice = await vscode.window.showWarningMessage(`Delete the conversation "${conversation.title}"?`, { modal: true }, 'Delete');
      if (choice !== 'Delete') return;
    }
    for (const turn of conversation.turns) this.inflight.get(turn.id)?.abort();
    this.history.conversations = this.history.conversations.filter((c) => c.id !== conversationId);
    if (this.history.activeId === conversationId) this.history.activeId = null;
    this.persist();
    this.pushState();
  }

  async attach(what: 'selection' | 'file'): Promise<void> {
    const attachment = captureAttachment(what);
    if (!attachment) {
      void vscode.window.showInformationMessage(`CoE: open an editor${what === 'selection' ? ' and select some text' : ''} to attach it.`);
      return;
    }
    this.attachments = [...this.attachments.filter((a) => a.label !== attachment.label), attachment];
    this.post({ type: 'attachments', attachments: toChips(this.attachments) });
  }

  dispose(): void {
    for (const controller of this.inflight.values()) controller.abort();
    this.inflight.clear();
  }
}
