import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ActiveParamLedger } from '../../../src/common/accounting/activeParamLedger';

describe('ActiveParamLedger', () => {
  it('averages router + expert params per request and prices the same traffic on the baseline', () => {
    const ledger = new ActiveParamLedger();
    ledger.record({ expert: 'code', category: 'coding', activeParams: 1e6 + 7e9, baselineParams: 70e9 });
    ledger.record({ expert: 'general', category: 'writing', activeParams: 1e6 + 27e9, baselineParams: 70e9 });
    const total = ledger.total;
    assert.equal(total.requests, 2);
    assert.equal(total.avgActiveParams, 1e6 + 17e9);
    assert.equal(total.avgBaselineParams, 70e9);
    assert.ok(Math.abs(total.savingRatio - 70e9 / (1e6 + 17e9)) < 1e-9);
    assert.equal(ledger.byExpert().code.requests, 1);
    assert.equal(ledger.byCategory().writing.avgActiveParams, 1e6 + 27e9);
  });

  it('restores from a snapshot without sharing state', () => {
    const a = new ActiveParamLedger();
    a.record({ expert: 'x', category: null, activeParams: 10, baselineParams: 20 });
    const b = new ActiveParamLedger(a.snapshot());
    b.record({ expert: 'x', category: null, activeParams: 10, baselineParams: 20 });
    assert.equal(a.total.requests, 1);
    assert.equal(b.total.requests, 2);
    assert.equal(b.byCategory()['(none)'].savingRatio, 2);
    assert.equal(new ActiveParamLedger().total.savingRatio, 1);
  });
});
