import assert from 'node:assert/strict';
import { test } from 'node:test';
import { categoryFor } from '../../../scripts/train-router/categories';
import type { DatasetRow } from '../../../scripts/train-router/loadData';
import { DEFAULT_POLICY, prepareRows } from '../../../scripts/train-router/prepare';
import { sourceFolds } from '../../../scripts/train-router/splits';
import { chooseThresholds, fallbackStats } from '../../../scripts/train-router/thresholds';
import { balanceSources } from '../../../scripts/train-router/dataset';
import { codeChatRows, contestFramedRows } from '../../../scripts/train-router/synthetic';
import { predictionFromLogits } from '../../../scripts/train-router/evaluate';

const row = (dataset: string, text: string, label: DatasetRow['label'], extra: Partial<DatasetRow> = {}): DatasetRow => ({ dataset, source: dataset, text, label, fine_label: null, ...extra });

void test('data traps: DebugBench prefix and MMLU options are stripped, duplicates and conflicts dropped', () => {
  const prefix = 'Observe the following C++ faulty code which is complete with no extra context. Your task is to fix up the code and explain on the modification in less than 20 words.\n\n';
  const { rows, counts } = prepareRows([
    row('code_debugbench', `${prefix}int main() { return 0 }`, 'code', { fine_label: 'debugging' }),
    row('general_mmlu', 'Which planet is largest?\nA. Mars\nB. Jupiter\nC. Venus\nD. Earth', 'general'),
    row('x', 'Same   TEXT', 'general'),
    row('y', 'same text', 'general'),
    row('x', 'clash', 'general'),
    row('y', 'Clash', 'code'),
  ], { ...DEFAULT_POLICY, caps: {} });
  assert.deepEqual(rows.map((r) => r.text).sort(), ['Same   TEXT', 'Which planet is largest?', 'int main() { return 0 }'].sort());
  assert.equal(rows.find((r) => r.source === 'code_debugbench')?.category, 'debugging');
  assert.equal(counts.debugbenchPrefixStripped, 1);
  assert.equal(counts.mmluOptionsStripped, 1);
  assert.equal(counts.duplicatesDropped, 2);
  assert.equal(counts.conflictingDuplicatesDropped, 1);
});

void test('caps keep a deterministic subsample and weights follow source and ambiguity', () => {
  const raw = Array.from({ length: 50 }, (_, i) => row('big', `question number ${String.fromCharCode(97 + (i % 26))}${i}`, 'general', { ambiguous: i === 0 }));
  const policy = { ...DEFAULT_POLICY, caps: { big: 10 }, sourceWeights: { big: 2 } };
  const a = prepareRows(raw, policy);
  const b = prepareRows([...raw].reverse(), policy);
  assert.equal(a.rows.length, 10);
  assert.deepEqual(a.rows.map((r) => r.text).sort(), b.rows.map((r) => r.text).sort());
  assert.equal(a.counts.cappedOut.big, 40);
  assert.equal(a.reserve.big.length, 40);
  for (const r of a.rows) assert.equal(r.weight, r.text === 'question number a0' ? 1 : 2);
});

void test('fine labels map to categories of the row domain, else to the domain default', () => {
  assert.equal(categoryFor('shell', 'code'), 'shell_devops');
  assert.equal(categoryFor('knowledge', 'math'), 'advanced_math');
  assert.equal(categoryFor(null, 'general'), 'knowledge');
});

void test('source folds hold out whole datasets, each fold mixing domains', () => {
  const rows = ['c1', 'c2', 'm1', 'm2', 'g1', 'g2'].map((s) => ({ text: s, domain: (s[0] === 'c' ? 'code' : s[0] === 'm' ? 'math' : 'general') as 'code' | 'math' | 'general', category: 'x', source: s, group: s, weight: 1 }));
  const folds = sourceFolds(rows, 2);
  assert.deepEqual(folds.flat().sort(), ['c1', 'c2', 'g1', 'g2', 'm1', 'm2']);
  for (const fold of folds) assert.deepEqual(fold.map((s) => s[0]).sort(), ['c', 'g', 'm']);
});

void test('threshold rule keeps the fallback within budget and prefers an accurate routed share', () => {
  const classes = 13;
  const logits = (top: number, margin: number) => Float64Array.from({ length: classes }, (_, c) => (c === top ? margin : 0));
  // Confident and right (coding = 0) versus unsure and wrong (gold general, predicted coding).
  const predictions = [...Array.from({ length: 9 }, () => predictionFromLogits(logits(0, 8))), predictionFromLogits(logits(0, 1))];
  const gold = [...Array.from({ length: 9 }, () => ({ domain: 'code' as const, category: 'coding' })), { domain: 'general' as const, category: 'knowledge' }];
  const chosen = chooseThresholds(predictions, gold, 0.1);
  assert.ok(chosen.fallbackRate <= 0.1 + 1e-12);
  assert.equal(chosen.routedDomainAccuracy, 1);
  assert.equal(chooseThresholds(predictions, gold, 0).fallbackRate, 0);
});

void test('the fallback statistics use the domain mass: two categories of one domain are no doubt', () => {
  const classes = 13;
  // coding (0) and debugging (1) share the mass: the top category is unsure, its domain is not.
  const split = predictionFromLogits(Float64Array.from({ length: classes }, (_, c) => (c <= 1 ? 6 : 0)));
  assert.ok(split.confidence < 0.5);
  assert.ok(split.expertConfidence > 0.95);
  assert.ok(split.expertEntropy < 0.2);
  const stats = fallbackStats([split], [{ domain: 'code', category: 'debugging' }], 0.75, 0.55);
  assert.equal(stats.fallbackRate, 0);
  assert.equal(stats.routedDomainAccuracy, 1);
});

void test('per-source balancing keeps the mean weight and evens out source totals', () => {
  const rows = [...Array.from({ length: 100 }, (_, i) => ({ text: `a${i}`, source: 'big' })), ...Array.from({ length: 4 }, (_, i) => ({ text: `b${i}`, source: 'small' }))].map((r) => ({ ...r, domain: 'code' as const, category: 'coding', group: r.text, weight: 1 }));
  balanceSources(rows, 0.5);
  const total = (s: string) => rows.filter((r) => r.source === s).reduce((a, r) => a + r.weight, 0);
  assert.ok(Math.abs(rows.reduce((a, r) => a + r.weight, 0) - rows.length) < 1e-9);
  assert.ok(Math.abs(total('big') / total('small') - Math.sqrt(100 / 4)) < 1e-9);
});

void test('contest-framed rows are code, keep their source and group, and are synthetic', () => {
  const spare = [{ text: 'Tom has 3 apples and buys 4 more. How many apples does he have?', domain: 'math' as const, category: 'math_word_problem', source: 'math_gsm8k', group: 'math_gsm8k:1', weight: 1 }];
  const [framed] = contestFramedRows(spare, 5, 1);
  assert.equal(framed.domain, 'code');
  assert.equal(framed.category, 'coding');
  assert.equal(framed.source, 'math_gsm8k');
  assert.equal(framed.group, 'math_gsm8k:1');
  assert.equal(framed.synthetic, true);
  assert.ok(framed.text.includes(spare[0].text) && framed.text.length > spare[0].text.length);
  assert.deepEqual(codeChatRows(50, 1), codeChatRows(50, 1), 'deterministic for a seed');
  assert.ok(codeChatRows(50, 1).every((r) => r.domain === 'code' && r.synthetic));
});
