import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../../src/cli/main';
import { optimizeInputFromFiles } from '../../../src/common/optimize/scoresFile';
import { ruleBasedHandler, startCalibrationExperts, type CalibrationExpertsFixture } from '../../fixtures/calibrationExperts';
import { fixtureExperts, TEST_ITEMS } from './helpers';

async function cli(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: async () => '', env: {}, cwd,
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}

describe('coe calibrate', () => {
  let server: CalibrationExpertsFixture;
  let dir: string;
  const base = ['calibrate', '--config', 'coe.config.json', '--set', 'set.jsonl', '--experts', 'coder,mathy', '--concurrency', '8'];
  before(async () => {
    server = await startCalibrationExperts(ruleBasedHandler);
    dir = await mkdtemp(path.join(tmpdir(), 'coe-calibrate-cli-'));
    const experts = fixtureExperts(server.baseUrl);
    // A stand-in router bundle: only its parameter count matters here (it goes into routerParams).
    await mkdir(path.join(dir, 'router'));
    await writeFile(path.join(dir, 'router', 'labels.json'), JSON.stringify({ parameterCount: 1234, categories: [{ id: 'coding' }, { id: 'advanced_math' }] }));
    await writeFile(path.join(dir, 'coe.config.json'), JSON.stringify({ experts, generalist: 'generalist', routerModelPath: 'router' }));
    await writeFile(path.join(dir, 'set.jsonl'), TEST_ITEMS.map((i) => JSON.stringify(i)).join('\n'));
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('without --yes prints the estimate and sends nothing', async () => {
    const { code, stderr } = await cli(base, dir);
    assert.equal(code, 0);
    assert.match(stderr, /9 prompts in 3 categories × 2 experts: 36 calls to make \(18 answers, 18 judgments\)/);
    assert.match(stderr, /judge: judge, mode: single/);
    assert.match(stderr, /Re-run with --yes/);
    assert.match(stderr, /warning: the router has no category knowledge/);
    assert.equal(server.requests.length, 0);
  });

  it('with --yes runs, prints the matrix and writes the scores file coe optimize reads', async () => {
    const { code, stdout, stderr } = await cli([...base, '--yes', '--out', 'scores.json'], dir);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^category\s+coder\s+mathy\n/);
    assert.match(stdout, /\ncoding\s+9\.0 ±0\.0 \(3\)\s+3\.0 ±0\.0 \(3\)/);
    assert.equal(server.requests.length, 36);
    const scores = JSON.parse(await readFile(path.join(dir, 'scores.json'), 'utf8')) as unknown;
    assert.deepEqual(scores, {
      experts: { coder: { activeParams: 7e9 }, mathy: { activeParams: 7e9 } },
      scores: { coding: { coder: 9, mathy: 3 }, advanced_math: { coder: 2, mathy: 9 }, knowledge: { coder: 5, mathy: 4 } },
      routerParams: 1234,
    });
    assert.doesNotThrow(() => optimizeInputFromFiles(scores), 'the optimiser accepts the file');
  });

  it('a re-run is answered from the cache; --json reports estimate, result and scores', async () => {
    server.requests.length = 0;
    const { code, stdout } = await cli([...base, '--json'], dir);
    assert.equal(code, 0);
    assert.equal(server.requests.length, 0);
    const report = JSON.parse(stdout) as { ran: boolean; estimate: { cachedAnswers: number }; result: { failures: unknown[] }; scores: unknown };
    assert.equal(report.ran, true);
    assert.equal(report.estimate.cachedAnswers, 18);
    assert.deepEqual(report.result.failures, []);
    assert.ok(report.scores);
  });

  it('bad usage exits 2 with a message naming the problem', async () => {
    const mode = await cli([...base, '--mode', 'best'], dir);
    assert.equal(mode.code, 2);
    assert.match(mode.stderr, /--mode must be "single" or "pairwise"/);
    const judge = await cli([...base, '--judge', 'nobody'], dir);
    assert.equal(judge.code, 2);
    assert.match(judge.stderr, /unknown judge "nobody"; configured experts: coder, mathy, generalist, judge/);
  });
});
