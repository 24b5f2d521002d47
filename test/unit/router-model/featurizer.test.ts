import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import {
  DEFAULT_FEATURIZER_OPTIONS,
  FEATURIZER_NAME,
  FEATURIZER_VERSION,
  FeaturizerMismatchError,
  attributeTokens,
  checkFeaturizerCompatibility,
  featurize,
  featurizerDescriptor,
} from '../../../src/common/router/featurizer';

const SAMPLE = 'Write a Python function `add(a, b)` that returns a + b; then explain it.';

void test('featurize is deterministic and gives one entry per bucket', () => {
  const a = featurize(SAMPLE, DEFAULT_FEATURIZER_OPTIONS);
  const b = featurize(SAMPLE, DEFAULT_FEATURIZER_OPTIONS);
  assert.deepEqual(a.ids, b.ids);
  assert.deepEqual(a.values, b.values);
  assert.equal(new Set(a.ids).size, a.ids.length);
  for (const id of a.ids) assert.ok(id >= 0 && id < DEFAULT_FEATURIZER_OPTIONS.buckets);
});

void test('feature values are L2-normalised and case/digit-insensitive', () => {
  const f = featurize(SAMPLE, DEFAULT_FEATURIZER_OPTIONS);
  const norm = Math.sqrt(f.values.reduce((s, v) => s + v * v, 0));
  assert.ok(Math.abs(norm - 1) < 1e-5);
  const lower = featurize('ADD 12 apples', DEFAULT_FEATURIZER_OPTIONS);
  const upper = featurize('add 47 Apples', DEFAULT_FEATURIZER_OPTIONS);
  assert.deepEqual(lower.ids, upper.ids);
  assert.notDeepEqual(featurize('add apples', DEFAULT_FEATURIZER_OPTIONS).ids, lower.ids);
});

void test('tokens keep offsets into the original text and symbols are tokens', () => {
  const f = featurize('x = $\\frac{1}{2}$', DEFAULT_FEATURIZER_OPTIONS);
  assert.deepEqual(f.tokens.map((t) => t.text), ['x', '=', '$', '\\', 'frac', '{', '1', '}', '{', '2', '}', '$']);
  for (const t of f.tokens) assert.equal('x = $\\frac{1}{2}$'.slice(t.start, t.end), t.text);
});

void test('empty and whitespace-only prompts have no features', () => {
  for (const text of ['', '   \n\t']) {
    const f = featurize(text, DEFAULT_FEATURIZER_OPTIONS);
    assert.equal(f.ids.length, 0);
    assert.deepEqual(attributeTokens(f, []), []);
  }
});

void test('long prompts keep the first headTokens and last maxTokens-headTokens tokens', () => {
  const words = Array.from({ length: 1000 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}${i}`);
  const f = featurize(words.join(' '), { ...DEFAULT_FEATURIZER_OPTIONS, maxTokens: 10, headTokens: 6 });
  assert.equal(f.totalTokens, 1000);
  assert.deepEqual(f.tokens.map((t) => t.text), [...words.slice(0, 6), ...words.slice(996)]);
});

void test('token attributions sum to the sum of feature contributions', () => {
  const f = featurize(SAMPLE, DEFAULT_FEATURIZER_OPTIONS);
  const contributions = Array.from(f.ids, (id, i) => Math.sin(id) * f.values[i]);
  const attributions = attributeTokens(f, contributions);
  assert.equal(attributions.length, f.tokens.length);
  const total = contributions.reduce((s, c) => s + c, 0);
  const spread = attributions.reduce((s, a) => s + a.weight, 0);
  assert.ok(Math.abs(total - spread) < 1e-9, `${total} vs ${spread}`);
  assert.throws(() => attributeTokens(f, [1, 2]), /contributions for/);
});

void test('a feature from a single token attributes only to that token', () => {
  const f = featurize('zebra', DEFAULT_FEATURIZER_OPTIONS);
  const attributions = attributeTokens(f, Array.from(f.values, () => 1));
  assert.equal(attributions.length, 1);
  assert.equal(attributions[0].token, 'zebra');
  assert.ok(Math.abs(attributions[0].weight - f.ids.length) < 1e-9);
});

void test('bundles from another featurizer are refused, naming both versions', () => {
  assert.deepEqual(checkFeaturizerCompatibility(featurizerDescriptor()), { ...DEFAULT_FEATURIZER_OPTIONS });
  assert.throws(
    () => checkFeaturizerCompatibility({ name: FEATURIZER_NAME, version: FEATURIZER_VERSION + 1, options: {} }),
    (e: unknown) => e instanceof FeaturizerMismatchError && e.message.includes(`v${FEATURIZER_VERSION + 1}`) && e.message.includes(`v${FEATURIZER_VERSION}`),
  );
  assert.throws(() => checkFeaturizerCompatibility({ name: 'bert', version: FEATURIZER_VERSION, options: {} }), /"bert"/);
  assert.throws(() => checkFeaturizerCompatibility({ ...featurizerDescriptor(), options: { buckets: 1000 } }), /power of two/);
});

void test('features are pinned: changing them requires a new FEATURIZER_VERSION (shipped models depend on them)', () => {
  const text = 'Fix this: def f(x):\n    return x ** 2  # Ünïcode naïve café 42 $\\frac{1}{2}$ — done!';
  // Pinned at 65,536 buckets (the bucket count is a recorded bundle option, so the default may change; the algorithm may not).
  const f = featurize(text, { ...DEFAULT_FEATURIZER_OPTIONS, buckets: 1 << 16 });
  const hash = createHash('sha256');
  for (const array of [f.ids, f.values, f.featureTokenOffsets, f.featureTokenIndices]) hash.update(Buffer.from(array.buffer, array.byteOffset, array.byteLength));
  assert.equal(FEATURIZER_VERSION, 1);
  assert.equal(f.ids.length, 149);
  assert.equal(hash.digest('hex'), 'e1b89dcfe94687977d90629085a7d143a930478190ad1406b878866186203807');
});
