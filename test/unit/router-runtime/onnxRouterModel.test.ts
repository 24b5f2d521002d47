import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RouterBundleError } from '../../../src/node/router/bundleLoader';
import { OnnxRouterModel } from '../../../src/node/router/onnxRouterModel';
import { createTinyRouterBundle, type TinyRouterBundle } from '../../helpers/tinyRouterBundle';

describe('OnnxRouterModel', () => {
  let tiny: TinyRouterBundle;
  before(async () => {
    tiny = await createTinyRouterBundle();
  });
  after(async () => tiny.cleanup());

  it('classifies with probabilities, entropy and exact attributions', async () => {
    const model = await OnnxRouterModel.load(tiny.dir);
    const result = await model.classify('write a python function that returns the sum');
    assert.equal(result.top, 'coding');
    assert.equal(result.categories.length, 3);
    assert.ok(Math.abs(result.probabilities.reduce((a, b) => a + b, 0) - 1) < 1e-5);
    assert.ok(result.entropy >= 0 && result.entropy <= 1);
    const sum = result.attributions.reduce((a, t) => a + t.weight, 0);
    const topLogit = result.logits[result.categories.indexOf(result.top)];
    assert.ok(Math.abs(sum + (result.bias ?? 0) - topLogit) < 1e-4, 'attributions + bias = logit');
    assert.ok(result.attributions.some((a) => a.token === 'python' && a.weight > 0));
    await model.dispose();
  });

  it('answers an empty prompt with the bias alone', async () => {
    const model = await OnnxRouterModel.load(tiny.dir);
    const result = await model.classify('');
    assert.equal(result.top, 'knowledge');
    assert.deepEqual(result.attributions, []);
    await model.dispose();
  });

  it('refuses a bundle built for another featurizer version, naming both', async () => {
    const other = await createTinyRouterBundle({ featurizer: { version: 999 } });
    await assert.rejects(OnnxRouterModel.load(other.dir), (e: Error) => e instanceof RouterBundleError && /999/.test(e.message));
    await other.cleanup();
  });

  it('reports a corrupt ONNX file clearly', async () => {
    const broken = await createTinyRouterBundle();
    await writeFile(path.join(broken.dir, broken.bundle.model), Buffer.from('this is not a protobuf'));
    await assert.rejects(OnnxRouterModel.load(broken.dir), (e: Error) => e instanceof RouterBundleError && /corrupt/.test(e.message));
    await broken.cleanup();
  });

  it('reports a missing or malformed labels file with its path', async () => {
    await assert.rejects(OnnxRouterModel.load(path.join(tiny.dir, 'nope')), /labels\.json/);
    const broken = await createTinyRouterBundle();
    await writeFile(path.join(broken.dir, 'labels.json'), '{"formatVersion": 1, "categories": 3');
    await assert.rejects(OnnxRouterModel.load(broken.dir), /not valid JSON/);
    await writeFile(path.join(broken.dir, 'labels.json'), JSON.stringify({ ...broken.bundle, categories: [] }));
    await assert.rejects(OnnxRouterModel.load(broken.dir), /categories/);
    await broken.cleanup();
  });

  it('refuses labels that do not match the model outputs', async () => {
    const broken = await createTinyRouterBundle();
    const extra = { id: 'extra', displayName: 'Extra', description: 'x', domain: 'general' };
    await writeFile(path.join(broken.dir, 'labels.json'), JSON.stringify({ ...broken.bundle, categories: [...broken.bundle.categories, extra] }));
    await assert.rejects(OnnxRouterModel.load(broken.dir), /outputs 3 classes but labels.json lists 4/);
    await broken.cleanup();
  });
});
