import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCoe } from '../../helpers/cliHarness';
import { createTinyRouterBundle, type TinyRouterBundle } from '../../helpers/tinyRouterBundle';
import { SHELL_CORRECTIONS, TINY_CANARY } from './teachHelpers';

const jsonl = (rows: object[]): string => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('coe teach / --adapter', () => {
  let tiny: TinyRouterBundle;
  let dir: string;
  before(async () => {
    tiny = await createTinyRouterBundle();
    dir = await mkdtemp(path.join(os.tmpdir(), 'coe-teach-cli-'));
    await writeFile(path.join(dir, 'canary.jsonl'), jsonl(TINY_CANARY));
    await writeFile(path.join(dir, 'shell.jsonl'), jsonl(SHELL_CORRECTIONS.map(({ text, label }) => ({ text, label }))));
  });
  after(async () => {
    await tiny.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('trains, prints the gate figures as JSON, writes a text-free adapter that route and eval apply', async () => {
    const out = path.join(dir, 'shell.adapter.json');
    const run = await runCoe(['teach', '--json', '--model', tiny.dir, '--canary', 'canary.jsonl', '--data', 'shell.jsonl', '--out', out], { cwd: dir });
    assert.equal(run.code, 0, run.stderr + run.stdout);
    const report = JSON.parse(run.stdout);
    assert.equal(report.accepted, true);
    for (const key of ['n', 'accuracyBefore', 'accuracyAfter', 'macroF1Before', 'macroF1After']) {
      assert.equal(typeof report.heldBack[key], 'number', `heldBack.${key}`);
      assert.equal(typeof report.canary[key], 'number', `canary.${key}`);
    }
    assert.ok(report.trainMs > 0);
    const file = await readFile(out, 'utf8');
    for (const row of SHELL_CORRECTIONS) assert.ok(!file.includes(row.text), 'no prompt text in the adapter file');
    assert.ok(!file.includes('grep'));

    const prompt = 'bash: grep for a word in all files';
    const plain = JSON.parse((await runCoe(['route', '--json', '--model', tiny.dir, prompt])).stdout);
    const taught = JSON.parse((await runCoe(['route', '--json', '--model', tiny.dir, '--adapter', out, prompt])).stdout);
    assert.notEqual(plain.category, 'coding');
    assert.equal(plain.adapter, undefined);
    assert.equal(taught.category, 'coding');
    assert.equal(taught.adapter.version, 'shell.adapter.json');

    await writeFile(path.join(dir, 'eval.jsonl'), jsonl([{ text: prompt, label: 'code' }, { text: 'grep a folder from bash', label: 'code' }]));
    const evalPlain = JSON.parse((await runCoe(['eval', '--json', '--model', tiny.dir, '--data', 'eval.jsonl'], { cwd: dir })).stdout);
    const evalTaught = JSON.parse((await runCoe(['eval', '--json', '--model', tiny.dir, '--adapter', out, '--data', 'eval.jsonl'], { cwd: dir })).stdout);
    assert.ok(evalTaught.accuracy > evalPlain.accuracy, `${evalPlain.accuracy} → ${evalTaught.accuracy}`);
  });

  it('refuses deliberately wrong labels: exit 1, the reason, nothing written', async () => {
    const wrong = ['write a story about a dragon', 'tell me about the history of spain', 'write a letter to my aunt', 'plan a weekend in rome',
      'tell me about whales', 'write a song about the rain', 'who was napoleon', 'tell me about the moon', 'write an essay about friendship',
      'plan a picnic', 'who invented the telephone', 'write a poem about trees'];
    await writeFile(path.join(dir, 'wrong.jsonl'), jsonl(wrong.map((text) => ({ text, label: 'math' }))));
    const out = path.join(dir, 'wrong.adapter.json');
    const run = await runCoe(['teach', '--model', tiny.dir, '--canary', 'canary.jsonl', '--data', 'wrong.jsonl', '--out', out], { cwd: dir });
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^refused: .*canary accuracy/);
    assert.match(run.stderr, /nothing written/);
    assert.equal(existsSync(out), false);
  });

  it('reports bad rows, unknown labels and a foreign adapter with actionable errors', async () => {
    await writeFile(path.join(dir, 'bad.jsonl'), '{"text": "x", "label": "coding"}\nnot json\n');
    const bad = await runCoe(['teach', '--model', tiny.dir, '--data', 'bad.jsonl', '--out', 'x.json'], { cwd: dir });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /bad\.jsonl:2: not valid JSON/);
    await writeFile(path.join(dir, 'unknown.jsonl'), jsonl([{ text: 'x', label: 'cooking' }]));
    const unknown = await runCoe(['teach', '--model', tiny.dir, '--data', 'unknown.jsonl', '--out', 'x.json'], { cwd: dir });
    assert.match(unknown.stderr, /unknown\.jsonl:1: unknown label "cooking"/);
    assert.equal((await runCoe(['teach', '--data', 'shell.jsonl'], { cwd: dir })).code, 2);
    await writeFile(path.join(dir, 'notadapter.json'), '{"hello": 1}');
    const foreign = await runCoe(['route', '--model', tiny.dir, '--adapter', path.join(dir, 'notadapter.json'), 'hi']);
    assert.equal(foreign.code, 1);
    assert.match(foreign.stderr, /not a CoE router adapter file/);
  });
});
