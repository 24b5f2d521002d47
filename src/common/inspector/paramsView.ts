import { ActiveParamLedger, type LedgerSnapshot, type ParamSummary } from '../accounting/activeParamLedger';
import { paperAccounting, type PaperMix } from '../accounting/paperAccounting';
import type { DecisionRecord } from '../decisions/decisionRecord';
import type { KeyedSummary, LedgerView, ParamsDashboardState, RequestCost } from '../protocol/inspectorProtocol';

/** Requests drawn as stacked bars; enough to see a pattern, few enough to stay legible in a side bar. */
export const RECENT_REQUESTS = 40;

export interface ParamsContext {
  baselineName: string;
  /** Decisions made in this window since activation (history loaded from disk is not "session"). */
  sessionRecords: readonly DecisionRecord[];
  /** Every decision still in the log (for the per-request chart). */
  allRecords: readonly DecisionRecord[];
  /** Persisted running totals of every request ever routed in this workspace. */
  allTime: LedgerSnapshot;
  paperMix: PaperMix;
}

function keyed(map: Record<string, ParamSummary>): KeyedSummary[] {
  return Object.entries(map)
    .map(([key, summary]) => ({ key, summary }))
    .sort((a, b) => b.summary.requests - a.summary.requests || a.key.localeCompare(b.key));
}

export function ledgerView(ledger: ActiveParamLedger): LedgerView {
  return { total: ledger.total, byExpert: keyed(ledger.byExpert()), byCategory: keyed(ledger.byCategory()) };
}

function requestCost(record: DecisionRecord): RequestCost {
  const d = record.decision;
  return {
    id: d.id,
    timestamp: d.timestamp,
    expert: d.expert,
    category: d.category,
    routerParams: d.routerParams,
    expertParams: d.expertActiveParams,
    baselineParams: d.baselineParams,
  };
}

export function buildParamsDashboard(ctx: ParamsContext): ParamsDashboardState {
  const session = new ActiveParamLedger();
  const runningAverage: number[] = [];
  for (const record of ctx.sessionRecords) {
    session.record(record.decision);
    runningAverage.push(session.total.avgActiveParams);
  }
  return {
    baselineName: ctx.baselineName,
    recent: ctx.allRecords.slice(-RECENT_REQUESTS).map(requestCost),
    sessionRunningAverage: runningAverage,
    session: ledgerView(session),
    allTime: ledgerView(new ActiveParamLedger(ctx.allTime)),
    paper: paperAccounting(ctx.paperMix),
  };
}
