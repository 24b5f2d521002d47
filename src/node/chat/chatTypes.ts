import type { CoeConfig, ExpertConfig } from '../../common/config/schema';
import type { TrimNote } from '../../common/conversation/contextBudget';
import type { ExpertClient, FinishReason } from '../../common/conversation/expertClient';
import type { ExpertErrorKind } from '../../common/conversation/expertError';
import type { ChatMessage, ContextAttachment, TokenUsage } from '../../common/conversation/messages';
import type { RoutingDecision } from '../../common/routing/decision';
import type { RouteInput, RouteOutcome } from '../../common/routing/routeRequest';

export interface ChatRequest {
  text: string;
  /** Earlier turns of the conversation, oldest first. */
  history?: readonly ChatMessage[];
  attachments?: readonly ContextAttachment[];
  /** Expert id, category or domain chosen by the caller (`--expert`, a slash command, a re-route). */
  override?: string;
  stickyExpert?: string;
  signal: AbortSignal;
}

export interface RetryPolicy {
  /** Wait before the retry when the server gives no Retry-After. */
  defaultDelayMs: number;
  /** A longer Retry-After is not waited for: the request fails over instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { defaultDelayMs: 250, maxRetryAfterMs: 5000 };

export interface ChatDependencies {
  config: CoeConfig;
  route: (input: RouteInput) => Promise<RouteOutcome>;
  clientFor: (expert: ExpertConfig) => ExpertClient;
  retry?: RetryPolicy;
  /** Injected so tests need not wait for real Retry-After delays. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  now?: () => number;
}

export interface ChatTimings {
  routeMs: number;
  /** From the start of the request to the first token; null when none arrived. */
  firstTokenMs: number | null;
  totalMs: number;
}

export interface ChatDone {
  type: 'done';
  expert: string;
  text: string;
  usage?: TokenUsage;
  finishReason: FinishReason;
  decision: RoutingDecision;
  trimmed: TrimNote[];
  timings: ChatTimings;
}

export interface ChatFailure {
  type: 'error';
  /** The expert that failed last (after failover, the last one tried). */
  expert: string;
  kind: ExpertErrorKind;
  message: string;
  /** The answer so far when the failure came after the first token. */
  partialText: string;
  decision: RoutingDecision;
  trimmed: TrimNote[];
  timings: ChatTimings;
}

/**
 * What the pipeline reports, in order: a `decision` (again after every failover), `token`s as they
 * arrive, then exactly one `done` or `error`. Cancellation ends with `done` and finishReason `cancelled`.
 */
export type ChatEvent =
  | { type: 'decision'; decision: RoutingDecision }
  | { type: 'token'; text: string; expert: string }
  | ChatDone
  | ChatFailure;

export type ChatOutcome = ChatDone | ChatFailure;
