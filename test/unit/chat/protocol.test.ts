import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatParams, parseWebviewMessage, titleFromPrompt, type ChatRpc } from '../../../src/common/protocol/chatProtocol';
import { answerRpc, RpcClient, RpcError, type RpcReply, type RpcRequest } from '../../../src/common/protocol/rpc';

describe('chat protocol', () => {
  it('accepts well-formed intents from the webview', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'send', conversationId: 'c1', text: 'hi' }), { type: 'send', conversationId: 'c1', text: 'hi' });
    assert.ok(parseWebviewMessage({ type: 'codeBlock', action: 'apply', code: 'x', language: 'ts' }));
    assert.ok(parseWebviewMessage({ kind: 'rpcRequest', id: 3, method: 'previewRoute', params: { text: 'x' } }));
  });

  it('rejects malformed or unknown messages', () => {
    assert.equal(parseWebviewMessage(null), null);
    assert.equal(parseWebviewMessage({ type: 'send', conversationId: 'c1' }), null);
    assert.equal(parseWebviewMessage({ type: 'send', conversationId: 'c1', text: 42 }), null);
    assert.equal(parseWebviewMessage({ type: 'runShell', command: 'rm -rf /' }), null);
    assert.equal(parseWebviewMessage({ type: 'codeBlock', action: 'delete', code: 'x', language: '' }), null);
    assert.equal(parseWebviewMessage({ type: 'attach', what: 'workspace' }), null);
    assert.equal(parseWebviewMessage({ kind: 'rpcRequest', id: '1', method: 'previewRoute' }), null);
  });

  it('names conversations from their first prompt line', () => {
    assert.equal(titleFromPrompt('  Fix   my\tcode\nsecond line'), 'Fix my code');
    assert.equal(titleFromPrompt(''), 'New conversation');
    const long = titleFromPrompt('x'.repeat(100), 10);
    assert.equal(long.length, 10);
    assert.ok(long.endsWith('…'));
  });

  it('formats parameter counts', () => {
    assert.equal(formatParams(7.62e9), '7.6B');
    assert.equal(formatParams(70.6e9), '70.6B');
    assert.equal(formatParams(1.2e12), '1.2T');
    assert.equal(formatParams(45_000), '45.0K');
    assert.equal(formatParams(12), '12');
  });
});

describe('rpc helper', () => {
  /** Client and server wired back to back, as host and webview are through postMessage. */
  function pair(handlers: Parameters<typeof answerRpc<ChatRpc>>[1], timeoutMs = 1000) {
    const deliver = (reply: RpcReply) => setImmediate(() => client.accept(reply));
    const client: RpcClient<ChatRpc> = new RpcClient<ChatRpc>((request: RpcRequest<ChatRpc>) => {
      setImmediate(() => void answerRpc<ChatRpc>(request, handlers, deliver));
    }, timeoutMs);
    return client;
  }

  it('returns the handler result to the caller', async () => {
    const client = pair({ previewRoute: ({ text }) => ({ expert: text, expertName: 'X', category: null, confidence: 0, fallbackReason: null }) });
    const result = await client.call('previewRoute', { text: 'code' });
    assert.equal(result?.expert, 'code');
  });

  it('turns a handler error into a rejected call', async () => {
    const client = pair({ previewRoute: () => { throw new Error('router exploded'); } });
    await assert.rejects(client.call('previewRoute', { text: 'x' }), (error: unknown) => error instanceof RpcError && /router exploded/.test(error.message));
  });

  it('times out when no reply comes and ignores replies it did not ask for', async () => {
    const client = new RpcClient<ChatRpc>(() => undefined, 20);
    assert.equal(client.accept({ kind: 'rpcReply', id: 99, ok: true, result: null }), true);
    assert.equal(client.accept({ type: 'state' }), false);
    await assert.rejects(client.call('previewRoute', { text: 'x' }), /no reply within 20 ms/);
  });

  it('answers unknown methods with an error instead of silence', async () => {
    const replies: RpcReply[] = [];
    await answerRpc<ChatRpc>({ kind: 'rpcRequest', id: 1, method: 'nope', params: {} } as unknown as RpcRequest, { previewRoute: () => null }, (r) => replies.push(r));
    assert.deepEqual(replies, [{ kind: 'rpcReply', id: 1, ok: false, error: 'unknown method "nope"' }]);
  });
});
