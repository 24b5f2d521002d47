import assert from 'node:assert/strict';
import { test } from 'node:test';
import { linearRouterLogits } from '../../../src/common/onnx/linearRouterModel';
import { DEFAULT_FEATURIZER_OPTIONS, featurize } from '../../../src/common/router/featurizer';
import { fitTemperature, foldTemperature } from '../../../src/common/router/train/temperature';
import { DEFAULT_SOFTMAX_TRAINING, softmaxInPlace, sparseLogits, trainSoftmaxRegression, type SparseExample } from '../../../src/common/router/train/softmaxRegression';
import { seededRandom } from '../../../src/common/router/train/random';

const OPTIONS = { ...DEFAULT_FEATURIZER_OPTIONS, buckets: 4096 };
const TOY: [string, number][] = [
  ['write a python function to sort a list', 0],
  ['fix the bug in my javascript code', 0],
  ['implement a class in java', 0],
  ['solve for x in the equation 2x + 3 = 7', 1],
  ['what is the integral of x squared', 1],
  ['how many apples does tom have left', 1],
  ['write a poem about the sea', 2],
  ['who was the first president of france', 2],
  ['give me tips for a job interview', 2],
];

function toyExamples(): SparseExample[] {
  return TOY.map(([text, label]) => {
    const f = featurize(text, OPTIONS);
    return { ids: f.ids, values: f.values, label, weight: 1 };
  });
}

const argmax = (xs: ArrayLike<number>) => Array.from(xs).indexOf(Math.max(...Array.from(xs)));

void test('softmax regression fits a toy dataset and generalises to a close paraphrase', () => {
  const model = trainSoftmaxRegression(toyExamples(), { buckets: OPTIONS.buckets, classes: 3 }, { ...DEFAULT_SOFTMAX_TRAINING, epochs: 20 });
  for (const [text, label] of TOY) {
    const f = featurize(text, OPTIONS);
    assert.equal(argmax(linearRouterLogits(model, f.ids, f.values)), label, text);
  }
  const unseen = featurize('write a python function that reverses a string', OPTIONS);
  assert.equal(argmax(linearRouterLogits(model, unseen.ids, unseen.values)), 0);
});

void test('training is deterministic for a seed and depends on it', () => {
  const shape = { buckets: OPTIONS.buckets, classes: 3 };
  const a = trainSoftmaxRegression(toyExamples(), shape, { ...DEFAULT_SOFTMAX_TRAINING, seed: 5 });
  const b = trainSoftmaxRegression(toyExamples(), shape, { ...DEFAULT_SOFTMAX_TRAINING, seed: 5 });
  const c = trainSoftmaxRegression(toyExamples(), shape, { ...DEFAULT_SOFTMAX_TRAINING, seed: 6 });
  assert.deepEqual(a.weights, b.weights);
  assert.deepEqual(a.bias, b.bias);
  assert.notDeepEqual(a.weights, c.weights);
});

void test('zero-weight rows are ignored and initial weights are the starting point', () => {
  const shape = { buckets: OPTIONS.buckets, classes: 3 };
  const ignored = trainSoftmaxRegression(toyExamples().map((e) => ({ ...e, weight: 0 })), shape, DEFAULT_SOFTMAX_TRAINING);
  assert.ok(ignored.weights.every((w) => w === 0));
  const base = trainSoftmaxRegression(toyExamples(), shape, DEFAULT_SOFTMAX_TRAINING);
  const resumed = trainSoftmaxRegression([], shape, { ...DEFAULT_SOFTMAX_TRAINING, initial: base });
  assert.deepEqual(resumed.weights, base.weights);
  assert.notEqual(resumed.weights, base.weights);
});

void test('temperature scaling recovers the temperature that generated the labels', () => {
  const random = seededRandom(3);
  const logits: Float64Array[] = [];
  const labels: number[] = [];
  for (let i = 0; i < 3000; i++) {
    const row = Float64Array.from({ length: 4 }, () => (random() - 0.5) * 8);
    const p = Array.from(row, (l) => Math.exp(l / 2));
    const total = p.reduce((s, x) => s + x, 0);
    let u = random() * total;
    let label = 0;
    while (u > p[label]) u -= p[label++];
    logits.push(row);
    labels.push(Math.min(label, 3));
  }
  const t = fitTemperature(logits, labels);
  assert.ok(Math.abs(t - 2) < 0.25, `fitted T = ${t}`);
});

void test('folding the temperature into the weights divides every logit by T', () => {
  const model = trainSoftmaxRegression(toyExamples(), { buckets: OPTIONS.buckets, classes: 3 }, DEFAULT_SOFTMAX_TRAINING);
  const folded = foldTemperature(model, 2.5);
  const f = featurize(TOY[0][0], OPTIONS);
  const before = sparseLogits(model, f.ids, f.values, new Float64Array(3));
  const after = sparseLogits(folded, f.ids, f.values, new Float64Array(3));
  before.forEach((l, c) => assert.ok(Math.abs(after[c] - l / 2.5) < 1e-5));
});

void test('the domain-level auxiliary loss raises the gold group mass and is off by default', () => {
  const shape = { buckets: OPTIONS.buckets, classes: 3 };
  // Classes 0 and 1 form one group (say "code"), class 2 another; the fine labels inside group 0 are noisy.
  const noisy = toyExamples().map((e, i) => ({ ...e, label: e.label === 2 ? 2 : i % 2 }));
  const groups = [0, 0, 1];
  const plain = trainSoftmaxRegression(noisy, shape, { ...DEFAULT_SOFTMAX_TRAINING, epochs: 5 });
  const zero = trainSoftmaxRegression(noisy, shape, { ...DEFAULT_SOFTMAX_TRAINING, epochs: 5, classGroups: groups, groupLossWeight: 0 });
  assert.deepEqual(zero.weights, plain.weights, 'weight 0 is exactly the plain objective');
  const grouped = trainSoftmaxRegression(noisy, shape, { ...DEFAULT_SOFTMAX_TRAINING, epochs: 5, classGroups: groups, groupLossWeight: 5 });
  const groupMass = (model: typeof plain) =>
    noisy.reduce((sum, e) => {
      const p = softmaxInPlace(sparseLogits(model, e.ids, e.values, new Float64Array(3)));
      return sum + (groups[e.label] === 0 ? p[0] + p[1] : p[2]);
    }, 0) / noisy.length;
  assert.ok(groupMass(grouped) > groupMass(plain) + 0.01, `${groupMass(grouped)} vs ${groupMass(plain)}`);
  assert.throws(() => trainSoftmaxRegression(noisy, shape, { ...DEFAULT_SOFTMAX_TRAINING, classGroups: [0, 1], groupLossWeight: 1 }), /classGroups/);
});

void test('temperature fitted on group likelihood calibrates the group, not the class', () => {
  // Class 0 always wins but is right only half the time (class 1 is the other half); their group is always right.
  const logits = Array.from({ length: 200 }, (_, i) => Float64Array.from([4, 0, -2].map((x) => x + (i % 7) * 0.01)));
  const labels = logits.map((_, i) => (i % 2 === 0 ? 0 : 1));
  const perClass = fitTemperature(logits, labels);
  const perGroup = fitTemperature(logits, labels, [0, 0, 1]);
  const singleton = fitTemperature(logits, labels, [0, 1, 2]);
  assert.ok(Math.abs(singleton - perClass) < 1e-9, 'one class per group is the plain fit');
  assert.ok(perClass > 1, `an over-confident class is softened (T ${perClass})`);
  assert.ok(perGroup < 1, `the always-right group is sharpened (T ${perGroup})`);
});
