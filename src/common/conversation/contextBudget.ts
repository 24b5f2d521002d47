import type { ChatMessage, ContextAttachment } from './messages';
import { estimateMessageTokens, estimateTokens, headWithinTokens, tailWithinTokens } from './tokenEstimate';

export interface ContextBudgetInput {
  systemPrompt?: string;
  /** Earlier turns, oldest first, without system messages. */
  history: readonly ChatMessage[];
  attachments: readonly ContextAttachment[];
  prompt: string;
  /** Tokens the request may use, answer excluded (see `promptBudget`). */
  budgetTokens: number;
}

/** One thing that was cut to fit the budget, worded for the user. */
export interface TrimNote {
  kind: 'history' | 'attachment' | 'prompt';
  label: string;
  removedTokens: number;
  message: string;
}

export interface BuiltContext {
  messages: ChatMessage[];
  estimatedTokens: number;
  trimmed: TrimNote[];
}

/** Below this an attachment excerpt is too short to be useful and is dropped instead. */
const MIN_EXCERPT_TOKENS = 48;

/**
 * How many tokens a request may use: the smaller of the configured cap and what the expert's
 * context window leaves after reserving room for the answer.
 */
export function promptBudget(contextLength: number, maxContextTokens: number, maxAnswerTokens?: number): number {
  const reserve = maxAnswerTokens ?? Math.min(1024, Math.floor(contextLength / 4));
  return Math.max(0, Math.min(maxContextTokens, contextLength - reserve));
}

/**
 * Builds the messages for one expert call within a token budget. Priority, so trimming is
 * predictable: the system prompt and the current prompt are kept (an over-long prompt loses its
 * middle), then attachments in the order given (the last ones are cut first), then history from
 * the newest turn backwards (the oldest turns are dropped first, whole messages only).
 */
export function buildContext(input: ContextBudgetInput): BuiltContext {
  const trimmed: TrimNote[] = [];
  const system = input.systemPrompt?.trim() ? input.systemPrompt : undefined;
  let remaining = input.budgetTokens - (system === undefined ? 0 : estimateMessageTokens(system));

  const prompt = fitPrompt(input.prompt, remaining, trimmed);
  remaining -= estimateMessageTokens(prompt);

  const blocks: string[] = [];
  for (const attachment of input.attachments) {
    const block = fitAttachment(attachment, remaining, trimmed);
    if (block === null) continue;
    blocks.push(block);
    remaining -= estimateTokens(block);
  }

  const history = fitHistory(input.history, remaining, trimmed);
  const userContent = blocks.length === 0 ? prompt : `${blocks.join('\n')}\n${prompt}`;
  const messages: ChatMessage[] = [
    ...(system === undefined ? [] : [{ role: 'system' as const, content: system }]),
    ...history,
    { role: 'user', content: userContent },
  ];
  const estimatedTokens = messages.reduce((sum, m) => sum + estimateMessageTokens(m.content), 0);
  return { messages, estimatedTokens, trimmed };
}

function fitPrompt(prompt: string, available: number, trimmed: TrimNote[]): string {
  const tokens = estimateMessageTokens(prompt);
  if (tokens <= available) return prompt;
  const marker = '\n[… middle of the prompt trimmed to fit the context window …]\n';
  const keep = Math.max(0, available - estimateMessageTokens(marker));
  const cut = `${headWithinTokens(prompt, Math.ceil(keep / 2))}${marker}${tailWithinTokens(prompt, Math.floor(keep / 2))}`;
  const removedTokens = tokens - estimateMessageTokens(cut);
  trimmed.push({
    kind: 'prompt',
    label: 'prompt',
    removedTokens,
    message: `trimmed ~${removedTokens} tokens from the middle of the prompt`,
  });
  return cut;
}

function formatAttachment(attachment: ContextAttachment, content: string): string {
  const fence = content.includes('```') ? '````' : '```';
  return `Context (${attachment.label}):\n${fence}${attachment.language ?? ''}\n${content}\n${fence}\n`;
}

function fitAttachment(attachment: ContextAttachment, available: number, trimmed: TrimNote[]): string | null {
  const full = formatAttachment(attachment, attachment.content);
  const fullTokens = estimateTokens(full);
  if (fullTokens <= available) return full;
  const frame = estimateTokens(formatAttachment(attachment, '')) + 16;
  if (available - frame < MIN_EXCERPT_TOKENS) {
    trimmed.push({
      kind: 'attachment',
      label: attachment.label,
      removedTokens: fullTokens,
      message: `dropped attachment ${attachment.label} (~${fullTokens} tokens): no room left in the context window`,
    });
    return null;
  }
  const head = headWithinTokens(attachment.content, available - frame);
  const totalLines = attachment.content.split('\n').length;
  const keptLines = head.split('\n').length - (head.endsWith('\n') ? 1 : 0);
  const block = formatAttachment(attachment, `${head}${head.endsWith('\n') ? '' : '\n'}[… trimmed …]`);
  const removedTokens = fullTokens - estimateTokens(block);
  trimmed.push({
    kind: 'attachment',
    label: attachment.label,
    removedTokens,
    message: `trimmed attachment ${attachment.label} to its first ${keptLines} of ${totalLines} lines (~${removedTokens} tokens removed)`,
  });
  return block;
}

function fitHistory(allHistory: readonly ChatMessage[], available: number, trimmed: TrimNote[]): ChatMessage[] {
  // The expert's own system prompt governs; stray system messages in history would contradict it.
  const history = allHistory.filter((m) => m.role !== 'system');
  let start = history.length;
  let used = 0;
  while (start > 0) {
    const cost = estimateMessageTokens(history[start - 1].content);
    if (used + cost > available) break;
    used += cost;
    start -= 1;
  }
  // Chat templates such as Gemma's require the turns to begin with a user message.
  while (start < history.length && history[start].role !== 'user') start += 1;
  if (start > 0) {
    const dropped = history.slice(0, start);
    const removedTokens = dropped.reduce((sum, m) => sum + estimateMessageTokens(m.content), 0);
    trimmed.push({
      kind: 'history',
      label: 'history',
      removedTokens,
      message: `dropped the ${start} oldest history message${start === 1 ? '' : 's'} (~${removedTokens} tokens)`,
    });
  }
  return history.slice(start);
}

/** One line per trim, for a log, a CLI note or the chat panel. */
export function describeTrims(trims: readonly TrimNote[]): string {
  return trims.map((t) => t.message).join('; ');
}
