import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../../src/common/config/defaults';
import { describeBadge, toRoutePreview, toRoutingBadge } from '../../../src/common/protocol/routingBadge';
import type { RoutingDecision } from '../../../src/common/routing/decision';
import { describeConfidence, routingConfidence } from '../../../src/common/routing/routingConfidence';
import { decisionJson, describeDecision } from '../../../src/cli/commands/route';

function decision(overrides: Partial<RoutingDecision> = {}): RoutingDecision {
  return {
    id: 'd1', timestamp: 0, category: 'debugging', domain: 'code', expert: 'code',
    confidence: 0.52, entropy: 0.61, expertConfidence: 0.91, expertEntropy: 0.27, confidenceExpert: 'code',
    thresholds: { minConfidence: 0.75, maxEntropy: 0.55 },
    probabilities: { debugging: 0.52, coding: 0.39, writing: 0.09 }, fallbackReason: null, fallbackDetail: null,
    steps: [{ kind: 'routed', expert: 'code' }], tableRow: { key: 'code', experts: ['code'] }, sticky: false,
    latencyMs: 0.3, attributions: [], routerParams: 1000, expertActiveParams: 7e9, activeParams: 7e9 + 1000, baselineParams: 70e9,
    ...overrides,
  };
}

/** A decision written before expert-level confidence existed. */
function legacy(): RoutingDecision {
  const d = decision();
  delete d.expertConfidence;
  delete d.expertEntropy;
  delete d.confidenceExpert;
  delete d.thresholds;
  return d;
}

describe('one notion of routing confidence', () => {
  it('is the expert-level confidence, with the top category as secondary detail', () => {
    const c = routingConfidence(decision());
    assert.deepEqual(c, { confidence: 0.91, entropy: 0.27, expertLevel: true, expert: 'code', topCategory: 'debugging', topProbability: 0.52 });
    assert.equal(describeConfidence(decision()), 'code 0.91 · top category debugging 0.52');
  });

  it('falls back to the top category for records written before expert-level confidence, and says so', () => {
    const c = routingConfidence(legacy());
    assert.equal(c.expertLevel, false);
    assert.equal(c.confidence, 0.52);
    assert.equal(c.entropy, 0.61);
    assert.equal(describeConfidence(legacy()), 'debugging 0.52 (top category)');
    assert.equal(describeConfidence(decision({ category: null })), '');
  });

  it('badge, live preview and @coe line show the expert-level confidence first', () => {
    const badge = toRoutingBadge(decision(), DEFAULT_CONFIG);
    assert.equal(badge.confidence, 0.52, 'the existing field keeps the top category');
    assert.equal(badge.expertConfidence, 0.91);
    assert.equal(badge.confidenceExpert, 'code');
    assert.match(describeBadge(badge), /^code 0\.91 · top category debugging 0\.52 → /);
    const preview = toRoutePreview(decision(), DEFAULT_CONFIG);
    assert.equal(preview.expertConfidence, 0.91);
    assert.equal(describeConfidence(preview), 'code 0.91 · top category debugging 0.52');
    // An older stored decision has no expert-level fields: the badge omits them and the line says "top category".
    const old = toRoutingBadge(legacy(), DEFAULT_CONFIG);
    assert.equal('expertConfidence' in old, false);
    assert.match(describeBadge(old), /^debugging 0\.52 \(top category\) → /);
  });

  it('after a low-confidence fallback names the expert the confidence is about, not the generalist', () => {
    const fellBack = decision({
      expert: 'general', expertConfidence: 0.5, confidenceExpert: 'code', fallbackReason: 'lowConfidence',
      fallbackDetail: 'confidence in expert code 0.50 < 0.75', tableRow: null,
    });
    assert.match(describeBadge(toRoutingBadge(fellBack, DEFAULT_CONFIG)), /^code 0\.50 · top category debugging 0\.52 → .*\(lowConfidence/);
    assert.match(describeDecision(fellBack), /confidence in code 0\.50 < 0\.75, entropy over experts 0\.27 ≤ 0\.55; top category debugging 0\.52/);
  });

  it('coe route: labelled human line, and --json keeps its keys and adds the expert-level ones', () => {
    assert.match(describeDecision(decision()), /^code ← debugging \(code\); confidence in code 0\.91 ≥ 0\.75, entropy over experts 0\.27 ≤ 0\.55; top category debugging 0\.52; router/);
    assert.match(describeDecision(legacy()), /^code ← debugging \(code\); top category debugging 0\.52; router/);
    const json = decisionJson(decision());
    assert.equal(json.confidence, 0.52);
    assert.equal(json.entropy, 0.61);
    assert.equal(json.expertConfidence, 0.91);
    assert.equal(json.expertEntropy, 0.27);
    assert.equal(json.confidenceExpert, 'code');
    assert.deepEqual(json.thresholds, { minConfidence: 0.75, maxEntropy: 0.55 });
    const old = decisionJson(legacy());
    assert.equal(old.expertConfidence, null);
    assert.equal(old.thresholds, null);
  });
});
