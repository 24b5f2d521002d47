import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildProblem } from '../../../src/common/optimize/problem';
import { expertCertainty, sweepBasis, sweepFallbackThreshold, type CalibrationSample } from '../../../src/common/optimize/thresholdSweep';
import { expertView } from '../../../src/common/routing/routeRequest';

// Two specialists and a big generalist; the specialists are poor outside their category.
const { problem } = buildProblem({
  experts: { small: { activeParams: 1e9 }, coder: { activeParams: 2e9 }, big: { activeParams: 70e9 } },
  scores: { code: { small: 0.2, coder: 0.9, big: 0.7 }, chat: { small: 0.8, coder: 0.1, big: 0.7 } },
  routerParams: 1e6,
});
const mapping = { code: 'coder', chat: 'small' };
const samples: CalibrationSample[] = [
  { topCategory: 'code', confidence: 0.95, entropy: 0.1, correct: true },
  { topCategory: 'chat', confidence: 0.9, entropy: 0.2, correct: true },
  { topCategory: 'code', confidence: 0.4, entropy: 0.9, correct: false, trueCategory: 'chat' },
  { topCategory: 'chat', confidence: 0.55, entropy: 0.7, correct: false },
];

void describe('sweepFallbackThreshold', () => {
  void it('with no fallback it scores every prompt on the routed expert, misroutes included', () => {
    const [point] = sweepFallbackThreshold(problem, mapping, 'big', samples, { kind: 'minConfidence', thresholds: [0] });
    // 0.9 + 0.8 + coder on chat 0.1 + small's mean over the other categories (code) 0.2.
    assert.ok(Math.abs(point.expectedScore - (0.9 + 0.8 + 0.1 + 0.2) / 4) < 1e-12);
    assert.equal(point.fallbackRate, 0);
    assert.equal(point.routedAccuracy, 0.5);
    assert.ok(Math.abs(point.avgActiveParams - (1e6 + (2e9 + 1e9 + 2e9 + 1e9) / 4)) < 1);
  });

  void it('raising the confidence floor sends the unsure prompts to the generalist', () => {
    const [, point] = sweepFallbackThreshold(problem, mapping, 'big', samples, { kind: 'minConfidence', thresholds: [0, 0.6] });
    assert.equal(point.fallbackRate, 0.5);
    assert.equal(point.routedAccuracy, 1);
    // The two unsure prompts now get big: 0.7 on chat (known) and big's mean over code (0.7).
    assert.ok(Math.abs(point.expectedScore - (0.9 + 0.8 + 0.7 + 0.7) / 4) < 1e-12);
    assert.ok(Math.abs(point.avgActiveParams - (1e6 + (2e9 + 1e9 + 70e9 + 70e9) / 4)) < 1);
  });

  void it('sweeps entropy as a ceiling, and everything falls back at the extreme', () => {
    const points = sweepFallbackThreshold(problem, mapping, 'big', samples, { kind: 'maxEntropy', thresholds: [1, 0.5, 0] });
    assert.deepEqual(points.map((p) => p.fallbackRate), [0, 0.5, 1]);
    assert.ok(Number.isNaN(points[2].routedAccuracy));
    assert.ok(points[2].avgActiveParams > points[0].avgActiveParams);
  });

  void it('defaults to 21 thresholds and rejects categories it has no scores for', () => {
    assert.equal(sweepFallbackThreshold(problem, mapping, 'big', samples, { kind: 'minConfidence' }).length, 21);
    assert.throws(
      () => sweepFallbackThreshold(problem, mapping, 'big', [{ topCategory: 'law', confidence: 1, entropy: 0, correct: true }], { kind: 'minConfidence' }),
      /category "law"/,
    );
  });

  void it('tests the expert-level confidence the router tests when a sample carries its probabilities', () => {
    // Top category "code" at 0.45, but "review" (also the coder's) holds 0.4: the coder has 0.85 of the mass.
    const sample: CalibrationSample = { topCategory: 'code', confidence: 0.45, entropy: 0.8, correct: true, probabilities: { code: 0.45, review: 0.4, chat: 0.15 } };
    const expertOf = (c: string): string | undefined => (c === 'review' ? 'coder' : undefined);
    const certainty = expertCertainty(sample.probabilities!, 'coder', mapping, expertOf);
    assert.ok(Math.abs(certainty.confidence - 0.85) < 1e-12);
    // Entropy of (0.85, 0.15) over the two experts the probabilities reach, normalised by ln 2.
    const h = -(0.85 * Math.log(0.85) + 0.15 * Math.log(0.15)) / Math.log(2);
    assert.ok(Math.abs(certainty.entropy - h) < 1e-12);
    // At a 0.75 floor the router keeps this prompt (0.85 ≥ 0.75); the top category's 0.45 would have sent it away.
    const [point] = sweepFallbackThreshold(problem, mapping, 'big', [sample], { kind: 'minConfidence', thresholds: [0.75], expertOf });
    assert.equal(point.fallbackRate, 0);
    const [old] = sweepFallbackThreshold(problem, mapping, 'big', [{ ...sample, probabilities: undefined }], { kind: 'minConfidence', thresholds: [0.75] });
    assert.equal(old.fallbackRate, 1);
    assert.equal(sweepBasis([sample]), 'expert');
    assert.equal(sweepBasis([sample, samples[0]]), 'topCategory');
  });

  void it('computes the same confidence and entropy as the router\'s expertView', () => {
    const probabilities = { code: 0.5, review: 0.2, chat: 0.3 };
    const table: Record<string, string> = { code: 'coder', review: 'coder', chat: 'small' };
    const categories = Object.keys(probabilities);
    const result = { categories, probabilities: categories.map((c) => probabilities[c as keyof typeof probabilities]), logits: [], top: 'code', confidence: 0.5, entropy: 0.9, latencyMs: 0, attributions: [] };
    const config = { categoryTable: Object.fromEntries(Object.entries(table).map(([c, e]) => [c, [e]])), generalist: 'big' };
    const categorySet = { domainOf: () => undefined };
    const view = expertView(result, config as never, categorySet as never);
    const mine = expertCertainty(probabilities, 'coder', { code: 'coder', chat: 'small' }, (c) => table[c]);
    assert.ok(Math.abs(view.confidence - mine.confidence) < 1e-12 && Math.abs(view.entropy - mine.entropy) < 1e-12, `${JSON.stringify(view)} vs ${JSON.stringify(mine)}`);
    assert.ok(Math.abs(mine.confidence - 0.7) < 1e-12);
  });

  void it('rejects a probability for a category that maps to no expert', () => {
    assert.throws(() => expertCertainty({ code: 0.6, law: 0.4 }, 'coder', mapping), /"law", which maps to no expert/);
  });
});
