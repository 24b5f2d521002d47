import type { Domain } from '../categories';

/** Why a decision did not simply follow the router's top category. */
export const FALLBACK_REASONS = [
  'lowConfidence',
  'emptyPrompt',
  'classifierError',
  'classifierTimeout',
  'userOverride',
  'expertUnavailable',
] as const;
export type FallbackReason = (typeof FALLBACK_REASONS)[number];

export interface TokenAttribution {
  token: string;
  /** Contribution to the chosen category's logit (exact for linear models). */
  weight: number;
  /** Character offsets in the original text, when known. */
  start?: number;
  end?: number;
}

export interface ClassifierResult {
  categories: readonly string[];
  probabilities: readonly number[];
  logits: readonly number[];
  top: string;
  confidence: number;
  /** Shannon entropy divided by ln(number of categories): 0 = certain, 1 = uniform. */
  entropy: number;
  latencyMs: number;
  /** Contributions to the top category's logit; empty when the model does not provide them. */
  attributions: TokenAttribution[];
  /** Bias term of the top category: attributions plus this equal its logit. */
  bias?: number;
  /** Set when a user adapter is applied: its exact share of `attributions` and `bias` (base = total − adapter). */
  adapter?: AdapterShare;
}

/** The user adapter's part of a decision: per-token contributions and bias for the top category. */
export interface AdapterShare {
  /** Version of the adapter in the store, when known. */
  version?: string;
  bias: number;
  /** Same tokens as `attributions`; each is the adapter's part of that token's weight. */
  attributions: TokenAttribution[];
}

/** One step in the life of a decision, in order (explicit addressing, fallback, expert failover, …). */
export interface DecisionStep {
  kind: FallbackReason | 'routed' | 'explicit' | 'sticky';
  expert: string;
  detail?: string;
}

export interface RoutingDecision {
  id: string;
  timestamp: number;
  /** Router's top category (null when the router did not run or failed). */
  category: string | null;
  domain: Domain | null;
  expert: string;
  /** Probability of the top category. */
  confidence: number;
  /** Normalised entropy over the categories. */
  entropy: number;
  /**
   * Summed probability of the categories whose table row picks the same expert as the top category, and the
   * normalised entropy of the per-expert masses: what the uncertainty fallback tests. Absent when the router
   * did not answer (and in records written before they existed).
   */
  expertConfidence?: number;
  expertEntropy?: number;
  /**
   * The expert `expertConfidence` is about: the first of the top category's table row. It differs from `expert` after a
   * fallback, an override or a sticky turn. Absent when the router did not answer and in older records.
   */
  confidenceExpert?: string;
  /** The thresholds the uncertainty test compared against when this decision was made (absent in older records). */
  thresholds?: { minConfidence: number; maxEntropy: number };
  probabilities: Record<string, number>;
  fallbackReason: FallbackReason | null;
  fallbackDetail: string | null;
  steps: DecisionStep[];
  /** The category→expert table row that fired, when one did. */
  tableRow: { key: string; experts: string[] } | null;
  sticky: boolean;
  latencyMs: number;
  attributions: TokenAttribution[];
  /** The user adapter's share of `attributions`, when one is applied. */
  adapter?: AdapterShare;
  routerParams: number;
  expertActiveParams: number;
  /** routerParams + expertActiveParams: what this request cost. */
  activeParams: number;
  baselineParams: number;
}
