import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregateScores, ratingInterval, winRateInterval } from '../../../src/common/calibration/aggregate';
import { formatScoreMatrix, toScoresFile, type CalibrationResult } from '../../../src/common/calibration/calibrationResult';

const close = (actual: number, expected: number, digits = 3) =>
  assert.ok(Math.abs(actual - expected) < 10 ** -digits, `${actual} ≉ ${expected}`);

describe('score aggregation', () => {
  it('rating: mean with a Student-t 95% interval (n − 1 degrees of freedom), clipped to 1–10', () => {
    const cell = ratingInterval([6, 7, 8, 9]);
    // mean 7.5, s = 1.29099, t(3) = 3.182 → half width 2.0541
    close(cell.score, 7.5);
    close(cell.ciLow, 5.4459);
    close(cell.ciHigh, 9.5541);
    assert.equal(cell.method, 'student-t');
    const clipped = ratingInterval([10, 10, 4]);
    assert.equal(clipped.ciHigh, 10);
    const single = ratingInterval([7]);
    assert.deepEqual([single.ciLow, single.ciHigh, single.method], [1, 10, 'none']);
  });

  it('win rate: Wilson interval, which stays wide when every prompt was won', () => {
    const all = winRateInterval([1, 1, 1, 1]);
    assert.equal(all.score, 1);
    close(all.ciLow, 0.5101);
    close(all.ciHigh, 1);
    const half = winRateInterval([1, 0, 0.5, 0.5]);
    close(half.score, 0.5);
    close(half.ciLow, 0.1500);
    close(half.ciHigh, 0.8500);
  });

  it('groups by (category, expert) and writes exactly the optimiser scores format', () => {
    const cells = aggregateScores(
      [
        { itemId: 'a', category: 'coding', expertId: 'x', score: 8 },
        { itemId: 'b', category: 'coding', expertId: 'x', score: 6 },
        { itemId: 'a', category: 'coding', expertId: 'y', score: 3 },
        { itemId: 'c', category: 'writing', expertId: 'y', score: 9 },
      ],
      'single',
    );
    assert.equal(cells.length, 3);
    const result: CalibrationResult = {
      mode: 'single', judgeId: 'j', promptVersion: 'single-v1', expertIds: ['x', 'y', 'z'], categories: ['coding', 'writing'],
      cells, samples: [], failures: [], cancelled: false,
      calls: { answers: 0, judgments: 0, cachedAnswers: 0, cachedJudgments: 0 }, usage: { promptTokens: 0, completionTokens: 0 },
    };
    const base = { kind: 'openai' as const, baseUrl: 'http://127.0.0.1:1/v1', contextLength: 8192, headers: {} };
    const experts = [
      { ...base, id: 'x', model: 'x', totalParams: 7e9 },
      { ...base, id: 'y', model: 'y', totalParams: 47e9, activeParams: 13e9 },
      { ...base, id: 'z', model: 'z', totalParams: 70e9 },
    ];
    assert.deepEqual(toScoresFile(result, experts, 1234), {
      experts: { x: { activeParams: 7e9 }, y: { activeParams: 13e9, totalParams: 47e9 } },
      scores: { coding: { x: 7, y: 3 }, writing: { y: 9 } },
      routerParams: 1234,
    });
    const table = formatScoreMatrix(result).split('\n');
    assert.equal(table.length, 3);
    assert.match(table[1], /^coding\s+7\.0 ±4\.5 \(2\)\s+3\.0 ±\? \(1\)\s+—$/);
  });
});
