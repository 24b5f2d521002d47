import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { runCoe } from '../../helpers/cliHarness';
import { createTinyRouterBundle, type TinyRouterBundle } from '../../helpers/tinyRouterBundle';
import { startOpenAiFixture, type OpenAiFixture } from '../../fixtures/openaiServer';

describe('coe chat --json', () => {
  let tiny: TinyRouterBundle;
  let server: OpenAiFixture;
  let dir: string;
  let closedUrl: string;

  const writeConfig = async (codeUrl: string, generalUrl = server.baseUrl) => {
    const file = path.join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
    const expert = (id: string, baseUrl: string) => ({ id, baseUrl, model: 'fixture-model', totalParams: 7e9 });
    await writeFile(file, JSON.stringify({
      experts: [expert('code', codeUrl), expert('math', server.baseUrl), expert('general', generalUrl)],
      categoryTable: { code: ['code'], math: ['math'], general: ['general'] },
      generalist: 'general',
    }));
    return file;
  };

  before(async () => {
    [tiny, server] = await Promise.all([createTinyRouterBundle(), startOpenAiFixture()]);
    dir = await mkdtemp(path.join(os.tmpdir(), 'coe-chat-'));
    const closed = await startOpenAiFixture();
    closedUrl = closed.baseUrl;
    await closed.close();
  });
  beforeEach(() => server.clearQueue());
  after(async () => {
    await Promise.all([tiny.cleanup(), server.close(), rm(dir, { recursive: true, force: true })]);
  });

  it('--json prints NDJSON events: decision, tokens, done', async () => {
    server.enqueue({ kind: 'stream', tokens: ['4'] });
    const run = await runCoe(['chat', '--json', '--model', tiny.dir, '--config', await writeConfig(server.baseUrl), '-'], { stdin: 'solve the integral equation' });
    assert.equal(run.code, 0, run.stderr);
    const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; [k: string]: unknown });
    assert.deepEqual(events.map((e) => e.type), ['decision', 'token', 'done']);
    assert.equal((events[0].decision as { expert: string }).expert, 'math');
    assert.equal(events[1].text, '4');
    assert.equal(events[2].text, '4');
    assert.equal(events[2].finishReason, 'stop');
  });

  it('shows the failover to the generalist on stderr and still answers', async () => {
    const run = await runCoe(['chat', '--json', '--model', tiny.dir, '--config', await writeConfig(closedUrl), 'python code']);
    assert.equal(run.code, 0, run.stderr);
    const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; decision?: { expert: string; fallbackReason: string; steps: { kind: string }[] } });
    const decisions = events.filter((e) => e.type === 'decision');
    assert.equal(decisions.length, 2);
    assert.equal(decisions[1].decision?.expert, 'general');
    assert.equal(decisions[1].decision?.fallbackReason, 'expertUnavailable');
    assert.deepEqual(decisions[1].decision?.steps.map((s) => s.kind), ['routed', 'expertUnavailable']);
  });
});
