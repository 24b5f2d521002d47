import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTrace, TraceFormatError } from '../../../src/common/sim/trace';
import { formatBytes, formatParams, parseParamCount } from '../../../src/common/sim/units';

void describe('parseParamCount', () => {
  void it('reads the ways people write parameter counts', () => {
    assert.equal(parseParamCount('7e9'), 7e9);
    assert.equal(parseParamCount('7B'), 7e9);
    assert.equal(parseParamCount('70.6B'), 70.6e9);
    assert.equal(parseParamCount('350m'), 350e6);
    assert.equal(parseParamCount('1.2T'), 1.2e12);
    assert.equal(parseParamCount('7_000_000_000'), 7e9);
    assert.equal(parseParamCount(' 31 B '), 31e9);
  });
  void it('rejects anything else', () => {
    for (const bad of ['', 'B', 'seven', '7X', '-7B', '0', '7BB', '1e999']) assert.equal(parseParamCount(bad), undefined, bad);
  });
  void it('formats counts and bytes compactly', () => {
    assert.equal(formatParams(70.6e9), '70.6B');
    assert.equal(formatParams(145.3e9), '145B');
    assert.equal(formatBytes(13.48e9), '13.5 GB');
  });
});

void describe('parseTrace', () => {
  void it('reads a JSON array of ids or decision objects', () => {
    assert.deepEqual(parseTrace('["code", {"expert": "math", "category": "algebra"}]'), ['code', 'math']);
  });
  void it('reads JSON Lines of decisions, skipping blank lines', () => {
    assert.deepEqual(parseTrace('{"expert":"code"}\n\n"math"\r\n{"id":"x","expert":"general"}\n'), ['code', 'math', 'general']);
  });
  void it('names the line that is wrong', () => {
    assert.throws(() => parseTrace('{"expert":"code"}\n{"category":"x"}'), (e: unknown) => e instanceof TraceFormatError && /line 2/.test(e.message));
    assert.throws(() => parseTrace('{"expert":"code"}\nnot json'), /trace line 2: not valid JSON/);
    assert.throws(() => parseTrace('[1]'), /trace item 0/);
  });
  void it('an empty file is an empty trace', () => {
    assert.deepEqual(parseTrace('  \n'), []);
  });
});
