import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

describe('CorrectionsStore: several writers on one file', () => {
  const row = (i: number, source: 'inspectorCorrection' | 'thumbsDown' = 'inspectorCorrection') =>
    ({ text: `prompt ${i}`, label: i % 2 ? 'coding' : 'writing', source, weight: 1, decisionId: `d${i}` });

  it('loses no correction when two instances (inspector and teach flow) write at the same time', async () => {
    const { file } = store();
    const inspector = new CorrectionsStore({ file });
    const teach = new CorrectionsStore({ file });
    // Interleaved: each call reads, merges and renames while the other instance is mid-way through its own.
    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? inspector : teach).add(row(i))));
    await Promise.all([teach.addMany([row(100), row(101)]), inspector.add(row(102)), teach.add(row(103))]);
    const texts = (await inspector.load()).corrections.map((c) => c.text).sort();
    const expected = [...Array.from({ length: 40 }, (_, i) => i), 100, 101, 102, 103].map((i) => `prompt ${i}`).sort();
    assert.deepEqual(texts, expected);
    assert.deepEqual(readdirSync(path.dirname(file)), ['corrections.jsonl'], 'no lock or temp file is left behind');
  });

  it('loses no correction when two processes (two VS Code windows) write at the same time', async () => {
    const { file } = store();
    const storeModule = path.resolve(__dirname, '../../../src/node/feedback/correctionsStore.ts');
    const writer = (offset: number) => new Promise<void>((resolve, reject) => {
      const script = `const { CorrectionsStore } = require(${JSON.stringify(storeModule)});
        const s = new CorrectionsStore({ file: ${JSON.stringify(file)} });
        Promise.all(Array.from({ length: 15 }, (_, i) => s.add({ text: 'p' + (${offset} + i), label: 'coding', source: 'reroute', weight: 1, decisionId: null })))
          .catch((e) => { console.error(e); process.exit(1); });`;
      const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${offset} exited ${code}: ${stderr}`))));
    });
    await Promise.all([writer(0), writer(100)]);
    const texts = (await new CorrectionsStore({ file }).load()).corrections.map((c) => c.text).sort();
    assert.deepEqual(texts, [...Array.from({ length: 15 }, (_, i) => `p${i}`), ...Array.from({ length: 15 }, (_, i) => `p${100 + i}`)].sort());
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    const { file, store: s } = store();
    // Above Linux's largest pid_max, so no process can have it.
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: 4_194_305, acquiredAt: Date.now() }));
    await s.add(row(1));
    assert.equal((await s.load()).corrections.length, 1);
    assert.equal(existsSync(`${file}.lock`), false);
  });

  it('gives up on a lock a live process keeps, naming the lock file', async () => {
    const { file } = store();
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: process.pid, acquiredAt: Date.now() }));
    const s = new CorrectionsStore({ file, lock: { waitMs: 50 } });
    await assert.rejects(s.add(row(1)), (error: Error) => {
      assert.equal(error.name, 'FileLockTimeoutError');
      assert.ok(error.message.includes(`${file}.lock`), error.message);
      return true;
    });
    assert.equal(existsSync(file), false, 'nothing was written without the lock');
  });
});
