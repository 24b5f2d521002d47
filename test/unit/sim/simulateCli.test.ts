import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CliError, UsageError, type CliIo } from '../../../src/cli/cliTypes';
import { simulateCommand } from '../../../src/cli/commands/simulate';

const dir = mkdtempSync(path.join(tmpdir(), 'coe-simulate-'));
writeFileSync(path.join(dir, 'trace.jsonl'), ['code', 'math', 'code', 'general', 'code'].map((expert) => JSON.stringify({ expert, category: 'x' })).join('\n'));
writeFileSync(path.join(dir, 'paper.json'), JSON.stringify(['llama-3.1-70b-instruct', 'qwen2-7b-instruct', 'llama-3.1-70b-instruct']));
writeFileSync(path.join(dir, 'coe.config.json'), JSON.stringify({
  experts: [{ id: 'code', kind: 'openai', baseUrl: 'http://127.0.0.1:1/v1', model: 'm', totalParams: 7e9 }],
}));

function io(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), readStdin: () => Promise.resolve(''),
    env: {}, cwd: dir, signal: new AbortController().signal,
  };
}

async function json(args: string[]): Promise<Record<string, unknown>> {
  const session = io();
  assert.equal(await simulateCommand.run([...args, '--json'], session), 0);
  return JSON.parse(session.out.join('')) as Record<string, unknown>;
}

void describe('coe simulate', () => {
  void it('reports switch time and capacities per platform', async () => {
    const sn40l = await json([]);
    const h100 = await json(['--platform', 'dgx-h100']);
    assert.equal(typeof sn40l.switchMsPerExpert, 'number');
    assert.ok((h100.switchMsPerExpert as number) / (sn40l.switchMsPerExpert as number) > 15);
    assert.equal(h100.fitsInNode, false);
    assert.ok((sn40l.maxExpertsInNode as number) >= 850);
    assert.ok((h100.expertsResidentInHbm as number) < (sn40l.maxExpertsInNode as number));
  });

  void it('replays a JSONL trace: --params sizes unknown experts, --config overrides', async () => {
    const plain = await json(['--trace', 'trace.jsonl', '--params', '7B']);
    assert.deepEqual([plain.hits, plain.misses], [2, 3]);
    assert.ok(Math.abs((plain.switchMs as number) - 3 * 14) < 1e-9);
    const configured = await json(['--trace', 'trace.jsonl', '--params', '70B', '--config', 'coe.config.json']);
    // "code" comes from the config (7B = 14 ms); math and general use --params (70B = 140 ms).
    assert.ok(Math.abs((configured.switchMs as number) - (14 + 140 + 140)) < 1e-9);
  });

  void it('knows the paper preset ids and compares all platforms', async () => {
    const all = await json(['--trace', 'paper.json', '--platform', 'all', '--batch', '8', '--tokens', '20']);
    const platforms = all.platforms as Record<string, unknown>[];
    assert.deepEqual(platforms.map((p) => p.platform), ['sn40l', 'dgx-h100', 'dgx-a100']);
    assert.ok(platforms.every((p) => p.hits === 1 && p.batches === 1 && (p.runMs as number) > 0));
    assert.equal(platforms[0].expertParams, 70.6e9);
  });

  void it('rejects unknown experts with --config but no --params, and bad flags', async () => {
    await assert.rejects(simulateCommand.run(['--trace', 'trace.jsonl', '--config', 'coe.config.json'], io()), (e: unknown) => e instanceof CliError && /math, general/.test(e.message));
    await assert.rejects(simulateCommand.run(['--platform', 'tpu'], io()), UsageError);
    await assert.rejects(simulateCommand.run(['--params', 'seven'], io()), UsageError);
    await assert.rejects(simulateCommand.run(['--dtype', 'fp64'], io()), UsageError);
  });

  void it('prints a side-by-side comparison in text mode', async () => {
    const session = io();
    await simulateCommand.run(['--platform', 'all'], session);
    assert.match(session.out.join(''), /Switch time relative to sn40l: dgx-h100 15\.6×, dgx-a100 31\.3×/);
  });
});
