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
    if (p.expertConfidence < minConfidence || p.expertEntropy > maxEntropy) return;
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

export const THRESHOLD_GRID = { minConfidence: { from: 0.35, to: 0.95 }, maxEntropy: { from: 0.2, to: 1 }, step: 0.05 };

/**
 * Thresholds apply to the expert-level view (summed probability of the categories that share the chosen
 * expert, normalised entropy of the per-expert masses), as routeRequest does. The rule: the generalist is the safe but expensive answer, so let the fallback fire on at most
 * `maxFallbackRate` of held-out-source prompts, and within that budget pick the thresholds that make the
 * routed share most accurate at the domain level (ties: the lower fallback rate).
 */
export function chooseThresholds(predictions: readonly Prediction[], gold: readonly { domain: Domain; category: string }[], maxFallbackRate = 0.1): FallbackStats {
  let best: FallbackStats | undefined;
  const g = THRESHOLD_GRID;
  const cSteps = Math.round((g.minConfidence.to - g.minConfidence.from) / g.step);
  const eSteps = Math.round((g.maxEntropy.to - g.maxEntropy.from) / g.step);
  for (let c = 0; c <= cSteps; c++) {
    for (let e = 0; e <= eSteps; e++) {
      const stats = fallbackStats(predictions, gold, Number((g.minConfidence.from + c * g.step).toFixed(2)), Number((g.maxEntropy.from + e * g.step).toFixed(2)));
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
