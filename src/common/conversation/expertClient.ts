import type { ChatMessage, TokenUsage } from './messages';

/**
 * Why a stream ended. `cancelled` is the quiet result of the caller aborting: it is not an error and
 * carries whatever text had arrived.
 */
export type FinishReason = 'stop' | 'length' | 'contentFilter' | 'toolCalls' | 'cancelled' | 'unknown';

export interface ExpertStreamRequest {
  messages: ChatMessage[];
  signal: AbortSignal;
}

export interface ExpertStreamResult {
  text: string;
  usage?: TokenUsage;
  finishReason: FinishReason;
}

export interface ExpertHealth {
  expertId: string;
  reachable: boolean;
  /** null when the endpoint cannot say (e.g. it does not list models). */
  modelPresent: boolean | null;
  latencyMs: number;
  /** Actionable reason when unreachable or the model is missing. */
  error?: string;
  /** Model names the endpoint offers (truncated), to help fix a wrong `model`. */
  availableModels?: string[];
}

/**
 * One expert LLM behind any transport (OpenAI-compatible HTTP, VS Code language models).
 * Failures reject with an `ExpertError`; aborting `signal` resolves with finishReason `cancelled`.
 */
export interface ExpertClient {
  readonly expertId: string;
  stream(request: ExpertStreamRequest, onToken: (text: string) => void): Promise<ExpertStreamResult>;
  health(signal: AbortSignal): Promise<ExpertHealth>;
}

export type ExpertClientFactory = (expertId: string) => ExpertClient;
