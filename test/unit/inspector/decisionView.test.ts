import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { buildDetail, buildListState, MAX_LIST_ROWS, promptSegments } from '../../../src/common/inspector/decisionView';
import { sampleRecord } from './sampleDecisions';

const ctx = { minConfidence: 0.5, maxEntropy: 0.8, configuredExperts: ['code', 'general', 'math'], knownCategories: ['algebra', 'chitchat', 'python'] };

describe('inspector decision view', () => {
  it('lists the newest decision first with every column the list shows', () => {
    const state = buildListState([sampleRecord('d1'), sampleRecord('d2', { expert: 'legacy', fallbackReason: 'lowConfidence' })], {
      configuredExperts: ['code'],
      persistPromptText: false,
    });
    assert.deepEqual(state.rows.map((r) => r.id), ['d2', 'd1']);
    assert.deepEqual(state.experts, ['code', 'legacy'], 'experts seen in the log are filterable even if no longer configured');
    assert.deepEqual(state.categories, ['python']);
    const row = state.rows[0];
    assert.equal(row.fallbackReason, 'lowConfidence');
    assert.equal(row.promptTokens, 12);
    assert.equal(row.latencyMs, 0.4);
    assert.equal(row.activeParams, 7.62e9 + 200_000);
  });

  it('bounds the list but counts every decision', () => {
    const many = Array.from({ length: MAX_LIST_ROWS + 5 }, (_, i) => sampleRecord(`d${i}`));
    const state = buildListState(many, { configuredExperts: [], persistPromptText: true });
    assert.equal(state.rows.length, MAX_LIST_ROWS);
    assert.equal(state.totalDecisions, MAX_LIST_ROWS + 5);
    assert.equal(state.rows[0].id, `d${MAX_LIST_ROWS + 4}`);
  });

  it('details: sorted probabilities, thresholds, table row, highlighted prompt and choices', () => {
    const detail = buildDetail(sampleRecord('d1'), ctx);
    assert.deepEqual(detail.probabilities.map((p) => p.category), ['python', 'algebra', 'chitchat']);
    assert.deepEqual(detail.thresholds, { minConfidence: 0.5, maxEntropy: 0.8 });
    assert.deepEqual(detail.tableRow, { key: 'code', experts: ['code'] });
    assert.deepEqual(detail.prompt, [
      { text: 'write ', weight: null },
      { text: 'python', weight: 1.5 },
      { text: ' to sort a list', weight: null },
    ]);
    assert.equal(detail.maxAbsWeight, 1.5);
    assert.deepEqual(detail.rerouteTargets, ['general', 'math']);
    assert.deepEqual(detail.correctionTargets, ['algebra', 'chitchat']);
  });

  it('carries the expert-level confidence and the thresholds the decision was tested against', () => {
    const legacy = buildDetail(sampleRecord('d1'), ctx);
    assert.equal(legacy.thresholdsSource, 'config', 'older records are drawn against the configuration');
    assert.equal(legacy.row.expertConfidence, undefined);
    const record = sampleRecord('d2', { confidence: 0.52, expertConfidence: 0.91, expertEntropy: 0.2, confidenceExpert: 'code', thresholds: { minConfidence: 0.75, maxEntropy: 0.55 } });
    const detail = buildDetail(record, ctx);
    assert.deepEqual(detail.thresholds, { minConfidence: 0.75, maxEntropy: 0.55 }, 'the recorded thresholds win over the configuration');
    assert.equal(detail.thresholdsSource, 'decision');
    assert.equal(detail.row.confidence, 0.52, 'the top category\'s probability keeps its field');
    assert.equal(detail.row.expertConfidence, 0.91);
    assert.equal(detail.row.expertEntropy, 0.2);
    assert.equal(detail.row.confidenceExpert, 'code');
  });

  it('has no prompt to show when the full prompt was not kept, but still names the strongest tokens', () => {
    const record = sampleRecord('d1', { attributions: [{ token: 'a', weight: 0.1 }, { token: 'sort', weight: -2 }] }, { prompt: undefined });
    const detail = buildDetail(record, ctx);
    assert.equal(detail.prompt, null);
    assert.deepEqual(detail.topTokens.map((t) => t.token), ['sort', 'a']);
  });

  it('ignores attribution offsets that fall outside the prompt or overlap', () => {
    const segments = promptSegments('abc def', [
      { token: 'abc', weight: 1, start: 0, end: 3 },
      { token: 'bc', weight: 9, start: 1, end: 3 },
      { token: 'zzz', weight: 9, start: 5, end: 40 },
    ]);
    assert.deepEqual(segments, [{ text: 'abc', weight: 1 }, { text: ' def', weight: null }]);
    assert.equal(segments.map((s) => s.text).join(''), 'abc def', 'the prompt is always shown whole');
  });
});
