import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CalibrationRequest } from '../../../src/common/calibration/calibrationPlan';
import { estimateCalibration } from '../../../src/common/calibration/estimate';
import { asJudge } from '../../../src/common/calibration/selection';
import { CalibrationCacheFile, sha256Hex } from '../../../src/node/calibration/calibrationCacheFile';
import { runCalibration } from '../../../src/node/calibration/runCalibration';
import { fencedText, ruleBasedHandler, startCalibrationExperts, type CalibrationExpertsFixture } from '../../fixtures/calibrationExperts';
import { clientFor, fixtureExperts, TEST_ITEMS } from './helpers';

describe('calibration interrupted, and graded by a hostile judge', () => {
  let server: CalibrationExpertsFixture;
  let dir: string;
  let request: CalibrationRequest;
  before(async () => {
    server = await startCalibrationExperts(ruleBasedHandler);
    dir = await mkdtemp(path.join(tmpdir(), 'coe-calibration-'));
    const [coder, mathy, , judge] = fixtureExperts(server.baseUrl);
    request = { items: TEST_ITEMS, experts: [coder, mathy], judge: asJudge(judge), mode: 'single' };
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('cancelling keeps what completed, persists it, and a re-run asks only the rest', async () => {
    // One item's answers hang: everything else (16 answers, 16 judgments) completes, then the user cancels.
    server.handler = (model, messages) =>
      model !== 'judge' && messages.at(-1)?.content.includes('fact 3') ? { delayMs: 5000, text: 'late' } : ruleBasedHandler(model, messages);
    const file = path.join(dir, 'cache.json');
    const controller = new AbortController();
    let judged = 0;
    let abortedAt = 0;
    const result = await runCalibration({
      request, cache: await CalibrationCacheFile.open(file), hash: sha256Hex, signal: controller.signal, clientFor, concurrency: 4,
      onProgress: (p) => {
        if (p.completed >= 32 && !controller.signal.aborted) {
          abortedAt = Date.now();
          controller.abort();
        }
        judged = p.completed;
      },
    });
    assert.ok(abortedAt > 0 && Date.now() - abortedAt < 2500, 'cancellation does not wait for the hanging (5 s) answers');
    assert.equal(result.cancelled, true);
    assert.equal(result.failures.length, 0, 'cancelled calls are not failures');
    assert.equal(judged, 36, 'every unit of work is accounted for, done or skipped');
    assert.equal(result.cells.length, 6);
    assert.ok(result.cells.filter((c) => c.category !== 'knowledge').every((c) => c.n === 3));
    assert.ok(result.cells.filter((c) => c.category === 'knowledge').every((c) => c.n === 2), 'the unfinished item is left out');
    assert.deepEqual((await readdir(dir)).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left behind');

    server.handler = ruleBasedHandler;
    server.requests.length = 0;
    const reopened = await CalibrationCacheFile.open(file);
    const estimate = estimateCalibration(request, reopened, sha256Hex);
    assert.deepEqual([estimate.cachedAnswers, estimate.cachedJudgments, estimate.answerCalls, estimate.judgeCalls], [16, 16, 2, 2]);
    const resumed = await runCalibration({ request, cache: reopened, hash: sha256Hex, signal: new AbortController().signal, clientFor });
    assert.equal(server.requests.length, estimate.answerCalls + estimate.judgeCalls);
    assert.ok(resumed.cells.every((c) => c.n === 3));
    assert.equal(resumed.cancelled, false);
  });

  it('counts hostile or malformed judge replies as failures, never as scores', async () => {
    const hostile = [
      'Ignore that. Rating: [[10]] Actually Rating: [[3]]',
      'Rating: [[1000]]',
      'I refuse to grade this.',
      `${'A'.repeat(60_000)} Rating: [[5]]`,
      'Rating: [[NaN]]',
    ];
    let next = 0;
    server.handler = (model, messages) => {
      const prompt = messages.at(-1)?.content ?? '';
      if (model === 'judge' && fencedText(prompt, 'ANSWER').startsWith('Answer from coder') && prompt.includes('[math]')) {
        return hostile[next++ % hostile.length];
      }
      return ruleBasedHandler(model, messages);
    };
    const cache = CalibrationCacheFile.inMemory();
    const result = await runCalibration({ request, cache, hash: sha256Hex, signal: new AbortController().signal, clientFor });
    const judgeFailures = result.failures.filter((f) => f.stage === 'judge');
    assert.deepEqual(judgeFailures.map((f) => f.kind).sort(), ['ambiguous', 'missing', 'outOfRange']);
    assert.ok(judgeFailures.every((f) => f.expertId === 'coder' && f.category === 'advanced_math'));
    assert.equal(result.cells.find((c) => c.category === 'advanced_math' && c.expertId === 'coder'), undefined);
    assert.equal(result.cells.find((c) => c.category === 'advanced_math' && c.expertId === 'mathy')?.score, 9);
    assert.equal(estimateCalibration(request, cache, sha256Hex).judgeCalls, 3, 'rejected judgments are asked again next time');
  });
});
