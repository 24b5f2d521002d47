import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregateScores } from '../../../src/common/calibration/aggregate';
import type { CalibrationResult } from '../../../src/common/calibration/calibrationResult';
import { applyMapping, buildCalibrationView, describeChanges } from '../../../src/common/calibration/calibrationView';
import type { Domain } from '../../../src/common/categories';
import type { ExpertConfig } from '../../../src/common/config/schema';
import { parseCalibrationViewMessage } from '../../../src/common/protocol/calibrationProtocol';

const expert = (id: string, totalParams: number): ExpertConfig => ({
  id, kind: 'openai', baseUrl: 'http://127.0.0.1:1/v1', model: id, totalParams, contextLength: 8192, headers: {},
});
const experts = [expert('small-coder', 7e9), expert('small-math', 7e9), expert('big', 70e9)];
const ratings: Record<string, Record<string, number>> = {
  coding: { 'small-coder': 8, 'small-math': 3, big: 9 },
  advanced_math: { 'small-coder': 2, 'small-math': 8, big: 8.5 },
  knowledge: { 'small-coder': 4, 'small-math': 4.5, big: 8 },
};
const samples = Object.entries(ratings).flatMap(([category, row]) =>
  Object.entries(row).flatMap(([expertId, score]) => [0, 1].map((i) => ({ itemId: `${category}-${i}`, category, expertId, score }))));
const result: CalibrationResult = {
  mode: 'single', judgeId: 'big', promptVersion: 'single-v1', expertIds: experts.map((e) => e.id), categories: Object.keys(ratings),
  cells: aggregateScores(samples, 'single'), samples, failures: [], cancelled: false,
  calls: { answers: 0, judgments: 0, cachedAnswers: 0, cachedJudgments: 0 }, usage: { promptTokens: 0, completionTokens: 0 },
};
const domains: Record<string, Domain> = { coding: 'code', advanced_math: 'math', knowledge: 'general' };
const config = { categoryTable: { code: ['small-coder'], math: ['small-math'] }, generalist: 'big' };
const domainOf = (c: string) => domains[c];

