import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseInspectorMessage } from '../../../src/common/inspector/inspectorMessages';
import { checkMemoryParams, DEFAULT_MEMORY_PARAMS } from '../../../src/common/inspector/memoryParams';

describe('inspector webview messages', () => {
  it('accepts the intents the views send', () => {
    assert.deepEqual(parseInspectorMessage({ type: 'correct', id: 'd1', category: 'algebra' }), { type: 'correct', id: 'd1', category: 'algebra' });
    assert.deepEqual(parseInspectorMessage({ type: 'selectDecision', id: null }), { type: 'selectDecision', id: null });
    assert.ok(parseInspectorMessage({ type: 'setPaperShares', shares: { 'gemma-2-9b-it': 50 }, baselineId: 'qwen2-72b-instruct' }));
  });

  it('drops anything else: unknown types, missing or oversized fields, negative shares', () => {
    assert.equal(parseInspectorMessage({ type: 'runShell', command: 'rm -rf /' }), undefined);
    assert.equal(parseInspectorMessage({ type: 'reroute', id: 'd1' }), undefined);
    assert.equal(parseInspectorMessage({ type: 'correct', id: 'x'.repeat(201), category: 'a' }), undefined);
    assert.equal(parseInspectorMessage({ type: 'setPaperShares', shares: { a: -1 }, baselineId: 'a' }), undefined);
    assert.equal(parseInspectorMessage('ready'), undefined);
  });

  it('memory parameters from a form with an empty field (NaN → null in JSON) are rejected with the field named', () => {
    const fromWebview = JSON.parse(JSON.stringify({ ...DEFAULT_MEMORY_PARAMS, outputTokens: Number.NaN })) as unknown;
    const message = parseInspectorMessage({ type: 'setMemoryParams', params: fromWebview });
    assert.ok(message && message.type === 'setMemoryParams');
    const checked = checkMemoryParams(message.params);
    assert.ok(!checked.ok);
    assert.deepEqual(checked.issues.map((i) => i.path), ['outputTokens']);
  });
});
