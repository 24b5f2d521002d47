import type { RoutingDecision } from '../routing/decision';

export interface ParamTotals {
  requests: number;
  /** Σ (router + expert active parameters) over the requests. */
  activeParams: number;
  /** Σ baseline parameters: the same traffic priced on the monolithic baseline. */
  baselineParams: number;
}

export interface ParamSummary extends ParamTotals {
  avgActiveParams: number;
  avgBaselineParams: number;
  /** baseline / CoE: how many times cheaper the CoE was (1 when no request yet). */
  savingRatio: number;
}

const empty = (): ParamTotals => ({ requests: 0, activeParams: 0, baselineParams: 0 });

export function summarize(t: ParamTotals): ParamSummary {
  const avgActiveParams = t.requests ? t.activeParams / t.requests : 0;
  const avgBaselineParams = t.requests ? t.baselineParams / t.requests : 0;
  return { ...t, avgActiveParams, avgBaselineParams, savingRatio: avgActiveParams ? avgBaselineParams / avgActiveParams : 1 };
}

export interface LedgerSnapshot {
  total: ParamTotals;
  byExpert: Record<string, ParamTotals>;
  byCategory: Record<string, ParamTotals>;
}

/**
 * Average active parameters per request — the paper's cost measure: router params plus the chosen
 * expert's active params (MoE experts count only their active share) — beside the monolithic baseline.
 */
export class ActiveParamLedger {
  private state: LedgerSnapshot;

  constructor(snapshot?: LedgerSnapshot) {
    this.state = snapshot ? structuredClone(snapshot) : { total: empty(), byExpert: {}, byCategory: {} };
  }

  record(decision: Pick<RoutingDecision, 'expert' | 'category' | 'activeParams' | 'baselineParams'>): void {
    const buckets = [
      this.state.total,
      (this.state.byExpert[decision.expert] ??= empty()),
      (this.state.byCategory[decision.category ?? '(none)'] ??= empty()),
    ];
    for (const b of buckets) {
      b.requests += 1;
      b.activeParams += decision.activeParams;
      b.baselineParams += decision.baselineParams;
    }
  }

  get total(): ParamSummary {
    return summarize(this.state.total);
  }

  byExpert(): Record<string, ParamSummary> {
    return mapValues(this.state.byExpert, summarize);
  }

  byCategory(): Record<string, ParamSummary> {
    return mapValues(this.state.byCategory, summarize);
  }

  snapshot(): LedgerSnapshot {
    return structuredClone(this.state);
  }
}

function mapValues<A, B>(record: Record<string, A>, fn: (a: A) => B): Record<string, B> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fn(v)]));
}
