import { strict as assert } from 'node:assert';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CorrectionsStore } from '../../../src/node/feedback/correctionsStore';

function store(maxRecords?: number): { store: CorrectionsStore; file: string } {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'coe-corrections-')), 'corrections.jsonl');
  let clock = 1000;
  return { file, store: new CorrectionsStore({ file, maxRecords, now: () => clock++ }) };
}

const base = { source: 'inspectorCorrection', weight: 1, decisionId: 'd1' } as const;

describe('CorrectionsStore', () => {
  it('stores one JSON object per line in the agreed shape', async () => {
    const { store: s, file } = store();
    await s.add({ ...base, text: 'integrate x^2', label: 'calculus' });
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    assert.equal(lines.length, 1);
    assert.deepEqual(JSON.parse(lines[0]), { ...base, text: 'integrate x^2', label: 'calculus', timestamp: 1000 });
  });

  it('replaces an earlier correction of the same prompt instead of adding a contradiction', async () => {
    const { store: s } = store();
    await s.add({ ...base, text: 'integrate x^2', label: 'calculus' });
    await s.add({ ...base, decisionId: 'd2', text: '  integrate x^2 ', label: 'algebra' });
    await s.add({ ...base, decisionId: 'd3', text: null, label: 'python' });
    await s.add({ ...base, decisionId: 'd3', text: null, label: 'javascript' });
    const { corrections } = await s.load();
    assert.deepEqual(corrections.map((c) => [c.label, c.decisionId]), [['algebra', 'd2'], ['javascript', 'd3']]);
  });

  it('keeps only the newest maxRecords', async () => {
    const { store: s } = store(2);
    for (const label of ['a', 'b', 'c']) await s.add({ ...base, text: label, label });
    assert.deepEqual((await s.load()).corrections.map((c) => c.label), ['b', 'c']);
  });

  it('rejects a record outside the shape with a typed error', async () => {
    const { store: s } = store();
    await assert.rejects(s.add({ ...base, text: 'x', label: '' }), { name: 'InvalidCorrectionError', message: /label/ });
    await assert.rejects(s.add({ ...base, text: 'x', label: 'a', weight: 0 }), /weight/);
  });

  it('sets a damaged file aside and keeps its good lines', async () => {
    const { store: s, file } = store();
    await s.add({ ...base, text: 'a', label: 'a' });
    appendFileSync(file, 'not json\n{"label":"missing fields"}\n');
    const loaded = await s.load();
    assert.equal(loaded.badLines, 2);
    assert.deepEqual(loaded.corrections.map((c) => c.label), ['a']);
    assert.ok(loaded.setAsideTo && readFileSync(loaded.setAsideTo, 'utf8').includes('not json'));
    assert.equal(readdirSync(path.dirname(file)).length, 2);
  });
});
