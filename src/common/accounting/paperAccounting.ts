import { PAPER_EXPERTS, PAPER_HEADLINES, PAPER_ROUTER_PARAMS } from '../sim/paperPreset';

/**
 * The paper's cost measure for a routing mix: router + Σ share(e) · activeParams(e), beside one
 * monolithic expert answering everything. The paper does not publish its routing shares, so the mix is
 * an input; the default is illustrative only.
 */
export interface PaperMix {
  /** Expert id → share of requests; normalised, so any non-negative weights work. */
  shares: Readonly<Record<string, number>>;
  /** Id of the expert that would answer everything without a CoE. */
  baselineId: string;
  routerParams?: number;
}

export interface PaperAccounting {
  experts: { id: string; displayName: string; activeParams: number; share: number }[];
  routerParams: number;
  baselineId: string;
  baselineParams: number;
  avgActiveParams: number;
  savingRatio: number;
  headlines: { benchmark: string; score: number; avgActiveParams: number }[];
}

/** Mostly the small experts, a fifth on the two 70B-class ones: lands near the paper's 31B headline. */
export const ILLUSTRATIVE_PAPER_SHARES: Readonly<Record<string, number>> = {
  'qwen2-7b-instruct': 0.35,
  'gemma-2-9b-it': 0.25,
  'gemma-2-27b-it': 0.2,
  'llama-3.1-70b-instruct': 0.1,
  'qwen2-72b-instruct': 0.1,
};
export const DEFAULT_PAPER_BASELINE = 'qwen2-72b-instruct';

export class UnknownPaperExpertError extends Error {
  override readonly name = 'UnknownPaperExpertError';
}

export function paperAccounting(mix: PaperMix): PaperAccounting {
  const baseline = PAPER_EXPERTS.find((e) => e.id === mix.baselineId);
  if (!baseline) throw new UnknownPaperExpertError(`"${mix.baselineId}" is not one of the paper's experts (${PAPER_EXPERTS.map((e) => e.id).join(', ')})`);
  const weights = PAPER_EXPERTS.map((e) => {
    const w = mix.shares[e.id] ?? 0;
    return Number.isFinite(w) && w > 0 ? w : 0;
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  const experts = PAPER_EXPERTS.map((e, i) => ({
    id: e.id,
    displayName: e.displayName,
    activeParams: e.activeParams,
    share: sum > 0 ? weights[i] / sum : 0,
  }));
  const routerParams = mix.routerParams ?? PAPER_ROUTER_PARAMS;
  const avgActiveParams = routerParams + experts.reduce((acc, e) => acc + e.share * e.activeParams, 0);
  return {
    experts,
    routerParams,
    baselineId: baseline.id,
    baselineParams: baseline.activeParams,
    avgActiveParams,
    savingRatio: avgActiveParams > 0 ? baseline.activeParams / avgActiveParams : 1,
    headlines: PAPER_HEADLINES.map((h) => ({ ...h })),
  };
}
