import type { HostMessage } from '../../common/protocol/chatProtocol';
import { toRoutingBadge } from '../../common/protocol/routingBadge';
import type { ChatMessage } from '../../common/conversation/messages';
import type { CoeServices } from '../core/services';
import type { StoredConversation, StoredTurn } from './conversationStore';
import { runRoutedRequest } from './routedRequest';

/** Tokens are sent to the webview at most this often: one message per frame, not one per token. */
const FLUSH_INTERVAL_MS = 16;

export interface TurnHost {
  post(message: HostMessage): void;
  /** Persist after structural changes and at the end of each turn (not per token). */
  persist(): void;
}

/** The messages before `turn`: finished answers only, so a failed turn is not fed back to the expert. */
export function historyBefore(conversation: StoredConversation, turn: StoredTurn): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const earlier of conversation.turns) {
    if (earlier.id === turn.id) break;
    if (earlier.answer.trim() === '') continue;
    messages.push({ role: 'user', content: earlier.prompt }, { role: 'assistant', content: earlier.answer });
  }
  return messages;
}

/** The expert of the conversation's first answered turn, for `coe.stickyRouting`. */
function stickyExpertOf(conversation: StoredConversation): string | undefined {
  return conversation.turns.find((t) => t.badge && t.status === 'ok')?.badge?.expert;
}

/**
 * Runs one turn of a conversation through the routed pipeline and mirrors it into the stored turn
 * and the webview. Resolves when the turn has finished in any way; never rejects for expert failures.
 */
export async function runTurn(
  services: CoeServices,
  host: TurnHost,
  conversation: StoredConversation,
  turn: StoredTurn,
  signal: AbortSignal,
): Promise<void> {
  const conversationId = conversation.id;
  let pending = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending === '') return;
    host.post({ type: 'tokens', conversationId, turnId: turn.id, offset: turn.answer.length - pending.length, text: pending });
    pending = '';
  };
  try {
    const outcome = await runRoutedRequest(
      services,
      {
        source: 'chat',
        text: turn.prompt,
        history: historyBefore(conversation, turn),
        attachments: turn.attachments.map((a) => ({ label: a.label, content: a.content, language: a.language })),
        override: turn.override,
        stickyExpert: stickyExpertOf(conversation),
        conversationId,
        signal,
      },
      (event) => {
        if (event.type === 'decision') {
          flush();
          turn.badge = toRoutingBadge(event.decision, services.config.config);
          host.post({ type: 'decision', conversationId, turnId: turn.id, badge: turn.badge, notes: turn.notes ?? [] });
        } else if (event.type === 'token') {
          turn.answer += event.text;
          pending += event.text;
          timer ??= setTimeout(flush, FLUSH_INTERVAL_MS);
        }
      },
    );
    flush();
    turn.notes = outcome.trimmed.map((t) => t.message);
    turn.badge = toRoutingBadge(outcome.decision, services.config.config, outcome.expert);
    if (outcome.type === 'done') {
      turn.answer = outcome.text || turn.answer;
      turn.status = outcome.finishReason === 'cancelled' ? 'cancelled' : 'ok';
      if (outcome.finishReason === 'length') turn.notes.push('the answer was cut at the expert\'s token limit');
    } else {
      turn.answer = outcome.partialText || turn.answer;
      turn.status = 'error';
      turn.error = outcome.message;
    }
  } catch (error) {
    flush();
    turn.status = 'error';
    turn.error = error instanceof Error ? error.message : String(error);
    services.log.error(`chat turn failed: ${turn.error}`);
  }
  if (turn.badge) host.post({ type: 'decision', conversationId, turnId: turn.id, badge: turn.badge, notes: turn.notes ?? [] });
  host.post({
    type: 'turnFinished', conversationId, turnId: turn.id,
    status: turn.status, answer: turn.answer,
    ...(turn.error ? { error: turn.error } : {}),
  });
  conversation.updatedAt = Date.now();
  host.persist();
}
