import { ILLUSTRATIVE_PAPER_SHARES } from '../accounting/paperAccounting';
import { PAPER_BENCHMARK_EXPERT_PARAMS, PAPER_EXPERTS, PAPER_ROUTER_PARAMS } from '../sim/paperPreset';
import type { ExpertWeights } from '../sim/residency';

export interface TraceInput {
  label: string;
  trace: string[];
  experts: Record<string, ExpertWeights>;
  routerParams: number;
  /** Experts the trace names but nobody described; they were given an assumed size. */
  unknown?: string[];
}

/** Deterministic so a replay looks the same every time (and tests can pin it). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** The CoE paper's five experts, requested in the illustrative mix the dashboard starts from. */
export function paperFiveTrace(requests = 60): TraceInput {
  const random = lcg(5);
  const ids = PAPER_EXPERTS.map((e) => e.id);
  const cumulative: number[] = [];
  ids.reduce((acc, id) => (cumulative.push(acc + (ILLUSTRATIVE_PAPER_SHARES[id] ?? 0)), acc + (ILLUSTRATIVE_PAPER_SHARES[id] ?? 0)), 0);
  const total = cumulative[cumulative.length - 1];
  const trace = Array.from({ length: requests }, () => {
    const r = random() * total;
    return ids[cumulative.findIndex((c) => r < c)] ?? ids[ids.length - 1];
  });
  const experts = Object.fromEntries(PAPER_EXPERTS.map((e) => [e.id, { totalParams: e.totalParams, activeParams: e.activeParams }]));
  return { label: "CoE paper's five experts (illustrative mix)", trace, experts, routerParams: PAPER_ROUTER_PARAMS };
}

/**
 * The SN40L paper's switching benchmark: 150 Llama-2-7B experts. Every expert is requested once (in a
 * shuffled order) before requests spread uniformly, so all 150 must be stored — what sends DGX out of memory.
 */
export function paper150Trace(requests = 300): TraceInput {
  const random = lcg(150);
  const ids = Array.from({ length: 150 }, (_, i) => `llama2-7b-${String(i + 1).padStart(3, '0')}`);
  const firstVisits = [...ids];
  for (let i = firstVisits.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [firstVisits[i], firstVisits[j]] = [firstVisits[j], firstVisits[i]];
  }
  const rest = Array.from({ length: Math.max(0, requests - ids.length) }, () => ids[Math.floor(random() * ids.length)]);
  const trace = [...firstVisits, ...rest].slice(0, requests);
  const weights = { totalParams: PAPER_BENCHMARK_EXPERT_PARAMS, activeParams: PAPER_BENCHMARK_EXPERT_PARAMS };
  const experts = Object.fromEntries(ids.map((id) => [id, weights]));
  return { label: "SN40L paper's benchmark: 150 × Llama-2-7B", trace, experts, routerParams: PAPER_ROUTER_PARAMS };
}
