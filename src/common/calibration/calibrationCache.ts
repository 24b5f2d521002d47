import type { ExpertConfig } from '../config/schema';
import type { FinishReason } from '../conversation/expertClient';
import type { ChatMessage, TokenUsage } from '../conversation/messages';
import type { JudgeMode } from './judgePrompt';
import type { PairVerdict } from './judgeVerdict';

/**
 * The calibration cache holds answers and judgments under keys derived from everything that can
 * change them, so a re-run asks only what changed: a new prompt, an expert whose model or sampling
 * settings changed, another judge or a new judge prompt version. Failures are never cached.
 */
export const CACHE_FORMAT_VERSION = 1;

export interface CachedAnswer {
  text: string;
  finishReason: FinishReason;
  usage?: TokenUsage;
}

export type CachedJudgment =
  | { kind: 'rating'; value: number; clamped?: boolean; explanation: string }
  | { kind: 'pair'; value: PairVerdict; explanation: string };

export interface CalibrationCacheData {
  formatVersion: typeof CACHE_FORMAT_VERSION;
  answers: Record<string, CachedAnswer>;
  judgments: Record<string, CachedJudgment>;
}

export function emptyCacheData(): CalibrationCacheData {
  return { formatVersion: CACHE_FORMAT_VERSION, answers: {}, judgments: {} };
}

/** Hashing is injected: `src/common` stays free of node:crypto, tests may use any stable function. */
export type HashText = (text: string) => string;

/** The judge's explanation is kept for the view, short enough that the cache stays small. */
export const MAX_EXPLANATION_CHARS = 600;

/** JSON with object keys sorted at every level: equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The expert settings that change what it answers. The id and display name are left out (renaming
 * keeps the cache), and so are headers (they route or authenticate, and may hold secrets).
 */
export function answeringFields(expert: ExpertConfig): Record<string, unknown> {
  return {
    kind: expert.kind,
    baseUrl: expert.baseUrl,
    model: expert.model,
    vendor: expert.vendor,
    temperature: expert.temperature,
    maxTokens: expert.maxTokens,
  };
}

export function answerKey(hash: HashText, expert: ExpertConfig, messages: readonly ChatMessage[]): string {
  return hash(canonicalJson({ kind: 'answer', expert: answeringFields(expert), messages }));
}

/** `messages` are the full judge prompt, so the question, answers and template text are all in the key. */
export function judgmentKey(
  hash: HashText,
  judge: ExpertConfig,
  mode: JudgeMode,
  promptVersion: string,
  messages: readonly ChatMessage[],
): string {
  return hash(canonicalJson({ kind: 'judgment', judge: answeringFields(judge), mode, promptVersion, messages }));
}
