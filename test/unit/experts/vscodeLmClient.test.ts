import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpertError } from '../../../src/common/conversation/expertError';
import type { LanguageModelAccess, LmMessage, LmModelHandle, LmSelector } from '../../../src/vscode/experts/languageModelAccess';
import { toLmMessages, VscodeLmExpertClient } from '../../../src/vscode/experts/vscodeLmClient';
import { fixtureExpert } from './helpers';

interface FakeModelScript {
  fragments: string[];
  /** Never yield after the fragments (a provider that ignores cancellation). */
  hangAfter?: boolean;
  failAfter?: Error;
  failOnSend?: Error;
}

function fakeLm(models: { id: string; family: string; vendor: string }[], script: FakeModelScript) {
  const selections: LmSelector[] = [];
  const sent: LmMessage[][] = [];
  const handle = (m: { id: string; family: string; vendor: string }): LmModelHandle => ({
    ...m, name: m.id, maxInputTokens: 8000,
    async send(messages) {
      sent.push(messages);
      if (script.failOnSend) throw script.failOnSend;
      return (async function* () {
        for (const fragment of script.fragments) yield fragment;
        if (script.failAfter) throw script.failAfter;
        if (script.hangAfter) await new Promise(() => undefined);
      })();
    },
  });
  const lm: LanguageModelAccess = {
    select: async (selector) => {
      selections.push(selector);
      return models.filter((m) => (!selector.vendor || m.vendor === selector.vendor)
        && (!selector.id || m.id === selector.id) && (!selector.family || m.family === selector.family)).map(handle);
    },
  };
  return { lm, selections, sent };
}

const lmExpert = (model: string) => fixtureExpert('', { id: 'copilot', kind: 'vscode-lm', baseUrl: undefined, model, vendor: 'copilot', systemPrompt: undefined });
const MODELS = [{ id: 'copilot-gpt-4o', family: 'gpt-4o', vendor: 'copilot' }];

function client(lm: LanguageModelAccess, model = 'gpt-4o', timeouts = { connectTimeoutMs: 1000, idleTimeoutMs: 1000 }) {
  return new VscodeLmExpertClient({ expert: lmExpert(model), lm, ...timeouts });
}

describe('VscodeLmExpertClient', () => {
  it('selects by id, then by family, and streams the fragments', async () => {
    const fake = fakeLm(MODELS, { fragments: ['Hel', 'lo'] });
    const tokens: string[] = [];
    const result = await client(fake.lm).stream({ messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hi' }], signal: new AbortController().signal }, (t) => tokens.push(t));
    assert.deepEqual(tokens, ['Hel', 'lo']);
    assert.deepEqual(result, { text: 'Hello', finishReason: 'stop' });
    assert.deepEqual(fake.selections, [{ vendor: 'copilot', id: 'gpt-4o' }, { vendor: 'copilot', family: 'gpt-4o' }]);
    assert.deepEqual(fake.sent[0], [{ role: 'user', content: 'Instructions:\nbe brief\n\nhi' }]);
  });

  it('maps history roles and keeps user/assistant alternation', () => {
    assert.deepEqual(toLmMessages([
      { role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }, { role: 'user', content: 'c' },
    ]).map((m) => m.role), ['user', 'assistant', 'user']);
  });

  it('reports a missing model as notFound and in health', async () => {
    const fake = fakeLm(MODELS, { fragments: [] });
    const error = await client(fake.lm, 'claude').stream({ messages: [], signal: new AbortController().signal }, () => undefined).catch((e: unknown) => e);
    assert.ok(error instanceof ExpertError && error.kind === 'notFound', String(error));
    assert.match(error.message, /Copilot/);
    const health = await client(fake.lm, 'claude').health(new AbortController().signal);
    assert.deepEqual([health.reachable, health.modelPresent], [true, false]);
    assert.equal((await client(fake.lm).health(new AbortController().signal)).modelPresent, true);
  });

  it('maps LanguageModelError codes by name', async () => {
    const denied = Object.assign(new Error('consent missing'), { code: 'NoPermissions' });
    const error = await client(fakeLm(MODELS, { fragments: [], failOnSend: denied }).lm).stream({ messages: [], signal: new AbortController().signal }, () => undefined).catch((e: unknown) => e);
    assert.ok(error instanceof ExpertError && error.kind === 'authFailed', String(error));
  });

  it('cancellation returns quietly and promptly even when the provider keeps the stream open', async () => {
    const controller = new AbortController();
    const fake = fakeLm(MODELS, { fragments: ['part'], hangAfter: true });
    // The provider never ends its stream: without the abort this would end in the idle timeout's error.
    const result = await client(fake.lm).stream({ messages: [], signal: controller.signal }, () => {
      setTimeout(() => controller.abort(), 10);
    });
    assert.deepEqual(result, { text: 'part', finishReason: 'cancelled' });
  });

  it('idle timeout keeps the partial answer; a failure after the first fragment does too', async () => {
    const stalled = await client(fakeLm(MODELS, { fragments: ['so far'], hangAfter: true }).lm, 'gpt-4o', { connectTimeoutMs: 1000, idleTimeoutMs: 50 })
      .stream({ messages: [], signal: new AbortController().signal }, () => undefined).catch((e: unknown) => e);
    assert.ok(stalled instanceof ExpertError && stalled.kind === 'idleTimeout' && stalled.partialText === 'so far', String(stalled));
    const broken = await client(fakeLm(MODELS, { fragments: ['a'], failAfter: new Error('provider crashed') }).lm)
      .stream({ messages: [], signal: new AbortController().signal }, () => undefined).catch((e: unknown) => e);
    assert.ok(broken instanceof ExpertError && broken.partialText === 'a' && /provider crashed/.test(broken.message), String(broken));
  });
});
