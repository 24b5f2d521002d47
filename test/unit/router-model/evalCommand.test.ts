import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCoe } from '../../helpers/cliHarness';
import { createTinyRouterBundle, type TinyRouterBundle } from '../../helpers/tinyRouterBundle';

describe('coe eval', () => {
  let tiny: TinyRouterBundle;
  let dir: string;
  before(async () => {
    tiny = await createTinyRouterBundle();
    dir = await mkdtemp(path.join(os.tmpdir(), 'coe-eval-'));
  });
  after(async () => {
    await tiny.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  const write = async (name: string, lines: string[]) => {
    const file = path.join(dir, name);
    await writeFile(file, `${lines.join('\n')}\n`);
    return file;
  };

  it('compares domain labels at the domain level and prints the JSON contract', async () => {
    const file = await write('domains.jsonl', [
      JSON.stringify({ text: 'write a python function', label: 'code' }),
      JSON.stringify({ text: 'solve the integral equation', label: 'math' }),
      JSON.stringify({ text: 'tell me about the history of Rome', label: 'general' }),
      JSON.stringify({ text: 'what is the capital of France', label: 'math' }),
    ]);
    const run = await runCoe(['eval', '--json', '--data', file, '--model', tiny.dir]);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout);
    assert.equal(result.n, 4);
    assert.equal(result.level, 'domain');
    assert.equal(result.accuracy, 0.75);
    assert.equal(result.confusion.math.general, 1);
    assert.equal(result.perClass.math.recall, 0.5);
    assert.equal(result.perClass.general.precision, 0.5);
    assert.ok(Math.abs(result.macroF1 - (1 + 2 / 3 + 2 / 3) / 3) < 1e-9);
  });

  it('compares category labels exactly and prints a readable report', async () => {
    const file = await write('categories.jsonl', [
      JSON.stringify({ text: 'python class def return', label: 'coding' }),
      JSON.stringify({ text: 'how many apples', label: 'math_word_problem' }),
    ]);
    const run = await runCoe(['eval', '--data', file, '--model', tiny.dir]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /n=2 {2}accuracy=1\.000 {2}macro-F1=1\.000/);
    assert.match(run.stdout, /compared at category level/);
    assert.match(run.stdout, /confusion \(rows: gold, columns: predicted\)/);
  });

  it('names the line of an unreadable row and exits 1', async () => {
    const file = await write('broken.jsonl', [JSON.stringify({ text: 'ok', label: 'code' }), '', '{not json', JSON.stringify({ text: 3, label: 'code' })]);
    const run = await runCoe(['eval', '--data', file, '--model', tiny.dir]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /broken\.jsonl:3: not valid JSON/);
    assert.match(run.stderr, /broken\.jsonl:4: field "text"/);
  });

  it('rejects an unknown label with its line number', async () => {
    const file = await write('unknown.jsonl', [JSON.stringify({ text: 'hi', label: 'code' }), JSON.stringify({ text: 'hi', label: 'poetry' })]);
    const run = await runCoe(['eval', '--data', file, '--model', tiny.dir]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /unknown\.jsonl:2: unknown label "poetry"/);
  });

  it('exits 2 without --data and 1 for a missing file', async () => {
    assert.equal((await runCoe(['eval', '--json'])).code, 2);
    const missing = await runCoe(['eval', '--data', path.join(dir, 'nope.jsonl'), '--model', tiny.dir]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read .*nope\.jsonl \(ENOENT\)/);
  });
});
