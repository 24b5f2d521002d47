import { z } from 'zod';
import { FALLBACK_REASONS } from '../../common/routing/decision';
import type { DecisionRecord, DecisionSource } from '../../common/decisions/decisionRecord';

const SOURCES = ['chat', 'participant', 'codeAction', 'cli', 'calibration'] as const satisfies readonly DecisionSource[];
const STEP_KINDS = [...FALLBACK_REASONS, 'routed', 'explicit', 'sticky'] as const;
const finite = z.number().finite();

const attribution = z.object({
  token: z.string(),
  weight: finite,
  start: z.number().int().nonnegative().optional(),
  end: z.number().int().nonnegative().optional(),
});

const decision = z.object({
  id: z.string().min(1),
  timestamp: finite,
  category: z.string().nullable(),
  domain: z.enum(['code', 'math', 'general']).nullable(),
  expert: z.string().min(1),
  confidence: finite,
  entropy: finite,
  expertConfidence: finite.optional(),
  expertEntropy: finite.optional(),
  confidenceExpert: z.string().min(1).optional(),
  thresholds: z.object({ minConfidence: finite, maxEntropy: finite }).optional(),
  probabilities: z.record(z.string(), finite),
  fallbackReason: z.enum(FALLBACK_REASONS).nullable(),
  fallbackDetail: z.string().nullable(),
  steps: z.array(z.object({ kind: z.enum(STEP_KINDS), expert: z.string(), detail: z.string().optional() })),
  tableRow: z.object({ key: z.string(), experts: z.array(z.string()) }).nullable(),
  sticky: z.boolean(),
  latencyMs: finite,
  attributions: z.array(attribution),
  routerParams: finite,
  expertActiveParams: finite,
  activeParams: finite,
  baselineParams: finite,
});

/**
 * A decision record as it may be read back from disk. Every field the views rely on is checked, so
 * a line that parses here renders; anything else is treated as corruption, never guessed at.
 */
export const StoredDecisionRecordSchema = z.object({
  decision,
  source: z.enum(SOURCES),
  promptExcerpt: z.string().nullable(),
  conversationId: z.string().optional(),
  usage: z.object({ promptTokens: finite.optional(), completionTokens: finite.optional() }).optional(),
  outcome: z.enum(['streaming', 'ok', 'error', 'cancelled']).optional(),
  error: z.string().optional(),
});

/** Narrows a parsed JSON value to a record, or explains (first issue only) why it is not one. */
export function parseStoredRecord(value: unknown): { ok: true; record: DecisionRecord } | { ok: false; reason: string } {
  const parsed = StoredDecisionRecordSchema.safeParse(value);
  if (parsed.success) return { ok: true, record: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, reason: `${issue.path.join('.') || '(record)'}: ${issue.message}` };
}
