import type { CoeConfig } from '../config/schema';
import type { RoutingDecision } from '../routing/decision';
import { describeConfidence } from '../routing/routingConfidence';
import type { RoutePreview, RoutingBadge } from './chatProtocol';

export function expertName(config: CoeConfig, expertId: string): string {
  return config.experts.find((e) => e.id === expertId)?.displayName ?? expertId;
}

/** The badge of an answer; `answeredBy` differs from the decision's expert after a failover. */
export function toRoutingBadge(decision: RoutingDecision, config: CoeConfig, answeredBy?: string): RoutingBadge {
  const expert = answeredBy ?? decision.expert;
  const failedOver = decision.steps
    .filter((s) => s.kind === 'expertUnavailable')
    .map((s) => s.expert)
    .filter((id) => id !== expert);
  return {
    decisionId: decision.id,
    category: decision.category,
    domain: decision.domain,
    expert,
    expertName: expertName(config, expert),
    confidence: decision.confidence,
    ...expertLevel(decision),
    activeParams: decision.activeParams,
    baselineParams: decision.baselineParams,
    fallbackReason: decision.fallbackReason,
    fallbackDetail: decision.fallbackDetail,
    failedOver,
  };
}

export function toRoutePreview(decision: RoutingDecision, config: CoeConfig): RoutePreview {
  return {
    expert: decision.expert,
    expertName: expertName(config, decision.expert),
    category: decision.category,
    confidence: decision.confidence,
    ...expertLevel(decision),
    fallbackReason: decision.fallbackReason,
  };
}

function expertLevel(decision: RoutingDecision): Pick<RoutingBadge, 'expertConfidence' | 'confidenceExpert'> {
  return {
    ...(decision.expertConfidence !== undefined ? { expertConfidence: decision.expertConfidence } : {}),
    ...(decision.confidenceExpert !== undefined ? { confidenceExpert: decision.confidenceExpert } : {}),
  };
}

/**
 * One line for the participant's answer header and logs: "code 0.91 · top category debugging 0.52 → Qwen2.5-Coder 7B"
 * (the expert-level confidence first: it is what the fallback tests).
 */
export function describeBadge(badge: RoutingBadge): string {
  const what = badge.category ? describeConfidence(badge) : 'no category';
  const why = badge.fallbackReason ? ` (${badge.fallbackReason}${badge.fallbackDetail ? `: ${badge.fallbackDetail}` : ''})` : '';
  return `${what} → ${badge.expertName}${why}`;
}
