import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCoe } from '../../helpers/cliHarness';
import { createTinyRouterBundle, type TinyRouterBundle } from '../../helpers/tinyRouterBundle';

describe('coe route', () => {
  let tiny: TinyRouterBundle;
  before(async () => {
    tiny = await createTinyRouterBundle();
  });
  after(async () => tiny.cleanup());

  it('prints a complete JSON decision from the ONNX model in a worker', async () => {
    const run = await runCoe(['route', '--json', '--model', tiny.dir, 'write a python function that returns a list']);
    assert.equal(run.code, 0, run.stderr);
    const decision = JSON.parse(run.stdout);
    for (const key of ['category', 'domain', 'expert', 'confidence', 'entropy', 'fallbackReason', 'probabilities', 'latencyMs', 'activeParams', 'attributions']) {
      assert.ok(key in decision, `missing ${key}`);
    }
    assert.equal(decision.category, 'coding');
    assert.equal(decision.domain, 'code');
    assert.equal(decision.expert, 'code');
    assert.equal(decision.fallbackReason, null);
    assert.equal(Object.keys(decision.probabilities).length, 3);
    assert.ok(decision.attributions.some((a: { token: string }) => a.token === 'python'));
    assert.ok(decision.activeParams > 7e9);
    // What the fallback tested, beside the top category's probability: the code expert's mass includes coding's.
    assert.equal(decision.confidenceExpert, 'code');
    assert.ok(decision.expertConfidence >= decision.confidence, `${decision.expertConfidence} vs ${decision.confidence}`);
    assert.ok(decision.expertEntropy >= 0 && decision.expertEntropy <= 1);
    assert.equal(typeof decision.thresholds.minConfidence, 'number');
  });

  it('reads the prompt from stdin with "-" and prints a readable line', async () => {
    const run = await runCoe(['route', '--model', tiny.dir, '-'], { stdin: 'solve the integral equation' });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^math ← math_word_problem/);
    assert.match(run.stdout, /; confidence in math \d\.\d\d [≥<] [\d.]+, entropy over experts \d\.\d\d [≤>] [\d.]+; top category math_word_problem \d\.\d\d;/);
    assert.match(run.stdout, /driven by: .*integral/);
  });

  it('honours a config file: table and thresholds', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'coe-cli-'));
    await writeFile(path.join(dir, 'coe.config.json'), JSON.stringify({ categoryTable: { coding: ['math'] }, minConfidence: 0.99, bogus: 1 }));
    const run = await runCoe(['route', '--json', '--model', tiny.dir, 'python'], { cwd: dir });
    assert.equal(run.code, 0);
    assert.match(run.stderr, /warning: .*bogus/);
    const decision = JSON.parse(run.stdout);
    assert.ok(decision.expert === 'math' || decision.fallbackReason === 'lowConfidence');
  });

  it('exits 2 on bad usage and 1 when the router cannot load, with the reason on stderr', async () => {
    assert.equal((await runCoe(['route'])).code, 2);
    assert.equal((await runCoe(['route', '--no-such-flag', 'x'])).code, 2);
    assert.equal((await runCoe(['nope'])).code, 2);
    const missing = await runCoe(['route', '--json', '--model', path.join(tiny.dir, 'missing'), 'hello']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /labels\.json/);
    assert.equal(JSON.parse(missing.stdout).fallbackReason, 'classifierError');
    const badConfig = await runCoe(['route', '--config', '/nonexistent/coe.json', 'x']);
    assert.equal(badConfig.code, 1);
    assert.match(badConfig.stderr, /cannot read config file/);
  });

  it('routes an empty prompt to the generalist without failing', async () => {
    const run = await runCoe(['route', '--json', '--model', tiny.dir, '-'], { stdin: '  ' });
    assert.equal(run.code, 0);
    assert.equal(JSON.parse(run.stdout).fallbackReason, 'emptyPrompt');
  });
});

describe('coe bench router', () => {
  it('reports p50/p99 at 32, 128 and 512 tokens as JSON', async () => {
    const tiny = await createTinyRouterBundle();
    const run = await runCoe(['bench', 'router', '--json', '--iterations', '20', '--model', tiny.dir]);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout);
    for (const n of ['32', '128', '512']) {
      assert.ok(result.lengths[n].p50Ms > 0 && result.lengths[n].p99Ms >= result.lengths[n].p50Ms);
    }
    assert.ok(result.coldLoadMs > 0);
    await tiny.cleanup();
  });
});
