import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectedCalibrationError } from '../../../src/common/metrics/calibration';
import { classificationReport } from '../../../src/common/metrics/classification';

void test('classification report: accuracy, per-class P/R/F1, macro-F1 and confusion', () => {
  const gold = ['code', 'code', 'math', 'general', 'general', 'general'];
  const predicted = ['code', 'general', 'math', 'general', 'code', 'general'];
  const r = classificationReport(gold, predicted, ['code', 'math', 'general']);
  assert.equal(r.n, 6);
  assert.equal(r.accuracy, 4 / 6);
  assert.deepEqual(r.labels, ['code', 'math', 'general']);
  assert.deepEqual(r.confusion.code, { code: 1, math: 0, general: 1 });
  assert.deepEqual(r.perClass.code, { precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
  assert.equal(r.perClass.math.f1, 1);
  assert.equal(r.perClass.general.precision, 2 / 3);
  assert.equal(r.perClass.general.recall, 2 / 3);
  assert.ok(Math.abs(r.macroF1 - (0.5 + 1 + 2 / 3) / 3) < 1e-12);
});

void test('macro-F1 averages only classes present in the gold labels; unknown predictions still count', () => {
  const r = classificationReport(['a', 'a'], ['a', 'z'], ['a']);
  assert.deepEqual(r.labels, ['a', 'z']);
  assert.equal(r.perClass.z.support, 0);
  assert.equal(r.macroF1, r.perClass.a.f1);
  assert.throws(() => classificationReport(['a'], []), /1 gold labels but 0 predictions/);
});

void test('ECE is zero when confidence matches accuracy and large when it does not', () => {
  const calibrated = expectedCalibrationError([0.75, 0.75, 0.75, 0.75], [true, true, true, false]);
  assert.ok(calibrated.ece < 1e-12);
  const overconfident = expectedCalibrationError([1, 1, 0.99, 0.99], [false, false, true, false]);
  assert.ok(Math.abs(overconfident.ece - (0.5 * 1 + 0.5 * 0.49)) < 1e-9);
  assert.equal(overconfident.bins.reduce((s, b) => s + b.count, 0), 4);
  assert.equal(expectedCalibrationError([], []).ece, 0);
});
