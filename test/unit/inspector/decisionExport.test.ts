import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseTrace } from '../../../src/common/sim/trace';
import { csvCell, toCsv, toJsonl } from '../../../src/node/decisions/decisionExport';
import { sampleRecord } from './sampleDecisions';

describe('decision export', () => {
  const records = [sampleRecord('d1'), sampleRecord('d2', { expert: 'math', category: 'algebra', fallbackReason: 'lowConfidence' })];

  it('JSONL is one decision per line and doubles as a simulator trace', () => {
    const text = toJsonl(records, { includePromptText: false });
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 2);
    assert.equal(lines[1].fallbackReason, 'lowConfidence');
    assert.equal(lines[0].time, '2026-11-29T12:00:01.000Z');
    assert.deepEqual(parseTrace(text), ['code', 'math']);
    assert.ok(!text.includes('sort a list') && !text.includes('attributions'), 'no prompt text without consent');
    assert.ok(toJsonl(records, { includePromptText: true }).includes('sort a list'));
  });

  it('CSV has a header, one row per decision and quotes what needs quoting', () => {
    const csv = toCsv([sampleRecord('d1', { fallbackDetail: 'confidence 0.41 < 0.5, "low"' })], { includePromptText: false });
    const [header, row, end] = csv.split('\r\n');
    assert.equal(header.split(',')[0], 'time');
    assert.ok(!header.includes('promptExcerpt'));
    assert.ok(row.includes('"confidence 0.41 < 0.5, ""low"""'), row);
    assert.ok(row.includes('code→code'));
    assert.equal(end, '');
    assert.ok(toCsv(records, { includePromptText: true }).split('\r\n')[0].endsWith(',promptExcerpt'));
  });

  it('defuses spreadsheet formulas in untrusted text', () => {
    assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell(-3), '-3', 'numbers are numbers');
    assert.equal(csvCell(null), '');
  });
});
