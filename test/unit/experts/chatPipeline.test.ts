import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { runChat } from '../../../src/node/chat/chatPipeline';
import { startOpenAiFixture, type OpenAiFixture } from '../../fixtures/openaiServer';
import { expertAt, pipelineDeps, recorder, testConfig } from './pipelineHelpers';

describe('runChat', () => {
  let primary: OpenAiFixture;
  let secondary: OpenAiFixture;
  let general: OpenAiFixture;
  let closedUrl: string;
  before(async () => {
    [primary, secondary, general] = await Promise.all([startOpenAiFixture(), startOpenAiFixture(), startOpenAiFixture()]);
    general.fallback = { kind: 'stream', tokens: ['from ', 'general'] };
    const closed = await startOpenAiFixture();
    closedUrl = closed.baseUrl;
    await closed.close();
  });
  after(() => Promise.all([primary.close(), secondary.close(), general.close()]));
  beforeEach(() => [primary, secondary, general].forEach((s) => s.clearQueue()));

  const signal = () => new AbortController().signal;

  it('routes, sends system prompt, history and attachments, streams tokens and finishes with usage', async () => {
    const config = testConfig([
      expertAt('code', primary.baseUrl, { systemPrompt: 'You are a code expert.' }), expertAt('general', general.baseUrl),
    ], { code: ['code'] });
    const { events, emit, types } = recorder();
    primary.enqueue({ kind: 'stream', tokens: ['x', 'y'] });
    const outcome = await runChat({
      text: 'fix this', signal: signal(),
      history: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }],
      attachments: [{ label: 'a.ts:1-2', content: 'let a = 1;', language: 'typescript' }],
    }, pipelineDeps(config, 'code'), emit);
    assert.deepEqual(types(), ['decision', 'token', 'token', 'done']);
    assert.equal(outcome.type, 'done');
    assert.equal(outcome.type === 'done' && outcome.text, 'xy');
    assert.equal(outcome.type === 'done' && outcome.usage?.completionTokens, 2);
    assert.ok(outcome.timings.firstTokenMs !== null && outcome.timings.firstTokenMs <= outcome.timings.totalMs);
    const body = primary.requests.at(-1)?.body as { messages: { role: string; content: string }[] };
    assert.deepEqual(body.messages.map((m) => m.role), ['system', 'user', 'assistant', 'user']);
    assert.equal(body.messages[0].content, 'You are a code expert.');
    assert.match(body.messages[3].content, /Context \(a\.ts:1-2\):\n```typescript\nlet a = 1;\n```\n[\s\S]*fix this$/);
    assert.deepEqual(events[0].type === 'decision' && events[0].decision.steps, [{ kind: 'routed', expert: 'code' }]);
  });

  it('retries once on HTTP 503 before the first token and then answers from the same expert', async () => {
    const config = testConfig([expertAt('code', primary.baseUrl), expertAt('general', general.baseUrl)], { code: ['code'] });
    const sleeps: number[] = [];
    primary.enqueue({ kind: 'status', status: 503, body: 'busy', contentType: 'text/plain' }, { kind: 'stream', tokens: ['ok'] });
    const before = primary.requests.length;
    const outcome = await runChat({ text: 'q', signal: signal() }, pipelineDeps(config, 'code', sleeps), recorder().emit);
    assert.equal(outcome.type === 'done' && outcome.text, 'ok');
    assert.equal(outcome.expert, 'code');
    assert.equal(outcome.decision.fallbackReason, null);
    assert.equal(primary.requests.length - before, 2);
    assert.deepEqual(sleeps, [250]);
  });

  it('honours Retry-After on 429', async () => {
    const config = testConfig([expertAt('code', primary.baseUrl), expertAt('general', general.baseUrl)], { code: ['code'] });
    const sleeps: number[] = [];
    primary.enqueue({ kind: 'status', status: 429, body: '{}', headers: { 'retry-after': '2' } }, { kind: 'stream', tokens: ['ok'] });
    const outcome = await runChat({ text: 'q', signal: signal() }, pipelineDeps(config, 'code', sleeps), recorder().emit);
    assert.equal(outcome.expert, 'code');
    assert.deepEqual(sleeps, [2000]);
  });

  it('does not wait for a Retry-After beyond the bound: fails over to the generalist at once', async () => {
    const config = testConfig([expertAt('code', primary.baseUrl), expertAt('general', general.baseUrl)], { code: ['code'] });
    const sleeps: number[] = [];
    primary.enqueue({ kind: 'status', status: 429, body: '{}', headers: { 'retry-after': '120' } });
    const outcome = await runChat({ text: 'q', signal: signal() }, pipelineDeps(config, 'code', sleeps), recorder().emit);
    assert.equal(outcome.expert, 'general');
    assert.deepEqual(sleeps, []);
    assert.match(outcome.decision.fallbackDetail ?? '', /Retry-After 120000 ms exceeds/);
  });

  it('falls back along the table row, then to the generalist, recording each step with its cause', async () => {
    const config = testConfig([
      expertAt('code', closedUrl), expertAt('code2', secondary.baseUrl), expertAt('general', general.baseUrl),
    ], { code: ['code', 'code2'] });
    secondary.enqueue({ kind: 'status', status: 500, body: '{"error":{"message":"gpu on fire"}}' }, { kind: 'reset' });
    const { events, emit } = recorder();
    const outcome = await runChat({ text: 'q', signal: signal() }, pipelineDeps(config, 'code'), emit);
    assert.equal(outcome.type, 'done');
    assert.equal(outcome.expert, 'general');
    assert.equal(outcome.type === 'done' && outcome.text, 'from general');
    const { decision } = outcome;
    assert.equal(decision.fallbackReason, 'expertUnavailable');
    assert.equal(decision.expert, 'general');
    assert.equal(decision.expertActiveParams, 70e9);
    assert.deepEqual(decision.steps.map((s) => [s.kind, s.expert]), [
      ['routed', 'code'], ['expertUnavailable', 'code2'], ['expertUnavailable', 'general'],
    ]);
    assert.match(decision.steps[1].detail ?? '', /^code: connection refused.*after 1 retry/);
    assert.match(decision.steps[2].detail ?? '', /^code2: .*after 1 retry/);
    assert.equal(events.filter((e) => e.type === 'decision').length, 3);
  });

  it('after the first token keeps the partial answer and surfaces the error without failing over', async () => {
    const config = testConfig([expertAt('code', primary.baseUrl), expertAt('general', general.baseUrl)], { code: ['code'] });
    primary.enqueue({ kind: 'stream', tokens: ['half an '], ending: 'reset' });
    const generalBefore = general.requests.length;
    const { types, emit } = recorder();
    const outcome = await runChat({ text: 'q', signal: signal() }, pipelineDeps(config, 'code'), emit);
    assert.equal(outcome.type, 'error');
    assert.equal(outcome.type === 'error' && outcome.partialText, 'half an ');
    assert.equal(outcome.type === 'error' && outcome.kind, 'connectionReset');
    assert.deepEqual(types(), ['decision', 'token', 'error']);
    assert.equal(general.requests.length, generalBefore);
  });

  it('reports every cause when no expert can answer', async () => {
    const config = testConfig([expertAt('code', closedUrl), expertAt('general', closedUrl)], { code: ['code'] });
    const outcome = await runChat({ text: 'q', signal: signal() }, pipelineDeps(config, 'code'), recorder().emit);
    assert.equal(outcome.type, 'error');
    assert.match(outcome.type === 'error' ? outcome.message : '', /no expert could answer: code: .*; general: /);
  });

  it('cancellation mid-stream ends quietly with the partial text', async () => {
    const config = testConfig([expertAt('code', primary.baseUrl), expertAt('general', general.baseUrl)], { code: ['code'] });
    primary.enqueue({ kind: 'stream', tokens: ['a', 'b', 'c'], tokenDelayMs: 100 });
    const controller = new AbortController();
    const outcome = await runChat({ text: 'q', signal: controller.signal }, pipelineDeps(config, 'code'), (e) => {
      if (e.type === 'token') controller.abort();
    });
    assert.equal(outcome.type, 'done');
    assert.equal(outcome.type === 'done' && outcome.finishReason, 'cancelled');
    assert.equal(outcome.type === 'done' && outcome.text, 'a');
  });

  it('cancellation while waiting to retry ends quietly without a second request', async () => {
    const config = testConfig([expertAt('code', primary.baseUrl), expertAt('general', general.baseUrl)], { code: ['code'] });
    primary.enqueue({ kind: 'status', status: 429, body: '{}', headers: { 'retry-after': '4' } });
    const before = primary.requests.length;
    const controller = new AbortController();
    const deps = { ...pipelineDeps(config, 'code'), sleep: undefined };
    setTimeout(() => controller.abort(), 150);
    const started = Date.now();
    const outcome = await runChat({ text: 'q', signal: controller.signal }, deps, recorder().emit);
    assert.equal(outcome.type === 'done' && outcome.finishReason, 'cancelled');
    assert.ok(Date.now() - started < 3_500, 'did not wait out the 4 s Retry-After');
    assert.equal(primary.requests.length - before, 1);
  });

  it('trims history to the expert context window and says so', async () => {
    const config = testConfig([expertAt('code', primary.baseUrl, { contextLength: 400, maxTokens: 100 }), expertAt('general', general.baseUrl)], { code: ['code'] });
    const history = Array.from({ length: 40 }, (_, i) => ({ role: i % 2 === 0 ? 'user' as const : 'assistant' as const, content: `turn ${i} ${'word '.repeat(20)}` }));
    const outcome = await runChat({ text: 'latest question', history, signal: signal() }, pipelineDeps(config, 'code'), recorder().emit);
    assert.equal(outcome.trimmed.length, 1);
    assert.match(outcome.trimmed[0].message, /dropped the \d+ oldest history messages/);
    const body = primary.requests.at(-1)?.body as { messages: { content: string }[] };
    assert.match(body.messages.at(-2)?.content ?? '', /^turn 39 /);
    assert.ok(!body.messages.some((m) => m.content.startsWith('turn 0 ')));
  });
});

describe('API keys from the CLI environment', () => {
  it('sends COE_API_KEY_<ID> as a bearer token and names the variable, not the key, when it is refused', async () => {
    const { createCliExpertClientFactory } = await import('../../../src/node/experts/createExpertClient');
    const server = await startOpenAiFixture();
    try {
      server.enqueue({ kind: 'status', status: 401, body: '{"error":{"message":"bad key"}}' });
      const config = testConfig([expertAt('math', server.baseUrl)], { math: ['math'] }, 'math');
      const clientFor = createCliExpertClientFactory(config, { COE_API_KEY_MATH: 'sk-very-secret' });
      const error = await clientFor(config.experts[0]).stream({ messages: [], signal: new AbortController().signal }, () => undefined).catch((e: unknown) => e);
      assert.equal(server.requests.at(-1)?.headers.authorization, 'Bearer sk-very-secret');
      assert.ok(error instanceof Error);
      assert.match(error.message, /set the environment variable COE_API_KEY_MATH: bad key/);
      assert.ok(!error.message.includes('sk-very-secret'));
    } finally {
      await server.close();
    }
  });
});
