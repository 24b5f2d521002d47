import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DecisionStore, parseHistory } from '../../../src/node/decisions/decisionStore';
import { sampleRecord } from './sampleDecisions';

function tempFile(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'coe-decisions-')), 'decisions.jsonl');
}

describe('DecisionStore', () => {
  it('round-trips records and keeps only the newest maxRecords', async () => {
    const file = tempFile();
    const store = new DecisionStore({ file, maxRecords: 3, persistPromptText: () => true });
    await store.save(['d1', 'd2', 'd3', 'd4', 'd5'].map((id) => sampleRecord(id)));
    const { records, setAside } = await store.load();
    assert.equal(setAside, undefined);
    assert.deepEqual(records.map((r) => r.decision.id), ['d3', 'd4', 'd5']);
    assert.equal(records[0].promptExcerpt, 'write python to sort a list');
  });

  it('never writes the full prompt, and no prompt text at all without consent', async () => {
    const file = tempFile();
    let consent = false;
    const store = new DecisionStore({ file, persistPromptText: () => consent });
    await store.save([sampleRecord('d1', {}, { prompt: 'SECRET full prompt', promptExcerpt: 'SECRET excerpt' })]);
    const text = readFileSync(file, 'utf8');
    assert.ok(!text.includes('SECRET'), text);
    assert.ok(!text.includes('"python","weight"'), 'attribution tokens are prompt text');
    const [loaded] = (await store.load()).records;
    assert.equal(loaded.promptExcerpt, null);
    assert.deepEqual(loaded.decision.attributions, []);
    consent = true;
    await store.save([sampleRecord('d1', {}, { prompt: 'SECRET full prompt', promptExcerpt: 'x'.repeat(500) })]);
    const again = readFileSync(file, 'utf8');
    assert.ok(!again.includes('SECRET full prompt'));
    assert.equal((await store.load()).records[0].promptExcerpt?.length, 200);
    await store.save([sampleRecord('d1', {}, { prompt: 'only the session prompt', promptExcerpt: null })]);
    assert.equal((await store.load()).records[0].promptExcerpt, 'only the session prompt', 'with consent the excerpt comes from the prompt');
  });

  it('sets a damaged file aside, keeps its good lines and reports what happened', async () => {
    const file = tempFile();
    const good = JSON.stringify({ ...sampleRecord('d1'), prompt: undefined });
    writeFileSync(file, `${good}\n{"truncated": \n${JSON.stringify({ decision: { id: 'x' } })}\n`);
    const store = new DecisionStore({ file, persistPromptText: () => true, now: () => Date.UTC(2026, 0, 1) });
    const { records, setAside } = await store.load();
    assert.deepEqual(records.map((r) => r.decision.id), ['d1']);
    assert.ok(setAside);
    assert.equal(setAside.badLines, 2);
    assert.equal(setAside.keptRecords, 1);
    assert.match(setAside.firstProblem, /^line 2: not valid JSON/);
    const names = readdirSync(path.dirname(file)).sort();
    assert.deepEqual(names, ['decisions.corrupt-2026-01-01T00-00-00-000Z.jsonl', 'decisions.jsonl']);
    assert.ok(readFileSync(setAside.movedTo, 'utf8').includes('"truncated"'), 'the damaged original is preserved');
    assert.equal((await store.load()).setAside, undefined, 'the rewritten file is clean');
  });

  it('loads nothing (and creates nothing) when there is no history yet', async () => {
    const file = tempFile();
    const result = await new DecisionStore({ file, persistPromptText: () => false }).load();
    assert.deepEqual(result, { records: [] });
    assert.deepEqual(readdirSync(path.dirname(file)), []);
  });

  it('serialises concurrent saves: the last save wins and no temp file is left behind', async () => {
    const file = tempFile();
    const store = new DecisionStore({ file, persistPromptText: () => false });
    await Promise.all([1, 2, 3, 4].map((n) => store.save([sampleRecord(`d${n}`)])));
    assert.deepEqual((await store.load()).records.map((r) => r.decision.id), ['d4']);
    assert.deepEqual(readdirSync(path.dirname(file)), ['decisions.jsonl']);
  });

  it('parseHistory names the field that makes a record unusable', () => {
    const bad = { ...sampleRecord('d1'), decision: { ...sampleRecord('d1').decision, confidence: 'high' } };
    const { records, badLines, firstProblem } = parseHistory(`\n${JSON.stringify(bad)}\n`);
    assert.equal(records.length, 0);
    assert.equal(badLines, 1);
    assert.match(firstProblem, /line 2: decision\.confidence/);
  });
});
