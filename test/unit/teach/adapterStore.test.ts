import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RouterAdapter } from '../../../src/common/teach/adapter';
import { AdapterFileError, decodeAdapterFile, encodeAdapterFile } from '../../../src/common/teach/adapterFile';
import { AdapterStore } from '../../../src/node/teach/adapterStore';

function adapter(scale: number): RouterAdapter {
  return {
    ids: Int32Array.from([3, 17, 4000]),
    weights: Float32Array.from([0.5, -0.25, 0, 1, 2, 3, -1, -2, -3].map((x) => x * scale)),
    bias: Float32Array.from([0.1, 0, -0.1]),
    classes: 3,
    base: { sha256: 'ab'.repeat(32), featurizerName: 'hashed-ngrams', featurizerVersion: 1, buckets: 8192, categories: ['coding', 'math_word_problem', 'knowledge'] },
  };
}
const meta = { createdAt: '2026-01-01T00:00:00.000Z', corrections: 12 };

describe('teach: adapter file and store', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'coe-adapters-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('round-trips an adapter file bit for bit and rejects damaged ones', () => {
    const original = adapter(1.5);
    const { adapter: back, metadata } = decodeAdapterFile(encodeAdapterFile(original, meta));
    assert.deepEqual(back, original);
    assert.equal(metadata.corrections, 12);
    assert.throws(() => decodeAdapterFile('{"format":"coe-router-adapter"}'), AdapterFileError);
    assert.throws(() => decodeAdapterFile('not json'), /not an adapter file/);
    const truncated = JSON.parse(encodeAdapterFile(original, meta));
    truncated.weights = truncated.weights.slice(0, 8);
    assert.throws(() => decodeAdapterFile(JSON.stringify(truncated)), /damaged|truncated/);
  });

  it('versions adapters, tracks the current one and rolls back to the previous, then to none', async () => {
    const store = new AdapterStore(path.join(dir, 'versions'));
    assert.equal(await store.current(), null);
    const v1 = await store.save(adapter(1), meta);
    const v2 = await store.save(adapter(2), { ...meta, corrections: 20 });
    assert.deepEqual([v1, v2], ['v0001', 'v0002']);
    assert.equal((await store.current())?.version, 'v0002');
    assert.equal((await store.current())?.adapter.weights[0], 1);
    assert.deepEqual((await store.list()).map((l) => [l.version, l.current]), [['v0001', false], ['v0002', true]]);
    assert.equal(await store.rollback(), 'v0001');
    assert.equal((await store.current())?.adapter.weights[0], 0.5);
    assert.equal(await store.rollback(), null);
    assert.equal(await store.current(), null);
    const v3 = await store.save(adapter(3), meta);
    assert.equal(v3, 'v0003', 'a new version never reuses a number');
  });

  it('exports one adapter without prompt text and imports it as a new current version elsewhere', async () => {
    const source = new AdapterStore(path.join(dir, 'source'));
    await source.save(adapter(1), { ...meta, note: 'team router' });
    const file = path.join(dir, 'shared.adapter.json');
    assert.equal(await source.exportTo(file), 'v0001');
    const target = new AdapterStore(path.join(dir, 'target'));
    await target.save(adapter(5), meta);
    const imported = await target.importFrom(file);
    assert.equal(imported.version, 'v0002');
    assert.deepEqual((await target.current())?.adapter, adapter(1));
    await writeFile(path.join(dir, 'junk.json'), '[]');
    await assert.rejects(target.importFrom(path.join(dir, 'junk.json')), AdapterFileError);
    assert.equal((await target.current())?.version, 'v0002', 'a failed import changes nothing');
    await assert.rejects(new AdapterStore(path.join(dir, 'empty')).exportTo(file), /no router adapter is in use/);
  });

  it('prunes old versions, survives a damaged pointer and forgets everything on clear', async () => {
    const store = new AdapterStore(path.join(dir, 'pruned'), 2);
    for (let i = 1; i <= 4; i++) await store.save(adapter(i), meta);
    const versions = (await store.list()).map((l) => l.version);
    assert.deepEqual(versions, ['v0003', 'v0004']);
    await writeFile(path.join(dir, 'pruned', 'current.json'), '{ broken');
    assert.equal(await store.current(), null, 'a damaged pointer falls back to the base model');
    await store.clear();
    assert.deepEqual(await store.list(), []);
    await assert.rejects(readFile(path.join(dir, 'pruned', 'current.json')));
  });
});

describe('teach: corrections store extensions (remove, clear, addMany)', () => {
  it('adds many with one write, replaces by key, removes by key and forgets all', async () => {
    const { CorrectionsStore, correctionKey } = await import('../../../src/node/feedback/correctionsStore');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'coe-corrections-'));
    try {
      const store = new CorrectionsStore({ file: path.join(dir, 'c.jsonl'), now: () => 1 });
      const row = (text: string, label: string) => ({ text, label, source: 'import' as const, weight: 1, decisionId: null });
      assert.equal(await store.addMany([row('a', 'code'), row('b', 'math'), row('a', 'general')]), 2);
      const { corrections } = await store.load();
      assert.deepEqual(corrections.map((c) => [c.text, c.label]), [['b', 'math'], ['a', 'general']]);
      assert.equal(await store.remove([correctionKey(corrections[0])]), 1);
      await store.clear();
      assert.deepEqual((await store.load()).corrections, []);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
