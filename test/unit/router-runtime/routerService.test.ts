import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RouterBundleError } from '../../../src/node/router/bundleLoader';
import { RouterCallTimeoutError, RouterService, type RouterServiceOptions } from '../../../src/node/router/routerService';
import { ROUTER_WORKER_TS, TSX_EXEC_ARGV } from '../../helpers/routerWorkerPath';
import { createTinyRouterBundle, type TinyRouterBundle } from '../../helpers/tinyRouterBundle';

describe('RouterService (worker thread RPC)', () => {
  let tiny: TinyRouterBundle;
  const services: RouterService[] = [];
  const create = (extra: Partial<RouterServiceOptions> = {}): RouterService => {
    const s = new RouterService({ modelDir: tiny.dir, workerPath: ROUTER_WORKER_TS, execArgv: TSX_EXEC_ARGV, ...extra });
    services.push(s);
    return s;
  };
  before(async () => {
    tiny = await createTinyRouterBundle();
  });
  after(async () => {
    for (const s of services) s.dispose();
    await tiny.cleanup();
  });

  it('starts nothing until first use, then loads lazily and classifies', async () => {
    const service = create();
    assert.equal(service.state, 'idle');
    const result = await service.classify('solve the integral equation');
    assert.equal(result.top, 'math_word_problem');
    assert.equal(service.state, 'ready');
    assert.ok((service.lastLoadMs ?? 0) > 0);
  });

  it('recovers from a worker crash: pending calls fail, the next call restarts it', async () => {
    const service = create();
    await service.classify('warm up');
    const states: string[] = [];
    service.onStateChange((s) => states.push(s));
    service.crashForTest();
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(service.state, 'idle');
    const result = await service.classify('a javascript class');
    assert.equal(result.top, 'coding');
    assert.deepEqual(states, ['idle', 'loading', 'ready']);
  });

  it('gives up after repeated crashes and says how to recover', async () => {
    const service = create({ maxRestarts: 1 });
    for (let i = 0; i < 2; i++) {
      await service.classify('warm up');
      service.crashForTest();
      await new Promise((r) => setTimeout(r, 300));
    }
    assert.equal(service.state, 'failed');
    await assert.rejects(service.classify('x'), /crashed 2 times/);
    service.setModelDir(tiny.dir);
    assert.equal((await service.classify('python code')).top, 'coding');
  });

  it('treats a hung worker as dead: the call times out and the worker is replaced', async () => {
    const service = create({ callTimeoutMs: 1 });
    await service.ensureLoaded();
    // A 1 ms budget cannot be met by a round trip to another thread with a 20k-character prompt.
    await assert.rejects(service.classify('python '.repeat(3000)), RouterCallTimeoutError);
    assert.equal(service.state, 'idle');
  });

  it('stays failed on a corrupt model instead of respawning, until pointed elsewhere', async () => {
    const broken = await createTinyRouterBundle();
    await writeFile(path.join(broken.dir, broken.bundle.model), 'garbage');
    const service = create({ modelDir: broken.dir });
    await assert.rejects(service.classify('x'), RouterBundleError);
    assert.equal(service.state, 'failed');
    await assert.rejects(service.classify('x'), /corrupt/);
    service.setModelDir(tiny.dir);
    assert.equal((await service.classify('python')).top, 'coding');
    await broken.cleanup();
  });

  it('rejects a call whose signal aborts, and refuses work after dispose', async () => {
    const service = create();
    await service.ensureLoaded();
    const controller = new AbortController();
    const call = service.classify('python', controller.signal);
    controller.abort(new Error('user cancelled'));
    await assert.rejects(call, /user cancelled/);
    service.dispose();
    await assert.rejects(service.classify('x'), /disposed/);
  });
});
