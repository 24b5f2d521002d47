import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../../src/common/config/defaults';
import type { CoeConfig } from '../../../src/common/config/schema';
import type { Classifier } from '../../../src/common/routing/classifier';
import { routeRequest } from '../../../src/common/routing/routeRequest';
import { fakeClassifier, TEST_CATEGORY_SET } from '../../helpers/fakeClassifier';

const CONFIDENT_CODING = { logits: [6, 1, 0, 0] };
const CONFIDENT_MATH = { logits: [0, 0, 6, 1] };
const UNSURE = { logits: [1, 0.9, 0.8, 0.95] };

function ctx(classifier: Classifier, overrides: Partial<CoeConfig> = {}) {
  return {
    config: { ...DEFAULT_CONFIG, ...overrides },
    categories: TEST_CATEGORY_SET,
    classifier,
    routerParams: 1000,
  };
}

describe('routeRequest', () => {
  it('routes a confident prompt through its domain row to the domain expert', async () => {
    const { decision, prompt } = await routeRequest({ text: 'write a sort' }, ctx(fakeClassifier(CONFIDENT_CODING)));
    assert.equal(decision.category, 'coding');
    assert.equal(decision.domain, 'code');
    assert.equal(decision.expert, 'code');
    assert.equal(decision.fallbackReason, null);
    assert.deepEqual(decision.tableRow, { key: 'code', experts: ['code'] });
    assert.equal(prompt, 'write a sort');
    assert.ok(decision.confidence > 0.9);
    assert.equal(decision.activeParams, 1000 + 7.62e9);
    assert.equal(decision.baselineParams, DEFAULT_CONFIG.baseline.activeParams);
  });

  it('prefers a fine category row over the domain row, in preference order', async () => {
    const config = { categoryTable: { ...DEFAULT_CONFIG.categoryTable, coding: ['math', 'code'] } };
    const { decision } = await routeRequest({ text: 'x' }, ctx(fakeClassifier(CONFIDENT_CODING), config));
    assert.equal(decision.expert, 'math');
    assert.deepEqual(decision.tableRow, { key: 'coding', experts: ['math', 'code'] });
  });

  it('sends an uncertain prompt to the generalist as lowConfidence', async () => {
    const { decision } = await routeRequest({ text: 'hmm' }, ctx(fakeClassifier(UNSURE), { generalist: 'general' }));
    assert.equal(decision.fallbackReason, 'lowConfidence');
    assert.equal(decision.expert, 'general');
    assert.match(decision.fallbackDetail ?? '', /confidence/);
    assert.equal(decision.category, 'coding', 'the router category is still recorded');
  });

  it('uses the entropy threshold as well as the confidence threshold', async () => {
    const { decision } = await routeRequest(
      { text: 'hmm' },
      ctx(fakeClassifier({ logits: [3, 2.5, 0, 0] }), { minConfidence: 0, maxEntropy: 0.2 }),
    );
    assert.equal(decision.fallbackReason, 'lowConfidence');
    assert.match(decision.fallbackDetail ?? '', /entropy/);
  });

  it('tests the expert, not the fine category: two categories of one expert are no routing doubt', async () => {
    // coding and debugging split the mass (0.44 each) but both go to the code expert (0.88 together).
    const split = { logits: [2, 2, 0, 0] };
    const { decision } = await routeRequest({ text: 'fix and extend this' }, ctx(fakeClassifier(split), { minConfidence: 0.75, maxEntropy: 0.55 }));
    assert.equal(decision.fallbackReason, null);
    assert.equal(decision.expert, 'code');
    assert.ok(decision.confidence < 0.5, 'the top category alone is unsure');
    assert.ok(Math.abs((decision.expertConfidence ?? 0) - 0.88) < 0.01, `expert confidence ${decision.expertConfidence}`);
    assert.ok((decision.expertEntropy ?? 1) < 0.55);
  });

  it('groups categories by the expert the table picks, so the same output can be sure or unsure', async () => {
    // coding 0.44, writing 0.44: code vs general under the default table …
    const split = { logits: [2, 0, 0, 2] };
    const byDomain = await routeRequest({ text: 'x' }, ctx(fakeClassifier(split), { minConfidence: 0.75, maxEntropy: 0.55 }));
    assert.equal(byDomain.decision.fallbackReason, 'lowConfidence');
    assert.equal(byDomain.decision.expert, 'general');
    assert.match(byDomain.decision.fallbackDetail ?? '', /confidence in expert code 0\.50 < 0\.75/);
    // The record names the expert its confidence is about (not the generalist that answered) and the thresholds used.
    assert.equal(byDomain.decision.confidenceExpert, 'code');
    assert.deepEqual(byDomain.decision.thresholds, { minConfidence: 0.75, maxEntropy: 0.55 });
    // … but one expert when the table sends coding to the generalist too.
    const table = { ...DEFAULT_CONFIG.categoryTable, coding: ['general'] };
    const oneExpert = await routeRequest({ text: 'x' }, ctx(fakeClassifier(split), { minConfidence: 0.75, maxEntropy: 0.55, categoryTable: table }));
    assert.equal(oneExpert.decision.fallbackReason, null);
    assert.equal(oneExpert.decision.expert, 'general');
    assert.deepEqual(oneExpert.decision.tableRow, { key: 'coding', experts: ['general'] });
    assert.ok((oneExpert.decision.expertConfidence ?? 0) > 0.87);
  });

  it('reports the entropy over experts, 0 when the table reaches a single expert', async () => {
    const table = { code: ['general'], math: ['general'], general: ['general'] };
    const { decision } = await routeRequest({ text: 'x' }, ctx(fakeClassifier(UNSURE), { categoryTable: table, maxEntropy: 0 }));
    assert.equal(decision.fallbackReason, null);
    assert.equal(decision.expertEntropy, 0);
    assert.ok(Math.abs((decision.expertConfidence ?? 0) - 1) < 1e-9);
  });

  it('never calls the router for an empty prompt', async () => {
    const classifier = fakeClassifier(CONFIDENT_CODING);
    const { decision } = await routeRequest({ text: '   \n' }, ctx(classifier));
    assert.equal(decision.fallbackReason, 'emptyPrompt');
    assert.equal(decision.expert, 'general');
    assert.equal(classifier.calls.length, 0);
  });

  it('falls back to the generalist when the router fails', async () => {
    const { decision } = await routeRequest({ text: 'x' }, ctx(fakeClassifier({ error: 'model file corrupt' })));
    assert.equal(decision.fallbackReason, 'classifierError');
    assert.equal(decision.expert, 'general');
    assert.match(decision.fallbackDetail ?? '', /corrupt/);
    assert.equal(decision.category, null);
    assert.equal(decision.expertConfidence, undefined, 'no router output, no expert confidence');
  });

  it('time-boxes the router and reports classifierTimeout', async () => {
    const started = Date.now();
    const { decision } = await routeRequest({ text: 'x' }, ctx(fakeClassifier({ hang: true }), { classifierTimeoutMs: 30 }));
    assert.equal(decision.fallbackReason, 'classifierTimeout');
    assert.equal(decision.expert, 'general');
    assert.ok(Date.now() - started < 10_000, 'the hanging classifier was not waited for');
  });

  it('lets a leading @expert beat the router and strips it from the prompt', async () => {
    const { decision, prompt } = await routeRequest({ text: '@math what is 2+2' }, ctx(fakeClassifier(CONFIDENT_CODING)));
    assert.equal(decision.expert, 'math');
    assert.equal(decision.fallbackReason, 'userOverride');
    assert.equal(prompt, 'what is 2+2');
    assert.equal(decision.category, 'coding', 'the router still explains what it would have done');
    assert.ok((decision.expertConfidence ?? 0) > 0.9, 'and how sure it was of its own expert');
  });

  it('accepts a category id as an address and ignores unknown @words', async () => {
    const byCategory = await routeRequest({ text: '@word_problem apples' }, ctx(fakeClassifier(CONFIDENT_CODING)));
    assert.equal(byCategory.decision.expert, 'math');
    const unknown = await routeRequest({ text: '@someone please help' }, ctx(fakeClassifier(CONFIDENT_MATH)));
    assert.equal(unknown.decision.fallbackReason, null);
    assert.equal(unknown.prompt, '@someone please help');
  });

  it('records a caller override as userOverride even when the router fails', async () => {
    const { decision } = await routeRequest({ text: 'x', override: 'code' }, ctx(fakeClassifier({ error: 'boom' })));
    assert.equal(decision.expert, 'code');
    assert.equal(decision.fallbackReason, 'userOverride');
  });

  it('keeps the conversation expert only when stickiness is on', async () => {
    const off = await routeRequest({ text: 'x', stickyExpert: 'math' }, ctx(fakeClassifier(CONFIDENT_CODING)));
    assert.equal(off.decision.expert, 'code');
    assert.equal(off.decision.sticky, false);
    const on = await routeRequest(
      { text: 'x', stickyExpert: 'math' },
      ctx(fakeClassifier(CONFIDENT_CODING), { stickyRouting: true }),
    );
    assert.equal(on.decision.expert, 'math');
    assert.equal(on.decision.sticky, true);
    assert.equal(on.decision.steps[0].kind, 'sticky');
  });
});
