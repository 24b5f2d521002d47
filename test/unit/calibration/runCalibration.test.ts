import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { CalibrationRequest } from '../../../src/common/calibration/calibrationPlan';
import { cellAt, cellIndex } from '../../../src/common/calibration/calibrationResult';
import { estimateCalibration } from '../../../src/common/calibration/estimate';
import { asJudge } from '../../../src/common/calibration/selection';
import { CalibrationCacheFile } from '../../../src/node/calibration/calibrationCacheFile';
import { runCalibration } from '../../../src/node/calibration/runCalibration';
import { QUALITY, ruleBasedHandler, startCalibrationExperts, type CalibrationExpertsFixture } from '../../fixtures/calibrationExperts';
import { clientFor, fixtureExperts, plainHash, TEST_ITEMS } from './helpers';

describe('runCalibration end to end against loopback experts', () => {
  let server: CalibrationExpertsFixture;
  let request: CalibrationRequest;
  before(async () => {
    server = await startCalibrationExperts(ruleBasedHandler);
  });
  after(() => server.close());
  beforeEach(() => {
    server.handler = ruleBasedHandler;
    server.requests.length = 0;
    const [coder, mathy, generalist, judge] = fixtureExperts(server.baseUrl);
    request = { items: TEST_ITEMS, experts: [coder, mathy, generalist], judge: asJudge(judge), mode: 'single' };
  });
  const run = (cache: CalibrationCacheFile, signal = new AbortController().signal) =>
    runCalibration({ request, cache, hash: plainHash, signal, clientFor, concurrency: 3 });

  it('scores each expert per category as the judge graded it, with n and an interval', async () => {
    const cache = CalibrationCacheFile.inMemory();
    const result = await run(cache);
    assert.equal(result.failures.length, 0);
    assert.equal(result.cancelled, false);
    assert.deepEqual(result.calls, { answers: 9 * 3, judgments: 9 * 3, cachedAnswers: 0, cachedJudgments: 0 });
    assert.equal(server.requests.length, 54);
    assert.ok(server.requests.filter((r) => r.model === 'judge').every((r) => r.messages[0].role === 'system'));
    const index = cellIndex(result.cells);
    const topics = { coding: 'code', advanced_math: 'math', knowledge: 'general' } as const;
    for (const [category, topic] of Object.entries(topics)) {
      for (const expert of ['coder', 'mathy', 'generalist']) {
        const cell = cellAt(index, category, expert);
        assert.equal(cell?.score, QUALITY[expert][topic], `${category} × ${expert}`);
        assert.equal(cell?.n, 3);
        assert.equal(cell?.method, 'student-t');
      }
    }
    assert.equal(result.usage.completionTokens, 54 * 5);
  });

  it('a re-run asks nothing new; a new judge re-asks only the judgments', async () => {
    const cache = CalibrationCacheFile.inMemory();
    const first = await run(cache);
    server.requests.length = 0;
    const estimate = estimateCalibration(request, cache, plainHash);
    assert.equal(estimate.answerCalls + estimate.judgeCalls, 0);
    const second = await run(cache);
    assert.equal(server.requests.length, 0);
    assert.deepEqual(second.cells, first.cells);
    assert.deepEqual(second.calls, { answers: 0, judgments: 0, cachedAnswers: 27, cachedJudgments: 27 });

    request = { ...request, judge: { ...request.judge, model: 'judge', temperature: 0.1 } };
    assert.equal(estimateCalibration(request, cache, plainHash).judgeCalls, 27);
    await run(cache);
    assert.equal(server.requests.length, 27);
    assert.ok(server.requests.every((r) => r.model === 'judge'));
  });

  it('pairwise mode: win rates against the reference, asked in both orders, reference exact at ½', async () => {
    request = { ...request, mode: 'pairwise', reference: request.experts[2] };
    const result = await run(CalibrationCacheFile.inMemory());
    assert.equal(result.failures.length, 0);
    // 27 answers + 2 orders × 9 items × 2 non-reference experts.
    assert.equal(server.requests.length, 27 + 36);
    const index = cellIndex(result.cells);
    assert.equal(cellAt(index, 'coding', 'coder')?.score, 1); // 9 beats 6
    assert.equal(cellAt(index, 'advanced_math', 'coder')?.score, 0); // 2 loses to 6
    assert.equal(cellAt(index, 'knowledge', 'mathy')?.score, 0);
    assert.equal(cellAt(index, 'coding', 'generalist')?.method, 'exact');
    const coderCoding = cellAt(index, 'coding', 'coder');
    assert.ok(coderCoding && coderCoding.ciLow > 0.4 && coderCoding.ciHigh === 1, 'Wilson interval stays wide for 3 wins');
  });

  it('lists each failed call, keeps the rest, and does not cache failures', async () => {
    server.handler = (model, messages) => (model === 'mathy' && messages.at(-1)?.content.includes('[code]') ? { status: 500 } : ruleBasedHandler(model, messages));
    const cache = CalibrationCacheFile.inMemory();
    const result = await run(cache);
    const answerFailures = result.failures.filter((f) => f.stage === 'answer');
    assert.deepEqual(answerFailures.map((f) => f.itemId).sort(), ['code-1', 'code-2', 'code-3']);
    assert.ok(answerFailures.every((f) => f.expertId === 'mathy' && f.kind === 'serverError'));
    const index = cellIndex(result.cells);
    assert.equal(cellAt(index, 'coding', 'mathy'), undefined);
    assert.equal(cellAt(index, 'advanced_math', 'mathy')?.score, 9);
    server.handler = ruleBasedHandler;
    assert.equal(estimateCalibration(request, cache, plainHash).answerCalls, 3, 'only the failed answers are asked again');
  });

  it('stops asking an expert that refuses connections, listing every skipped call', async () => {
    const dead = { ...request.experts[1], baseUrl: 'http://127.0.0.1:9/v1' };
    request = { ...request, experts: [request.experts[0], dead], items: TEST_ITEMS.slice(0, 3) };
    const result = await runCalibration({ request, cache: CalibrationCacheFile.inMemory(), hash: plainHash, signal: new AbortController().signal, clientFor, concurrency: 1 });
    const failures = result.failures.filter((f) => f.expertId === 'mathy');
    assert.equal(failures.length, 3);
    assert.ok(['connectionRefused', 'unavailable'].includes(failures[0].kind), failures[0].kind);
    assert.ok(failures.slice(1).every((f) => f.kind === 'skipped'));
    assert.equal(cellAt(cellIndex(result.cells), 'coding', 'coder')?.score, 9);
  });
});
