import type { DecisionRecord } from '../../../src/common/decisions/decisionRecord';
import type { RoutingDecision } from '../../../src/common/routing/decision';

/** A plausible routed decision; tests override only what they are about. */
export function sampleRecord(id: string, overrides: Partial<RoutingDecision> = {}, record: Partial<DecisionRecord> = {}): DecisionRecord {
  const decision: RoutingDecision = {
    id,
    timestamp: Date.UTC(2026, 10, 29, 12, 0, 0) + Number(id.replace(/\D/g, '') || 0) * 1000,
    category: 'python',
    domain: 'code',
    expert: 'code',
    confidence: 0.82,
    entropy: 0.31,
    probabilities: { python: 0.82, algebra: 0.1, chitchat: 0.08 },
    fallbackReason: null,
    fallbackDetail: null,
    steps: [{ kind: 'routed', expert: 'code' }],
    tableRow: { key: 'code', experts: ['code'] },
    sticky: false,
    latencyMs: 0.4,
    attributions: [{ token: 'python', weight: 1.5, start: 6, end: 12 }],
    routerParams: 200_000,
    expertActiveParams: 7.62e9,
    activeParams: 7.62e9 + 200_000,
    baselineParams: 70.6e9,
    ...overrides,
  };
  return {
    decision,
    source: 'chat',
    promptExcerpt: 'write python to sort a list',
    prompt: 'write python to sort a list',
    usage: { promptTokens: 12, completionTokens: 40 },
    outcome: 'ok',
    ...record,
  };
}
