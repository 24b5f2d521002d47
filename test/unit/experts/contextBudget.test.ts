import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildContext, describeTrims, promptBudget } from '../../../src/common/conversation/contextBudget';
import { estimateTokens, headWithinTokens, tailWithinTokens } from '../../../src/common/conversation/tokenEstimate';
import type { ChatMessage } from '../../../src/common/conversation/messages';

const turns = (n: number): ChatMessage[] =>
  Array.from({ length: n }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: `message ${i} ${'lorem '.repeat(10)}` }));

describe('token estimate', () => {
  it('grows with text and counts non-ASCII characters individually', () => {
    assert.equal(estimateTokens(''), 0);
    assert.equal(estimateTokens('abcdefg'), 2);
    assert.equal(estimateTokens('数学题'), 3);
    assert.ok(estimateTokens('a'.repeat(700)) === 200);
  });

  it('cuts heads and tails within the budget without splitting surrogate pairs', () => {
    const text = '🦀'.repeat(50);
    const head = headWithinTokens(text, 7);
    const tail = tailWithinTokens(text, 7);
    assert.equal(head, '🦀'.repeat(7));
    assert.equal(tail, '🦀'.repeat(7));
  });
});

describe('buildContext', () => {
  it('keeps everything when it fits, in the order system, history, user', () => {
    const built = buildContext({ systemPrompt: 'be brief', history: turns(2), attachments: [], prompt: 'now', budgetTokens: 1000 });
    assert.deepEqual(built.messages.map((m) => m.role), ['system', 'user', 'assistant', 'user']);
    assert.equal(built.messages.at(-1)?.content, 'now');
    assert.deepEqual(built.trimmed, []);
    assert.ok(built.estimatedTokens <= 1000);
  });

  it('drops the oldest history first, whole messages, starting on a user turn', () => {
    const built = buildContext({ history: turns(10), attachments: [], prompt: 'now', budgetTokens: 60 });
    const kept = built.messages.slice(0, -1);
    assert.ok(kept.length > 0 && kept.length < 10);
    assert.equal(kept[0].role, 'user');
    assert.match(kept.at(-1)?.content ?? '', /^message 9 /);
    assert.equal(built.trimmed[0].kind, 'history');
    assert.match(describeTrims(built.trimmed), new RegExp(`dropped the ${10 - kept.length} oldest history messages`));
    assert.ok(built.estimatedTokens <= 60, `estimated ${built.estimatedTokens}`);
  });

  it('truncates a long attachment to its head and reports the lines kept', () => {
    const content = Array.from({ length: 200 }, (_, i) => `line ${i}`).join('\n');
    const built = buildContext({ history: turns(4), attachments: [{ label: 'big.ts', content }], prompt: 'explain', budgetTokens: 300 });
    const user = built.messages.at(-1)?.content ?? '';
    assert.match(user, /^Context \(big\.ts\):\n```\nline 0\n/);
    assert.match(user, /\[… trimmed …\]\n```\n\nexplain$|\[… trimmed …\]\n```\nexplain$/);
    const note = built.trimmed.find((t) => t.kind === 'attachment');
    assert.match(note?.message ?? '', /trimmed attachment big\.ts to its first \d+ of 200 lines/);
    assert.ok(built.trimmed.some((t) => t.kind === 'history'), 'history has no room left after the attachment');
    assert.ok(built.estimatedTokens <= 300, `estimated ${built.estimatedTokens}`);
  });

  it('drops an attachment when no useful excerpt fits', () => {
    const built = buildContext({ attachments: [{ label: 'a', content: 'x'.repeat(2000) }], history: [], prompt: 'p'.repeat(300), budgetTokens: 110 });
    assert.equal(built.messages.at(-1)?.content, 'p'.repeat(300));
    assert.match(built.trimmed[0].message, /dropped attachment a/);
  });

  it('trims the middle of an over-long prompt, keeping its start and end', () => {
    const prompt = `START ${'filler '.repeat(500)} END`;
    const built = buildContext({ history: [], attachments: [], prompt, budgetTokens: 100 });
    const sent = built.messages[0].content;
    assert.ok(sent.startsWith('START') && sent.endsWith('END'));
    assert.match(sent, /middle of the prompt trimmed/);
    assert.equal(built.trimmed[0].kind, 'prompt');
    assert.ok(built.estimatedTokens <= 100, `estimated ${built.estimatedTokens}`);
  });

  it('budgets the smaller of the configured cap and the window minus the answer reserve', () => {
    assert.equal(promptBudget(8192, 6000, 512), 6000);
    assert.equal(promptBudget(4096, 6000, 512), 3584);
    assert.equal(promptBudget(4096, 6000), 3072);
  });
});
