import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCoe } from '../../helpers/cliHarness';
import { startOpenAiFixture, type OpenAiFixture } from '../../fixtures/openaiServer';

describe('coe experts', () => {
  let server: OpenAiFixture;
  let dir: string;
  let closedUrl: string;

  const writeConfig = async (codeUrl: string) => {
    const file = path.join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
    const expert = (id: string, baseUrl: string) => ({ id, baseUrl, model: 'fixture-model', totalParams: 7e9 });
    await writeFile(file, JSON.stringify({
      experts: [expert('code', codeUrl), expert('math', server.baseUrl), expert('general', server.baseUrl)],
      categoryTable: { code: ['code'], math: ['math'], general: ['general'] },
      generalist: 'general',
    }));
    return file;
  };

  before(async () => {
    server = await startOpenAiFixture();
    dir = await mkdtemp(path.join(os.tmpdir(), 'coe-experts-'));
    const closed = await startOpenAiFixture();
    closedUrl = closed.baseUrl;
    await closed.close();
  });
  after(async () => {
    await Promise.all([server.close(), rm(dir, { recursive: true, force: true })]);
  });

  it('coe experts --json reports each expert and exits 1 when one is down', async () => {
    const run = await runCoe(['experts', '--json', '--config', await writeConfig(closedUrl)]);
    assert.equal(run.code, 1);
    const { experts } = JSON.parse(run.stdout) as { experts: { id: string; reachable: boolean; modelPresent: boolean | null; error: string | null }[] };
    assert.deepEqual(experts.map((e) => [e.id, e.reachable, e.modelPresent]), [['code', false, null], ['math', true, true], ['general', true, true]]);
    assert.match(experts[0].error ?? '', /connection refused/);
    const text = await runCoe(['experts', '--config', await writeConfig(server.baseUrl)]);
    assert.equal(text.code, 0, text.stdout);
    assert.match(text.stdout, /^✓ code +fixture-model @ http:\/\/127\.0\.0\.1:\d+\/v1, 7\.0B — \d+ ms$/m);
  });

  it('coe experts --preset prints a configuration that can be used as coe.config.json', async () => {
    const run = await runCoe(['experts', '--preset', 'paper', '--base-url', server.baseUrl]);
    assert.equal(run.code, 0, run.stderr);
    const file = path.join(dir, 'paper.json');
    await writeFile(file, run.stdout);
    server.models = ['Qwen/Qwen2-7B-Instruct'];
    const health = await runCoe(['experts', '--json', '--config', file]);
    server.models = ['fixture-model'];
    const { experts } = JSON.parse(health.stdout) as { experts: { id: string; modelPresent: boolean }[] };
    assert.equal(health.stderr, '');
    assert.deepEqual(experts.map((e) => e.modelPresent), [true, false, false, false, false]);
  });

  it('rejects unknown presets and stray arguments as bad usage', async () => {
    assert.equal((await runCoe(['experts', '--preset', 'nope'])).code, 2);
    assert.equal((await runCoe(['experts', 'extra'])).code, 2);
  });
});
