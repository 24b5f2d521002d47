import type { Domain } from '../../src/common/categories';
import type { Prediction } from './evaluate';
import { ROUTER_CATEGORIES } from './categories';

export interface FallbackStats {
  minConfidence: number;
  maxEntropy: number;
  /** Share of prompts sent to the generalist because the router was unsure. */
  fallbackRate: number;
  /** Domain accuracy on the prompts that were routed (not sent to the generalist). */
  routedDomainAccuracy: number;
  routedCategoryAccuracy: number;
}

export function fallbackStats(predictions: readonly Prediction[], gold: readonly { domain: Domain; category: string }[], minConfidence: number, maxEntropy: number): FallbackStats {
  let routed = 0;
  let domainCorrect = 0;
  let categoryCorrect = 0;
  predictions.forEach((p, i) => {
    if (p.confidence < minConfidence || p.entropy > maxEntropy) return;
    routed += 1;
    const top = ROUTER_CATEGORIES[p.top];
    if (top.domain === gold[i].domain) domainCorrect += 1;
    if (top.id === gold[i].category) categoryCorrect += 1;
  });
  const n = predictions.length;
  return {
    minConfidence,
    maxEntropy,
    fallbackRate: n ? 1 - routed / n : 0,
    routedDomainAccuracy: routed ? domainCorrect / routed : 0,
    routedCategoryAccuracy: routed ? categoryCorrect / routed : 0,
  };
}

/**
 * The rule: the generalist is the safe but expensive answer, so let the fallback fire on at most
 * `maxFallbackRate` of held-out-source prompts, and within that budget pick the thresholds that make the
 * routed share most accurate at the domain level (ties: the lower fallback rate).
 */
export function chooseThresholds(predictions: readonly Prediction[], gold: readonly { domain: Domain; category: string }[], maxFallbackRate = 0.1): FallbackStats {
  let best: FallbackStats | undefined;
  for (let c = 0; c <= 14; c++) {
    for (let e = 0; e <= 10; e++) {
      const stats = fallbackStats(predictions, gold, Number((c * 0.05).toFixed(2)), Number((0.5 + e * 0.05).toFixed(2)));
      if (stats.fallbackRate > maxFallbackRate) continue;
      const better =
        !best ||
        stats.routedDomainAccuracy > best.routedDomainAccuracy + 1e-12 ||
        (Math.abs(stats.routedDomainAccuracy - best.routedDomainAccuracy) <= 1e-12 && stats.fallbackRate < best.fallbackRate);
      if (better) best = stats;
    }
  }
  return best ?? fallbackStats(predictions, gold, 0, 1);
}
