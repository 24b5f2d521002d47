import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseTrace } from '../../../src/common/sim/trace';
import { csvCell, toCsv, toJsonl } from '../../../src/node/decisions/decisionExport';
import type { RoutingDecision } from '../../../src/common/routing/decision';
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

  const expertLevel: Partial<RoutingDecision> = {
    expertConfidence: 0.912345,
    expertEntropy: 0.20004,
    confidenceExpert: 'code',
    thresholds: { minConfidence: 0.5, maxEntropy: 0.8 },
  };

  it('JSONL keeps the expert-level confidence, its expert and the thresholds', () => {
    const [line] = toJsonl([sampleRecord('d1', expertLevel)], { includePromptText: false }).trim().split('\n');
    const parsed = JSON.parse(line) as Partial<RoutingDecision>;
    assert.equal(parsed.expertConfidence, 0.912345);
    assert.equal(parsed.expertEntropy, 0.20004);
    assert.equal(parsed.confidenceExpert, 'code');
    assert.deepEqual(parsed.thresholds, { minConfidence: 0.5, maxEntropy: 0.8 });
  });

  it('CSV appends the expert-level columns after the existing ones, empty for older records', () => {
    const csv = toCsv([sampleRecord('d1', expertLevel), sampleRecord('d2')], { includePromptText: true });
    const [header, row, older] = csv.split('\r\n').map((line) => line.split(','));
    assert.deepEqual(header.slice(0, 19), [
      'time', 'id', 'source', 'category', 'domain', 'expert', 'confidence', 'entropy', 'fallbackReason', 'fallbackDetail',
      'tableRow', 'routerLatencyMs', 'promptTokens', 'completionTokens', 'routerParams', 'expertActiveParams',
      'activeParams', 'baselineParams', 'outcome',
    ]);
    assert.deepEqual(header.slice(19), ['expertConfidence', 'expertEntropy', 'confidenceExpert', 'minConfidence', 'maxEntropy', 'promptExcerpt']);
    const cell = (values: string[], name: string): string => values[header.indexOf(name)];
    assert.equal(cell(row, 'expertConfidence'), '0.9123');
    assert.equal(cell(row, 'expertEntropy'), '0.2');
    assert.equal(cell(row, 'confidenceExpert'), 'code');
    assert.equal(cell(row, 'minConfidence'), '0.5');
    assert.equal(cell(row, 'maxEntropy'), '0.8');
    assert.equal(cell(row, 'confidence'), '0.82');
    for (const name of ['expertConfidence', 'expertEntropy', 'confidenceExpert', 'minConfidence', 'maxEntropy']) assert.equal(cell(older, name), '', name);
  });

  it('defuses a formula-like expert id in the new columns too', () => {
    const csv = toCsv([sampleRecord('d1', { ...expertLevel, confidenceExpert: '=cmd|calc' })], { includePromptText: false });
    const [header, row] = csv.split('\r\n').map((line) => line.split(','));
    assert.equal(row[header.indexOf('confidenceExpert')], "'=cmd|calc");
  });

  it('defuses spreadsheet formulas in untrusted text', () => {
    assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell(-3), '-3', 'numbers are numbers');
    assert.equal(csvCell(null), '');
  });
});
