import type { RoutingDecision } from './decision';

/** The fields a surface needs to say how sure the router was (decisions, inspector rows, badges all carry them). */
export type ConfidenceFields = Pick<RoutingDecision, 'category' | 'confidence'> &
  Partial<Pick<RoutingDecision, 'entropy' | 'expertConfidence' | 'expertEntropy' | 'confidenceExpert'>>;

/**
 * One notion of confidence for every surface: what the uncertainty fallback tests — the summed probability of the
 * categories that go to the router's expert, and the entropy over experts. The top category's probability is
 * secondary detail. Records written before expert-level figures existed fall back to the top category's.
 */
export interface RoutingConfidence {
  /** Expert-level confidence (top-category probability when `expertLevel` is false). */
  confidence: number;
  /** Normalised entropy over experts (over categories when `expertLevel` is false); null when not carried. */
  entropy: number | null;
  /** True when `confidence`/`entropy` are the expert-level figures the fallback tests. */
  expertLevel: boolean;
  /** The expert `confidence` is about, when recorded. */
  expert: string | null;
  topCategory: string | null;
  topProbability: number;
}

export function routingConfidence(d: ConfidenceFields): RoutingConfidence {
  const expertLevel = d.expertConfidence !== undefined;
  return {
    confidence: d.expertConfidence ?? d.confidence,
    entropy: d.expertEntropy ?? d.entropy ?? null,
    expertLevel,
    expert: expertLevel ? d.confidenceExpert ?? null : null,
    topCategory: d.category,
    topProbability: d.confidence,
  };
}

/**
 * "code 0.91 · top category debugging 0.52"; "expert 0.91 · …" when the expert was not recorded; for an older record,
 * "debugging 0.52 (top category)". Empty string when the router did not classify.
 */
export function describeConfidence(d: ConfidenceFields, digits = 2): string {
  if (d.category === null) return '';
  const c = routingConfidence(d);
  if (!c.expertLevel) return `${c.topCategory} ${c.topProbability.toFixed(digits)} (top category)`;
  return `${c.expert ?? 'expert'} ${c.confidence.toFixed(digits)} · top category ${c.topCategory} ${c.topProbability.toFixed(digits)}`;
}
