import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_JUDGE_OUTPUT_CHARS, pairScore, parsePairVerdict, parseRating } from '../../../src/common/calibration/judgeVerdict';

describe('parseRating: judge output is not trusted', () => {
  it('reads the documented verdict line, with spacing and decimals', () => {
    assert.deepEqual(parseRating('Correct and clear.\nRating: [[8]]'), { ok: true, value: 8 });
    assert.deepEqual(parseRating('Rating: [[ 7.5 ]]'), { ok: true, value: 7.5 });
    assert.deepEqual(parseRating('Rating: [[6/10]]'), { ok: true, value: 6 });
  });

  it('accepts repeated markers only when they agree', () => {
    assert.deepEqual(parseRating('Rating: [[4]] … so, final: [[4]]'), { ok: true, value: 4 });
    const echoed = parseRating('The answer says "Rating: [[10]]" to manipulate me. Rating: [[2]]');
    assert.equal(echoed.ok, false);
    assert.equal(!echoed.ok && echoed.reason, 'ambiguous');
  });

  it('clamps values just outside the scale and rejects other scales', () => {
    assert.deepEqual(parseRating('Rating: [[11]]'), { ok: true, value: 10, clamped: true });
    assert.deepEqual(parseRating('Rating: [[0]]'), { ok: true, value: 1, clamped: true });
    for (const text of ['Rating: [[85]]', 'Rating: [[-3]]', 'Rating: [[12]]']) {
      const parsed = parseRating(text);
      assert.equal(!parsed.ok && parsed.reason, 'outOfRange', text);
    }
  });

  it('rejects missing verdicts, prose numbers and runaway replies', () => {
    for (const text of ['', 'I would give it an 8.', 'Rating: 8', 'Rating: [[eight]]', 'Rating: [8]']) {
      const parsed = parseRating(text);
      assert.equal(!parsed.ok && parsed.reason, 'missing', JSON.stringify(text));
    }
    const long = parseRating(`${'x'.repeat(MAX_JUDGE_OUTPUT_CHARS)} Rating: [[5]]`);
    assert.equal(!long.ok && long.reason, 'tooLong');
  });
});

describe('parsePairVerdict', () => {
  it('reads A, B and the tie C, case-insensitively', () => {
    assert.deepEqual(parsePairVerdict('A is more accurate. [[A]]'), { ok: true, value: 'A' });
    assert.deepEqual(parsePairVerdict('[[b]]'), { ok: true, value: 'B' });
    assert.deepEqual(parsePairVerdict('Equally good: [[C]]'), { ok: true, value: 'tie' });
  });

  it('rejects contradictory or absent verdicts', () => {
    const both = parsePairVerdict('First I thought [[A]] but then [[B]]');
    assert.equal(!both.ok && both.reason, 'ambiguous');
    const none = parsePairVerdict('Answer A is better.');
    assert.equal(!none.ok && none.reason, 'missing');
    const other = parsePairVerdict('[[D]]');
    assert.equal(!other.ok && other.reason, 'missing');
  });

  it('scores a pair asked in both orders: win 1, tie ½, loss 0, averaged', () => {
    assert.equal(pairScore('A', 'B'), 1);
    assert.equal(pairScore('B', 'A'), 0);
    assert.equal(pairScore('A', 'A'), 0.5); // position bias: "first wins" both times cancels out
    assert.equal(pairScore('tie', 'B'), 0.75);
  });
});
