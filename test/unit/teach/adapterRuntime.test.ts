import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdapterMismatchError, type RouterAdapter } from '../../../src/common/teach/adapter';
import { teachRouter } from '../../../src/common/teach/teachRouter';
import { prepareAnchorRows, prepareCanaryRows, prepareTeachRows } from '../../../src/common/teach/teachRows';
import { OnnxRouterModel } from '../../../src/node/router/onnxRouterModel';
import { RouterService } from '../../../src/node/router/routerService';
import { loadAnchors } from '../../../src/node/teach/canary';
import { ROUTER_WORKER_TS, TSX_EXEC_ARGV } from '../../helpers/routerWorkerPath';
import { createTinyRouterBundle, type TinyRouterBundle } from '../../helpers/tinyRouterBundle';
import { SHELL_CORRECTIONS, TINY_CANARY, tinyAdapterBase, tinyBaseLogits, tinyCategories } from './teachHelpers';

const sum = (xs: readonly { weight: number }[]): number => xs.reduce((s, x) => s + x.weight, 0);

describe('teach: the adapter in the runtime', () => {
  let tiny: TinyRouterBundle;
  let adapter: RouterAdapter;
  before(async () => {
    tiny = await createTinyRouterBundle();
    const score = tinyBaseLogits(tiny);
    const outcome = teachRouter({
      rows: (await prepareTeachRows(SHELL_CORRECTIONS, tinyCategories, score)).rows,
      canary: await prepareCanaryRows(TINY_CANARY, score),
      anchors: await prepareAnchorRows(await loadAnchors(), score),
      categories: tinyCategories,
      base: tinyAdapterBase(tiny),
    });
    assert.ok(outcome.adapter, outcome.reason);
    adapter = outcome.adapter;
  });
  after(async () => tiny.cleanup());

  it('base and adapter contributions add up exactly to the total logit, token by token', async () => {
    const base = await OnnxRouterModel.load(tiny.dir);
    const taught = await OnnxRouterModel.load(tiny.dir);
    taught.setAdapter(adapter, 'v0001');
    try {
      const text = 'bash: grep for a word in all files';
      const before = await base.classify(text);
      const after = await taught.classify(text);
      assert.notEqual(before.top, 'coding');
      assert.equal(after.top, 'coding');
      const top = after.categories.indexOf(after.top);
      assert.ok(after.adapter, 'the result carries the adapter share');
      assert.equal(after.adapter.version, 'v0001');
      // total = attributions + bias; adapter = its attributions + its bias; base = total − adapter.
      assert.ok(Math.abs(sum(after.attributions) + (after.bias ?? NaN) - after.logits[top]) < 1e-4);
      const adapterLogit = sum(after.adapter.attributions) + after.adapter.bias;
      const baseOnly = await base.baseLogits(text);
      assert.ok(Math.abs(baseOnly.logits[top] + adapterLogit - after.logits[top]) < 1e-4);
      // Per token: what the base model alone attributes (for this class) plus the adapter's share.
      const baseForTop = (await base.classify(text)).top === after.top ? before.attributions : undefined;
      after.attributions.forEach((token, i) => {
        assert.equal(token.token, after.adapter!.attributions[i].token);
        if (baseForTop) assert.ok(Math.abs(baseForTop[i].weight + after.adapter!.attributions[i].weight - token.weight) < 1e-5);
      });
      assert.ok(after.adapter.attributions.some((a) => a.token === 'grep' && a.weight > 0), 'grep drives the adapter toward coding');
      const p = after.probabilities.reduce((s, x) => s + x, 0);
      assert.ok(Math.abs(p - 1) < 1e-6);
    } finally {
      await base.dispose();
      await taught.dispose();
    }
  });

  it('rejects an adapter trained for another category set and keeps routing with the base', async () => {
    const model = await OnnxRouterModel.load(tiny.dir);
    try {
      const foreign = { ...adapter, base: { ...adapter.base, categories: ['a', 'b', 'c'] } };
      assert.throws(() => model.setAdapter(foreign), AdapterMismatchError);
      const other = { ...adapter, base: { ...adapter.base, sha256: 'f'.repeat(64) } };
      assert.throws(() => model.setAdapter(other), /another router model/);
      assert.equal((await model.classify('python code')).adapter, undefined);
    } finally {
      await model.dispose();
    }
  });

  it('hot-swaps in a live worker, trains there, and survives a worker restart', async () => {
    const service = new RouterService({ modelDir: tiny.dir, workerPath: ROUTER_WORKER_TS, execArgv: TSX_EXEC_ARGV });
    try {
      const text = 'bash: grep for a word in all files';
      assert.notEqual((await service.classify(text)).top, 'coding');
      const taught = await service.teach({ items: SHELL_CORRECTIONS, canary: TINY_CANARY, anchors: await loadAnchors() });
      assert.equal(taught.outcome.accepted, true, taught.outcome.reason);
      assert.ok(taught.trainMs > 0);
      await service.setAdapter(taught.outcome.adapter, 'v0007');
      const swapped = await service.classify(text);
      assert.equal(swapped.top, 'coding');
      assert.equal(swapped.adapter?.version, 'v0007');
      service.crashForTest();
      await new Promise((r) => setTimeout(r, 300));
      assert.equal((await service.classify(text)).top, 'coding', 'the restarted worker got the adapter back');
      await assert.rejects(service.setAdapter({ ...adapter, base: { ...adapter.base, categories: ['x', 'y', 'z'] } }), AdapterMismatchError);
      assert.equal((await service.classify(text)).adapter?.version, 'v0007', 'a refused swap leaves the old adapter');
      await service.setAdapter(null);
      assert.notEqual((await service.classify(text)).top, 'coding');
    } finally {
      service.dispose();
    }
  });
});
