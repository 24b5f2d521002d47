/**
 * The one typed protocol between the chat panel's host (src/vscode/chat) and its webview
 * (webview/chat). The webview renders records and sends intents; routing and expert calls happen
 * only in the host.
 */
import type { FallbackReason } from '../routing/decision';
import type { RpcReply, RpcRequest } from './rpc';

/** What the answer's badge shows about the routing decision. */
export interface RoutingBadge {
  decisionId: string;
  category: string | null;
  domain: string | null;
  expert: string;
  expertName: string;
  /** Top-category probability, 0..1 (0 when the router did not run). */
  confidence: number;
  /**
   * What the fallback tests: summed probability of the categories that go to `confidenceExpert` (the router's
   * expert). Absent when the router did not answer and for decisions recorded before it existed.
   */
  expertConfidence?: number;
  confidenceExpert?: string;
  /** Router + expert parameters used per token. */
  activeParams: number;
  baselineParams: number;
  fallbackReason: FallbackReason | null;
  fallbackDetail: string | null;
  /** Experts tried before the one that answered (failover), in order. */
  failedOver: string[];
}

export type TurnStatus = 'streaming' | 'ok' | 'cancelled' | 'error';

export interface AttachmentChip {
  id: string;
  label: string;
  kind: 'selection' | 'file';
  tokens: number;
}

export interface TurnView {
  id: string;
  prompt: string;
  attachments: AttachmentChip[];
  answer: string;
  status: TurnStatus;
  error?: string;
  badge?: RoutingBadge;
  /** Notes on context that was trimmed to fit the expert's window. */
  notes?: string[];
}

export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: number;
  turns: number;
}

export interface ExpertOption {
  id: string;
  name: string;
}

export interface ConversationView {
  id: string;
  title: string;
  turns: TurnView[];
}

/** Full snapshot: sent on (re)load of the webview and after structural changes. */
export interface PanelState {
  conversations: ConversationSummary[];
  active: ConversationView;
  experts: ExpertOption[];
  attachments: AttachmentChip[];
}

export interface RoutePreview {
  expert: string;
  expertName: string;
  category: string | null;
  /** Top-category probability. */
  confidence: number;
  /** Expert-level confidence (what the fallback tests) and the expert it is about; see RoutingBadge. */
  expertConfidence?: number;
  confidenceExpert?: string;
  fallbackReason: FallbackReason | null;
}

// A type alias, not an interface: it must satisfy RpcMethods' index signature.
export type ChatRpc = {
  previewRoute: { params: { text: string }; result: RoutePreview | null };
};

export type HostMessage =
  | { type: 'state'; state: PanelState }
  | { type: 'turnStarted'; conversationId: string; turn: TurnView }
  | { type: 'decision'; conversationId: string; turnId: string; badge: RoutingBadge; notes: string[] }
  /**
   * Coalesced text (the host batches tokens) to place at `offset` of the turn's answer; the offset
   * lets a webview that just received a snapshot skip text it already has.
   */
  | { type: 'tokens'; conversationId: string; turnId: string; offset: number; text: string }
  | { type: 'turnFinished'; conversationId: string; turnId: string; status: Exclude<TurnStatus, 'streaming'>; answer: string; error?: string }
  | { type: 'attachments'; attachments: AttachmentChip[] }
  | { type: 'notice'; level: 'info' | 'warning' | 'error'; text: string }
  | { type: 'focusInput' }
  | RpcReply;

export type CodeBlockAction = 'copy' | 'insert' | 'apply';

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'send'; conversationId: string; text: string }
  | { type: 'stop'; conversationId: string; turnId: string }
  | { type: 'retry'; conversationId: string; turnId: string }
  | { type: 'reroute'; conversationId: string; turnId: string; expert: string }
  | { type: 'newConversation' }
  | { type: 'selectConversation'; conversationId: string }
  | { type: 'deleteConversation'; conversationId: string }
  | { type: 'attach'; what: 'selection' | 'file' }
  | { type: 'removeAttachment'; id: string }
  | { type: 'codeBlock'; action: CodeBlockAction; code: string; language: string }
  | RpcRequest<ChatRpc>;

const WEBVIEW_TYPES: ReadonlySet<string> = new Set([
  'ready', 'send', 'stop', 'retry', 'reroute', 'newConversation', 'selectConversation',
  'deleteConversation', 'attach', 'removeAttachment', 'codeBlock', 'rpcRequest',
]);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * Checks a message from the webview before the host acts on it: the webview renders model output,
 * so it is treated as a less trusted peer (shape and field types are verified, not assumed).
 */
export function parseWebviewMessage(raw: unknown): WebviewMessage | null {
  if (!isRecord(raw)) return null;
  if (raw.kind === 'rpcRequest') {
    return typeof raw.id === 'number' && isString(raw.method) ? (raw as unknown as WebviewMessage) : null;
  }
  if (!isString(raw.type) || !WEBVIEW_TYPES.has(raw.type)) return null;
  const fields: Record<string, readonly string[]> = {
    send: ['conversationId', 'text'],
    stop: ['conversationId', 'turnId'],
    retry: ['conversationId', 'turnId'],
    reroute: ['conversationId', 'turnId', 'expert'],
    selectConversation: ['conversationId'],
    deleteConversation: ['conversationId'],
    removeAttachment: ['id'],
    codeBlock: ['action', 'code', 'language'],
    attach: ['what'],
  };
  for (const field of fields[raw.type] ?? []) if (!isString(raw[field])) return null;
  if (raw.type === 'attach' && raw.what !== 'selection' && raw.what !== 'file') return null;
  if (raw.type === 'codeBlock' && !['copy', 'insert', 'apply'].includes(raw.action as string)) return null;
  return raw as unknown as WebviewMessage;
}

/** Short human form of a parameter count: 7.62e9 → "7.6B". */
export function formatParams(count: number): string {
  if (count >= 1e12) return `${(count / 1e12).toFixed(1)}T`;
  if (count >= 1e9) return `${(count / 1e9).toFixed(1)}B`;
  if (count >= 1e6) return `${(count / 1e6).toFixed(1)}M`;
  if (count >= 1e3) return `${(count / 1e3).toFixed(1)}K`;
  return String(Math.round(count));
}

/** A conversation title from its first prompt: one line, at most `max` characters. */
export function titleFromPrompt(prompt: string, max = 48): string {
  const line = prompt.trim().split('\n')[0].replace(/\s+/g, ' ');
  if (line === '') return 'New conversation';
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
