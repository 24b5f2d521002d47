import type * as vscode from 'vscode';
import type { CoeConfig } from '../../common/config/schema';
import type { ChatMessage } from '../../common/conversation/messages';
import { describeBadge, toRoutingBadge } from '../../common/protocol/routingBadge';
import type { ChatEvent, ChatOutcome } from '../../node/chat/chatTypes';
import type { RoutedRequest } from '../chat/routedRequest';

export const PARTICIPANT_ID = 'coe.participant';
/** Slash commands that force a domain; `/expert <id> …` forces one expert. */
export const DOMAIN_COMMANDS = ['code', 'math', 'general'] as const;

/** The parts of the response stream the handler writes to (a recording fake in tests). */
export type ParticipantStream = Pick<vscode.ChatResponseStream, 'markdown' | 'progress'>;

export interface ParticipantRequest {
  prompt: string;
  command?: string;
}

export interface ParticipantResultMetadata {
  expert?: string;
  decisionId?: string;
  prompt: string;
}

export interface ParticipantDeps {
  config(): CoeConfig;
  run(request: RoutedRequest, onEvent: (event: ChatEvent) => void): Promise<ChatOutcome>;
}

/** What the user asked to force, and the prompt without the forcing part. */
export function parseForcing(request: ParticipantRequest): { override?: string; text: string; error?: string } {
  const command = request.command;
  if (!command) return { text: request.prompt };
  if ((DOMAIN_COMMANDS as readonly string[]).includes(command)) return { override: command, text: request.prompt };
  if (command === 'expert') {
    const match = /^\s*(\S+)\s*([\s\S]*)$/.exec(request.prompt);
    if (!match) return { text: '', error: 'Usage: `/expert <expert-id> your question`' };
    return { override: match[1], text: match[2] };
  }
  return { text: request.prompt };
}

/** Earlier @coe turns as chat messages: prompts and the markdown of our answers. */
export function historyFrom(context: vscode.ChatContext): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const turn of context.history) {
    if (turn.participant !== PARTICIPANT_ID) continue;
    if ('prompt' in turn) {
      messages.push({ role: 'user', content: turn.prompt });
    } else {
      const text = turn.response
        .map((part) => (typeof part === 'object' && part !== null && 'value' in part && typeof part.value === 'object' && part.value !== null && 'value' in part.value ? String(part.value.value) : ''))
        .join('')
        .replace(/^> \*Routed:\*.*\n\n/m, '');
      if (text.trim() !== '') messages.push({ role: 'assistant', content: text });
    }
  }
  return messages;
}

/**
 * The `@coe` handler: the same routed pipeline as the panel (source "participant"), a routing line
 * at the top of each answer, and metadata for follow-ups. Cancellation ends quietly.
 */
export function createParticipantHandler(deps: ParticipantDeps) {
  return async (
    request: ParticipantRequest,
    context: vscode.ChatContext,
    stream: ParticipantStream,
    signal: AbortSignal,
  ): Promise<{ metadata: ParticipantResultMetadata; errorDetails?: { message: string } }> => {
    const forcing = parseForcing(request);
    if (forcing.error) {
      stream.markdown(forcing.error);
      return { metadata: { prompt: request.prompt } };
    }
    const config = deps.config();
    if (forcing.override && !config.experts.some((e) => e.id === forcing.override) && !(forcing.override in config.categoryTable)) {
      const known = config.experts.map((e) => `\`${e.id}\``).join(', ');
      stream.markdown(`Unknown expert \`${forcing.override}\`. Configured experts: ${known}.`);
      return { metadata: { prompt: request.prompt } };
    }
    stream.progress('Routing…');
    const outcome = await deps.run(
      { source: 'participant', text: forcing.text, override: forcing.override, history: historyFrom(context), signal },
      (event) => {
        if (event.type === 'decision') stream.markdown(`> *Routed:* ${describeBadge(toRoutingBadge(event.decision, config))}\n\n`);
        else if (event.type === 'token') stream.markdown(event.text);
      },
    );
    const metadata = { expert: outcome.expert, decisionId: outcome.decision.id, prompt: forcing.text };
    if (outcome.type === 'error') return { metadata, errorDetails: { message: outcome.message } };
    return { metadata };
  };
}

/** Follow-ups: re-ask the same prompt on each other expert (recorded as a user override). */
export function followupsFor(metadata: ParticipantResultMetadata | undefined, config: CoeConfig): vscode.ChatFollowup[] {
  if (!metadata?.expert || metadata.prompt.trim() === '') return [];
  return config.experts
    .filter((e) => e.id !== metadata.expert)
    .slice(0, 3)
    .map((e) => ({ prompt: `${e.id} ${metadata.prompt}`, command: 'expert', label: `Ask ${e.displayName ?? e.id} instead` }));
}
