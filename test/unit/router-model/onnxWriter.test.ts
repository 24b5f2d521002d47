import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { float16BitsToFloat32, float32ToFloat16Bits, roundToFloat16 } from '../../../src/common/onnx/float16';
import { buildLinearRouterOnnx, linearRouterLogits, type LinearRouterWeights } from '../../../src/common/onnx/linearRouterModel';
import { decodeModel } from '../../../src/common/onnx/onnxProto';
import { RouterBundleSchema } from '../../../src/common/router/bundle';
import { featurize } from '../../../src/common/router/featurizer';
import { softmax } from '../../../src/common/routing/entropy';
import { createTinyRouterBundle } from '../../helpers/tinyRouterBundle';

function randomModel(buckets: number, classes: number, seed: number): LinearRouterWeights {
  let state = seed;
  const next = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  return {
    buckets,
    classes,
    weights: Float32Array.from({ length: buckets * classes }, next),
    bias: Float32Array.from({ length: classes }, next),
  };
}

async function run(session: ort.InferenceSession, ids: number[], values: number[]) {
  return session.run({
    feature_ids: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [ids.length]),
    feature_values: new ort.Tensor('float32', Float32Array.from(values), [values.length]),
  });
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance, `index ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}

void test('float32 router graph matches the TypeScript maths, contributions included', async () => {
  const model = randomModel(50, 4, 7);
  const session = await ort.InferenceSession.create(buildLinearRouterOnnx(model));
  const ids = [3, 49, 0, 3];
  const values = [0.5, -1.25, 2, 0.1];
  const out = await run(session, ids, values);
  const expected = linearRouterLogits(model, ids, values);
  assertClose(out.logits.data as Float32Array, expected, 1e-5);
  assertClose(out.probabilities.data as Float32Array, softmax(Array.from(expected)), 1e-6);
  assert.deepEqual(out.contributions.dims, [4, 4]);
  const contributions = out.contributions.data as Float32Array;
  assert.ok(Math.abs(contributions[1 * 4 + 2] - model.weights[49 * 4 + 2] * -1.25) < 1e-6);
});

void test('an empty feature list gives logits equal to the bias', async () => {
  const model = randomModel(8, 3, 11);
  const session = await ort.InferenceSession.create(buildLinearRouterOnnx(model, { precision: 'float16' }));
  const out = await run(session, [], []);
  assertClose(out.logits.data as Float32Array, model.bias, 1e-7);
  assert.deepEqual(out.contributions.dims, [0, 3]);
});

void test('float16 weights reproduce the maths on float16-rounded weights', async () => {
  const model = randomModel(100, 5, 3);
  const session = await ort.InferenceSession.create(buildLinearRouterOnnx(model, { precision: 'float16' }));
  const ids = [1, 2, 99, 50];
  const values = [0.3, 0.3, 0.6, -0.2];
  const out = await run(session, ids, values);
  const rounded = { ...model, weights: roundToFloat16(model.weights) };
  assertClose(out.logits.data as Float32Array, linearRouterLogits(rounded, ids, values), 1e-5);
});

void test('float16 conversion rounds to nearest and keeps specials', () => {
  for (const x of [0, 1, -2.5, 65504, 1e-7, 0.1, 3.14159]) {
    assert.ok(Math.abs(float16BitsToFloat32(float32ToFloat16Bits(x)) - x) <= Math.abs(x) * 1e-3 + 6e-8, String(x));
  }
  assert.equal(float16BitsToFloat32(float32ToFloat16Bits(1e6)), Infinity);
  assert.ok(Number.isNaN(float16BitsToFloat32(float32ToFloat16Bits(NaN))));
});

void test('the writer rejects mismatched shapes and records opset and metadata', () => {
  assert.throws(() => buildLinearRouterOnnx({ buckets: 2, classes: 2, weights: new Float32Array(3), bias: new Float32Array(2) }), /expected buckets × classes = 4/);
  const decoded = decodeModel(buildLinearRouterOnnx(randomModel(2, 2, 1), { metadata: { featurizer: 'x' } }));
  assert.deepEqual(decoded.opsetImport, [{ domain: '', version: 17 }]);
  assert.deepEqual(decoded.metadataProps, [{ key: 'featurizer', value: 'x' }]);
});

void test('the tiny bundle on disk validates and routes keywords in onnxruntime', async () => {
  const tiny = await createTinyRouterBundle();
  try {
    const labels = RouterBundleSchema.parse(JSON.parse(await readFile(path.join(tiny.dir, 'labels.json'), 'utf8')));
    const session = await ort.InferenceSession.create(await readFile(path.join(tiny.dir, labels.model)));
    const top = async (text: string) => {
      const f = featurize(text, tiny.options);
      const out = await run(session, Array.from(f.ids), Array.from(f.values));
      const p = Array.from(out.probabilities.data as Float32Array);
      return labels.categories[p.indexOf(Math.max(...p))].domain;
    };
    assert.equal(await top('write a python function'), 'code');
    assert.equal(await top('solve this equation'), 'math');
    assert.equal(await top('tell me about the history of Rome'), 'general');
  } finally {
    await tiny.cleanup();
  }
});
