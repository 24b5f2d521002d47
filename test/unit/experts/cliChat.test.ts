import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { runCoe } from '../../helpers/cliHarness';
import { createTinyRouterBundle, type TinyRouterBundle } from '../../helpers/tinyRouterBundle';
import { startOpenAiFixture, type OpenAiFixture } from '../../fixtures/openaiServer';

describe('coe chat (text output)', () => {
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

  it('routes with the real ONNX router, prints the decision to stderr and streams the answer to stdout', async () => {
    server.enqueue({ kind: 'stream', tokens: ['def ', 'f(): ', 'pass'] });
    const run = await runCoe(['chat', '--model', tiny.dir, '--config', await writeConfig(server.baseUrl), 'write a python function']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'def f(): pass\n');
    assert.match(run.stderr, /^→ code ← coding/);
    assert.match(run.stderr, /✓ code: 3 tokens/);
    const body = server.requests.at(-1)?.body as { messages: { content: string }[] };
    assert.equal(body.messages.at(-1)?.content, 'write a python function');
  });



  it('exits 1 with the reason when no expert answers, and 2 for an unknown --expert', async () => {
    const down = await runCoe(['chat', '--model', tiny.dir, '--config', await writeConfig(closedUrl, closedUrl), 'python code']);
    assert.equal(down.code, 1);
    assert.equal(down.stdout, '');
    assert.match(down.stderr, /↪ code: connection refused.*after 1 retry.* — trying general/);
    assert.match(down.stderr, /coe chat: no expert could answer: code: .*; general: /);
    const bad = await runCoe(['chat', '--model', tiny.dir, '--config', await writeConfig(server.baseUrl), '--expert', 'nope', 'hi']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown expert "nope"/);
    assert.equal((await runCoe(['chat', '--bogus', 'hi'])).code, 2);
  });
});