describe('calibration view model', () => {
  it('builds the frontier from the scores and places the configured table on it', () => {
    const view = buildCalibrationView({ result, experts, config, domainOf });
    assert.equal(view.frequencySource, 'uniform');
    const costs = view.frontier.map((p) => p.avgActiveParams);
    assert.deepEqual(costs, [...costs].sort((a, b) => a - b), 'cheapest first');
    assert.deepEqual(view.frontier[0].mapping, { coding: 'small-coder', advanced_math: 'small-math', knowledge: 'small-math' });
    assert.deepEqual(view.frontier.at(-1)?.mapping, { coding: 'big', advanced_math: 'big', knowledge: 'big' });
    // Configured: code → small-coder, math → small-math, knowledge → generalist big: (8 + 8 + 8) / 3.
    assert.equal(view.current?.expectedScore, 8);
    assert.equal(view.current?.avgActiveParams, (7e9 + 7e9 + 70e9) / 3);
    assert.equal(view.current?.onFrontier, true);
    assert.equal(view.categories[0].frequency, 1 / 3);
  });

  it('uses routing history for p(c) once it is large enough', () => {
    const thin = buildCalibrationView({ result, experts, config, domainOf, history: { coding: 5 } });
    assert.equal(thin.frequencySource, 'uniform');
    const view = buildCalibrationView({ result, experts, config, domainOf, history: { coding: 30, advanced_math: 10, other: 99 } });
    assert.equal(view.frequencySource, 'history');
    assert.deepEqual(view.categories.map((c) => c.frequency), [0.75, 0.25, 0]);
  });

  it('says why the configured table cannot be placed when it names an unscored expert', () => {
    const view = buildCalibrationView({ result, experts, config: { categoryTable: { code: ['other'] }, generalist: 'big' }, domainOf });
    assert.equal(view.current, null);
    assert.match(view.notes.join('\n'), /configured table cannot be placed/);
  });

  it('Apply puts the chosen expert first, keeps the rest as failover and reports only changed rows', () => {
    const { table, changes } = applyMapping({ coding: 'big', advanced_math: 'small-math', knowledge: 'big' }, { config, domainOf });
    assert.deepEqual(table, { code: ['small-coder'], math: ['small-math'], coding: ['big', 'small-coder'] });
    assert.equal(describeChanges(changes), 'coding: small-coder → big, small-coder');
  });

  it('sweeps the fallback threshold over the router\'s predictions on the calibration prompts', () => {
    const routerSamples = [
      { topCategory: 'coding', confidence: 0.9, entropy: 0.1, correct: true, trueCategory: 'coding' },
      { topCategory: 'advanced_math', confidence: 0.4, entropy: 0.7, correct: true, trueCategory: 'advanced_math' },
      { topCategory: 'coding', confidence: 0.3, entropy: 0.8, correct: false, trueCategory: 'knowledge' },
      { topCategory: 'sql', confidence: 0.9, entropy: 0.1, correct: true, trueCategory: 'sql' },
    ];
    const view = buildCalibrationView({ result, experts, config: { ...config, minConfidence: 0.5 }, domainOf, routerSamples });
    assert.ok(view.sweep);
    assert.equal(view.sweep.samples, 3, 'the prompt of an unscored category is left out');
    assert.equal(view.sweep.configured, 0.5);
    const at = (t: number) => view.sweep?.points.find((p) => Math.abs(p.threshold - t) < 1e-9);
    // Threshold 0: all routed — coder on coding (8), small-math on math (8), coder on a knowledge prompt (4).
    assert.equal(at(0)?.fallbackRate, 0);
    assert.equal(at(0)?.expectedScore, (8 + 8 + 4) / 3);
    // Threshold 0.5: the two unsure prompts go to the generalist "big" (8.5 on math, 8 on knowledge).
    assert.equal(at(0.5)?.expectedScore, (8 + 8.5 + 8) / 3);
    assert.equal(at(1)?.avgActiveParams, 70e9);
  });

  it('sweeps on the expert-level confidence the router tests, with unscored categories counted for their table row\'s expert', () => {
    // "debugging" was not calibrated, but its row sends it to small-coder: coding's expert holds 0.45 + 0.4.
    const withDebugging = { ...config, categoryTable: { ...config.categoryTable, debugging: ['small-coder'] }, minConfidence: 0.75 };
    const old = { topCategory: 'coding', confidence: 0.45, entropy: 0.8, correct: true, trueCategory: 'coding' };
    const sample = { ...old, probabilities: { coding: 0.45, debugging: 0.4, knowledge: 0.15 } };
    const view = buildCalibrationView({ result, experts, config: withDebugging, domainOf, routerSamples: [sample] });
    assert.equal(view.sweep?.basis, 'expert');
    const at = (t: number) => view.sweep?.points.find((p) => Math.abs(p.threshold - t) < 1e-9);
    assert.equal(at(0.8)?.fallbackRate, 0, 'kept: the expert has 0.85 of the mass');
    assert.equal(at(0.9)?.fallbackRate, 1);
    assert.ok(!view.notes.some((n) => n.includes('top category')));
    // A run recorded without probabilities is swept on the top category's 0.45, and the view says so.
    const oldView = buildCalibrationView({ result, experts, config: withDebugging, domainOf, routerSamples: [old] });
    assert.equal(oldView.sweep?.basis, 'topCategory');
    assert.equal(oldView.sweep?.points.find((p) => Math.abs(p.threshold - 0.5) < 1e-9)?.fallbackRate, 1);
    assert.ok(oldView.notes.some((n) => /top category's probability.*run the calibration again/.test(n)), oldView.notes.join('\n'));
  });

  it('drops malformed webview messages', () => {
    assert.deepEqual(parseCalibrationViewMessage({ type: 'apply', pointIndex: 2 }), { type: 'apply', pointIndex: 2 });
    for (const bad of [null, 'apply', { type: 'apply', pointIndex: -1 }, { type: 'apply', pointIndex: '1' }, { type: 'apply', pointIndex: 1.5 }, { type: 'writeSettings' }]) {
      assert.equal(parseCalibrationViewMessage(bad), null, JSON.stringify(bad));
    }
  });
});
