import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { ActiveParamLedger } from '../../../src/common/accounting/activeParamLedger';
import { ILLUSTRATIVE_PAPER_SHARES, paperAccounting } from '../../../src/common/accounting/paperAccounting';
import { buildParamsDashboard } from '../../../src/common/inspector/paramsView';
import { sampleRecord } from './sampleDecisions';

describe('active-parameter dashboard', () => {
  it('prices the paper mix as router + Σ share · params against one monolithic expert', () => {
    const equal = paperAccounting({ shares: { 'qwen2-7b-instruct': 1, 'qwen2-72b-instruct': 1 }, baselineId: 'qwen2-72b-instruct' });
    assert.equal(equal.avgActiveParams, 7e9 + (7.6e9 + 72.7e9) / 2);
    assert.equal(equal.savingRatio, 72.7e9 / equal.avgActiveParams);
    const illustrative = paperAccounting({ shares: ILLUSTRATIVE_PAPER_SHARES, baselineId: 'qwen2-72b-instruct' });
    assert.ok(Math.abs(illustrative.avgActiveParams / 1e9 - 31.73) < 0.01, String(illustrative.avgActiveParams));
    assert.throws(() => paperAccounting({ shares: {}, baselineId: 'gpt-4' }), { name: 'UnknownPaperExpertError' });
  });

  it('summarises the session and all time separately, by expert and by category', () => {
    const history = new ActiveParamLedger();
    history.record(sampleRecord('old', { expert: 'general', category: 'chitchat', activeParams: 8e9 }).decision);
    const session = [
      sampleRecord('d1', { activeParams: 2e9 }),
      sampleRecord('d2', { expert: 'math', category: 'algebra', activeParams: 4e9 }),
    ];
    const state = buildParamsDashboard({
      baselineName: 'Llama-3.1-70B-Instruct',
      sessionRecords: session,
      allRecords: session,
      allTime: history.snapshot(),
      paperMix: { shares: ILLUSTRATIVE_PAPER_SHARES, baselineId: 'qwen2-72b-instruct' },
    });
    assert.equal(state.session.total.requests, 2);
    assert.equal(state.session.total.avgActiveParams, 3e9);
    assert.deepEqual(state.sessionRunningAverage, [2e9, 3e9]);
    assert.deepEqual(state.session.byExpert.map((e) => e.key).sort(), ['code', 'math']);
    assert.equal(state.allTime.total.requests, 1);
    assert.deepEqual(state.allTime.byCategory.map((e) => e.key), ['chitchat']);
    assert.equal(state.session.total.savingRatio, 70.6e9 / 3e9);
    assert.equal(state.recent.length, 2);
    assert.equal(state.recent[1].expertParams, 7.62e9);
  });
});
