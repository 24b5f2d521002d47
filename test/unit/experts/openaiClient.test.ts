import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { performance } from 'node:perf_hooks';
import { startOpenAiFixture, type OpenAiFixture } from '../../fixtures/openaiServer';
import { collect, fixtureClient } from './helpers';

describe('OpenAiExpertClient streaming', () => {
  let server: OpenAiFixture;
  before(async () => {
    server = await startOpenAiFixture();
  });
  after(() => server.close());
  beforeEach(() => server.clearQueue());

  it('delivers tokens in order, records usage and sends the expert settings', async () => {
    server.enqueue({ kind: 'stream', tokens: ['a', 'b', 'c'] });
    const client = fixtureClient(server.baseUrl, { apiKey: 'sk-secret' }, {
      temperature: 0.2, maxTokens: 64, headers: { 'x-team': 'coe' },
    });
    const { tokens, result } = await collect(client);
    assert.deepEqual(tokens, ['a', 'b', 'c']);
    assert.equal(result.text, 'abc');
    assert.equal(result.finishReason, 'stop');
    assert.deepEqual(result.usage, { promptTokens: 11, completionTokens: 3, totalTokens: 14 });
    const request = server.requests.at(-1);
    assert.equal(request?.path, '/v1/chat/completions');
    assert.equal(request?.headers.authorization, 'Bearer sk-secret');
    assert.equal(request?.headers['x-team'], 'coe');
    assert.deepEqual(request?.body, {
      model: 'fixture-model', messages: [{ role: 'user', content: 'write a haiku' }], stream: true,
      stream_options: { include_usage: true }, temperature: 0.2, max_tokens: 64,
    });
  });

  it('delivers each token before the next one is even written', async () => {
    server.enqueue({ kind: 'stream', tokens: ['first', 'second'], tokenDelayMs: 100 });
    const arrivals: number[] = [];
    await fixtureClient(server.baseUrl).stream({ messages: [], signal: new AbortController().signal }, () => arrivals.push(performance.now()));
    const written = server.requests.at(-1)?.tokenWrittenAt ?? [];
    assert.equal(arrivals.length, 2);
    assert.equal(written.length, 2);
    assert.ok(arrivals[0] < written[1], 'the first token arrived only after the second was written: the client buffered');
  });

  it('retries without stream_options when an older server rejects it', async () => {
    server.enqueue(
      { kind: 'status', status: 400, body: '{"error":{"message":"Unrecognized request argument supplied: stream_options"}}' },
      { kind: 'stream', tokens: ['ok'] },
    );
    const { result } = await collect(fixtureClient(server.baseUrl));
    assert.equal(result.text, 'ok');
    assert.equal(result.usage, undefined);
    const [first, second] = server.requests.slice(-2).map((r) => r.body as Record<string, unknown>);
    assert.ok('stream_options' in first && !('stream_options' in second));
  });

  it('maps finish_reason length', async () => {
    server.enqueue({ kind: 'stream', tokens: ['x'], finishReason: 'length' });
    assert.equal((await collect(fixtureClient(server.baseUrl))).result.finishReason, 'length');
  });

  it('accepts a plain JSON completion from a server that ignores stream: true', async () => {
    server.enqueue({ kind: 'json', content: 'whole answer' });
    const { tokens, result } = await collect(fixtureClient(server.baseUrl));
    assert.deepEqual(tokens, ['whole answer']);
    assert.equal(result.usage?.totalTokens, 8);
  });

  it('decodes a gzip-encoded stream', async () => {
    server.enqueue({ kind: 'stream', tokens: ['zip', 'ped'], gzip: true });
    const { result } = await collect(fixtureClient(server.baseUrl));
    assert.equal(result.text, 'zipped');
  });

  it('reassembles UTF-8 characters and lines split across 3-byte chunks', async () => {
    const tokens = ['héllo ', '🦀 ', 'naïve ', '数学'];
    server.enqueue({ kind: 'stream', tokens, chunkBytes: 3 });
    const { result } = await collect(fixtureClient(server.baseUrl));
    assert.equal(result.text, tokens.join(''));
    assert.ok(!result.text.includes('\uFFFD'));
  });

  it('parses CRLF line endings', async () => {
    server.enqueue({ kind: 'stream', tokens: ['cr', 'lf'], crlf: true, chunkBytes: 7 });
    assert.equal((await collect(fixtureClient(server.baseUrl))).result.text, 'crlf');
  });

  it('accepts a finished answer whose stream lacks [DONE]', async () => {
    server.enqueue({ kind: 'stream', tokens: ['ok'], ending: 'noDone' });
    const { result } = await collect(fixtureClient(server.baseUrl));
    assert.equal(result.text, 'ok');
    assert.equal(result.finishReason, 'stop');
  });
});

describe('OpenAiExpertClient health', () => {
  let server: OpenAiFixture;
  before(async () => {
    server = await startOpenAiFixture({ models: ['llama3.1:latest', 'fixture-model'] });
  });
  after(() => server.close());

  it('reports a reachable endpoint and a listed model', async () => {
    const health = await fixtureClient(server.baseUrl).health(new AbortController().signal);
    assert.equal(health.reachable, true);
    assert.equal(health.modelPresent, true);
    assert.ok(health.latencyMs >= 0);
  });

  it('treats an Ollama :latest tag as the bare model name', async () => {
    const health = await fixtureClient(server.baseUrl, {}, { model: 'llama3.1' }).health(new AbortController().signal);
    assert.equal(health.modelPresent, true);
  });

  it('names the available models when the configured one is missing', async () => {
    const health = await fixtureClient(server.baseUrl, {}, { model: 'qwen2-math:7b' }).health(new AbortController().signal);
    assert.equal(health.modelPresent, false);
    assert.match(health.error ?? '', /qwen2-math:7b/);
    assert.deepEqual(health.availableModels, ['llama3.1:latest', 'fixture-model']);
  });

  it('reports an endpoint without a model list as reachable with unknown model presence', async () => {
    server.models = null;
    const health = await fixtureClient(server.baseUrl).health(new AbortController().signal);
    server.models = ['fixture-model'];
    assert.equal(health.reachable, true);
    assert.equal(health.modelPresent, null);
    assert.match(health.error ?? '', /HTTP 404/);
  });

  it('reports a closed port as unreachable', async () => {
    const closed = await startOpenAiFixture();
    const url = closed.baseUrl;
    await closed.close();
    const health = await fixtureClient(url).health(new AbortController().signal);
    assert.equal(health.reachable, false);
    assert.match(health.error ?? '', /connection refused/);
  });
});
