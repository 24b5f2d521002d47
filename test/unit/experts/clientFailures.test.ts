import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { performance } from 'node:perf_hooks';
import { ExpertError, type ExpertErrorKind } from '../../../src/common/conversation/expertError';
import { startOpenAiFixture, type FixtureScript, type OpenAiFixture } from '../../fixtures/openaiServer';
import type { OpenAiClientOptions } from '../../../src/node/experts/openaiClient';
import { collect, fixtureClient, userMessage } from './helpers';

async function expectFailure(server: OpenAiFixture, script: FixtureScript, kind: ExpertErrorKind, message?: RegExp, timeouts: Partial<OpenAiClientOptions> = {}) {
  server.enqueue(script);
  const error = await collect(fixtureClient(server.baseUrl, timeouts)).then(
    () => assert.fail('expected the stream to fail'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ExpertError, `expected ExpertError, got ${String(error)}`);
  assert.equal(error.kind, kind, error.message);
  if (message) assert.match(error.message, message);
  return error;
}

describe('OpenAiExpertClient failures', () => {
  let server: OpenAiFixture;
  before(async () => {
    server = await startOpenAiFixture();
  });
  after(() => server.close());
  beforeEach(() => server.clearQueue());

  it('cancellation aborts the HTTP request within 100 ms and resolves quietly with the partial text', async () => {
    // Wall-clock checks on a loaded machine can lose the CPU for a while, so the best of five
    // attempts counts; the next event is 300 ms away, so a client that waited for it always fails.
    const attempts: string[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      server.enqueue({ kind: 'stream', tokens: ['one ', 'two ', 'three '], tokenDelayMs: 300 });
      const controller = new AbortController();
      let abortedAt = 0;
      const tokens: string[] = [];
      const result = await fixtureClient(server.baseUrl).stream({ messages: userMessage, signal: controller.signal }, (t) => {
        tokens.push(t);
        abortedAt = performance.now();
        controller.abort();
      });
      const resolvedAfter = performance.now() - abortedAt;
      assert.equal(result.finishReason, 'cancelled');
      assert.equal(result.text, 'one ');
      const record = server.requests.at(-1);
      while (record?.clientClosedAt === undefined && performance.now() - abortedAt < 250) await new Promise((r) => setTimeout(r, 5));
      const closedAfter = (record?.clientClosedAt ?? Infinity) - abortedAt;
      attempts.push(`resolved after ${resolvedAfter.toFixed(1)} ms, server saw the close after ${closedAfter.toFixed(1)} ms`);
      if (resolvedAfter < 100 && closedAfter < 100) return;
    }
    assert.fail(attempts.join('; '));
  });

  it('cancellation before the headers arrive is quiet too', async () => {
    server.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const seen = server.requests.length;
    const abortOnceReceived = setInterval(() => {
      if (server.requests.length > seen) controller.abort();
    }, 5);
    const result = await fixtureClient(server.baseUrl).stream({ messages: userMessage, signal: controller.signal }, () => undefined);
    clearInterval(abortOnceReceived);
    assert.deepEqual(result, { text: '', finishReason: 'cancelled' });
  });

  it('connect timeout covers connecting: a request that cannot get on the wire in time', async () => {
    // Loopback connects instantly, so a slow connection is simulated by holding the request back.
    const slowConnect: typeof fetch = (input, init) => new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, 20_000);
      init?.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(init.signal?.reason);
      });
    }).then(() => fetch(input, init));
    const started = performance.now();
    await expectFailure(server, { kind: 'stream', tokens: ['x'] }, 'connectTimeout', /could not connect .* within 100 ms/, { connectTimeoutMs: 100, fetch: slowConnect });
    assert.ok(performance.now() - started < 10_000, 'gave up at the connect timeout, not after the 20 s connection');
  });

  it('a server that takes longer than the connect timeout to answer (a model loading) is not cut off', async () => {
    server.enqueue({ kind: 'stream', tokens: ['loaded'], headerDelayMs: 400 });
    const { result } = await collect(fixtureClient(server.baseUrl, { connectTimeoutMs: 100, idleTimeoutMs: 3000 }));
    assert.equal(result.text, 'loaded');
  });

  it('a server that accepts the request and never answers hits the idle timeout', async () => {
    await expectFailure(server, { kind: 'hang' }, 'idleTimeout', /accepted the request but sent no response for 200 ms/, { connectTimeoutMs: 100, idleTimeoutMs: 200 });
  });

  it('idle timeout when the stream stalls, keeping the partial answer', async () => {
    const error = await expectFailure(server, { kind: 'stream', tokens: ['partial'], ending: 'hang' }, 'idleTimeout', /stalled for 400 ms/, { idleTimeoutMs: 400 });
    assert.equal(error.partialText, 'partial');
  });

  it('connection refused', async () => {
    const closed = await startOpenAiFixture();
    await closed.close();
    const error = await collect(fixtureClient(closed.baseUrl)).catch((e: unknown) => e);
    assert.ok(error instanceof ExpertError && error.kind === 'connectionRefused' && error.retryable, String(error));
  });

  it('connection reset before the response', async () => {
    const error = await expectFailure(server, { kind: 'reset' }, 'connectionReset');
    assert.equal(error.retryable, true);
  });

  it('connection reset after the first token keeps the partial answer', async () => {
    const error = await expectFailure(server, { kind: 'stream', tokens: ['kept'], ending: 'reset' }, 'connectionReset');
    assert.equal(error.partialText, 'kept');
  });

  it('HTTP 429 carries Retry-After', async () => {
    const error = await expectFailure(server, {
      kind: 'status', status: 429, body: '{"error":{"message":"slow down"}}', headers: { 'retry-after': '2' },
    }, 'rateLimited', /slow down/);
    assert.equal(error.retryAfterMs, 2000);
    assert.equal(error.retryable, true);
  });

  it('HTTP 503 with an HTML error page gives its title, not the markup', async () => {
    const body = '<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body><h1>nginx</h1></body></html>';
    const error = await expectFailure(server, { kind: 'status', status: 503, body, contentType: 'text/html' }, 'serverError', /HTML page: 503 Service Unavailable/);
    assert.ok(!error.message.includes('<'));
  });

  it('HTTP 401 names where the API key comes from', async () => {
    await expectFailure(server, { kind: 'status', status: 401, body: '{"error":"invalid key"}' }, 'authFailed', /COE_API_KEY_CODE.*invalid key/);
  });

  it('HTTP 404 hints at the model name and /v1', async () => {
    await expectFailure(server, { kind: 'status', status: 404, body: '{"error":{"message":"model \\"x\\" not found"}}' }, 'notFound', /\/v1/);
  });

  it('an HTML page with status 200 is not an event stream', async () => {
    await expectFailure(server, { kind: 'raw', contentType: 'text/html', body: '<html><title>Login</title></html>' }, 'notEventStream', /Login.*\/v1/);
  });

  it('a non-SSE text body is rejected', async () => {
    await expectFailure(server, { kind: 'raw', contentType: 'text/plain', body: 'hello, I am not a stream' }, 'notEventStream', /not a stream/);
  });

  it('a JSON body labelled as an event stream is rejected', async () => {
    await expectFailure(server, { kind: 'raw', contentType: 'text/event-stream', body: '{"error":"bad"}\n' }, 'notEventStream');
  });

  it('gzip without Content-Encoding is reported as such', async () => {
    const { gzipSync } = await import('node:zlib');
    const body = gzipSync('data: {"choices":[{"delta":{"content":"x"}}]}\n\n');
    await expectFailure(server, { kind: 'raw', contentType: 'text/event-stream', body }, 'malformedStream', /gzip/);
  });

  it('invalid JSON in an event', async () => {
    const error = await expectFailure(server, { kind: 'stream', tokens: ['a'], ending: 'invalidJson' }, 'malformedStream', /invalid JSON in stream event/);
    assert.equal(error.partialText, 'a');
  });

  it('an error object mid-stream', async () => {
    const error = await expectFailure(server, { kind: 'stream', tokens: ['a', 'b'], ending: 'errorObject' }, 'streamError', /model overloaded/);
    assert.equal(error.partialText, 'ab');
  });

  it('a stream that ends without finish_reason or [DONE] is truncated', async () => {
    const error = await expectFailure(server, { kind: 'stream', tokens: ['a'], ending: 'truncated' }, 'truncatedStream', /\[DONE\]/);
    assert.equal(error.partialText, 'a');
  });

  it('an endless line is cut off at a bound instead of filling memory', async () => {
    await expectFailure(server, { kind: 'raw', contentType: 'text/event-stream', body: `data: {"choices":[]}\n\ndata: ${'x'.repeat(1_200_000)}` }, 'malformedStream', /exceeded/);
  });

  it('an empty event stream', async () => {
    await expectFailure(server, { kind: 'raw', contentType: 'text/event-stream', body: '' }, 'notEventStream', /without any events/);
  });
});
