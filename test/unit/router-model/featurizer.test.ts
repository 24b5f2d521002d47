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
  clearCharNgramCache,
  featureTokens,
  featurize,
  featurizerDescriptor,
} from '../../../src/common/router/featurizer';
import { fnvStep } from '../../../src/common/router/featureHash';

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
  assert.deepEqual(featureTokens(f).map((t) => t.text), ['x', '=', '$', '\\', 'frac', '{', '1', '}', '{', '2', '}', '$']);
  for (const t of featureTokens(f)) assert.equal('x = $\\frac{1}{2}$'.slice(t.start, t.end), t.text);
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
  assert.deepEqual(featureTokens(f).map((t) => t.text), [...words.slice(0, 6), ...words.slice(996)]);
});

void test('token attributions sum to the sum of feature contributions', () => {
  const f = featurize(SAMPLE, DEFAULT_FEATURIZER_OPTIONS);
  const contributions = Array.from(f.ids, (id, i) => Math.sin(id) * f.values[i]);
  const attributions = attributeTokens(f, contributions);
  assert.equal(attributions.length, f.tokenStarts.length);
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

void test('memoised n-grams give exactly the features computed afresh (case/digit variants, long words, hash collisions, cache resets)', () => {
  const fresh = (text: string) => {
    clearCharNgramCache();
    return featurize(text, DEFAULT_FEATURIZER_OPTIONS);
  };
  const same = (text: string) => {
    const memo = featurize(text, DEFAULT_FEATURIZER_OPTIONS);
    const again = fresh(text);
    assert.deepEqual([memo.ids, memo.values, memo.featureTokenOffsets, memo.featureTokenIndices], [again.ids, again.values, again.featureTokenOffsets, again.featureTokenIndices], text);
  };
  featurize('Hello hello HELLO a1 a2 a9 supercalifragilisticexpialidocious_one supercalifragilisticexpialidocious_two', DEFAULT_FEATURIZER_OPTIONS);
  same('hello HeLLo a7 supercalifragilisticexpialidocious_three naïve NAÏVE');
  // Tens of thousands of distinct words: past the memo's bound (it is cleared and refilled) and, in a 30-bit
  // key space, with some keys shared by two words, which must not share n-grams.
  let state = 7;
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const word = () => Array.from({ length: 3 + (state % 6) }, () => letters[(state = (Math.imul(state, 1103515245) + 12345) >>> 0) % 26]).join('');
  const words = Array.from({ length: 60_000 }, word);
  const memoised = words.map((w) => Array.from(featurize(w, DEFAULT_FEATURIZER_OPTIONS).ids).join());
  const afresh = words.map((w) => Array.from(fresh(w).ids).join());
  assert.deepEqual(memoised, afresh);
  same(words.slice(0, 600).join(' '));
  // A pair whose memo keys (30-bit FNV of the framed, normalised word) collide, back to back in one memo.
  const keyOf = (w: string) => [...`<${w}>`].reduce((h, c) => fnvStep(h, c.charCodeAt(0)), 0x811c9dc5) & 0x3fffffff;
  const byKey = new Map<number, string>();
  const pair = words.map((w) => {
    const other = byKey.get(keyOf(w));
    byKey.set(keyOf(w), w);
    return other !== undefined && other !== w ? [other, w] : undefined;
  }).find((p) => p !== undefined);
  assert.ok(pair, 'the word list holds a colliding pair');
  clearCharNgramCache();
  featurize(pair[0], DEFAULT_FEATURIZER_OPTIONS);
  same(pair[1]);
  same(pair[0]);
});
