import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractCode, instructionFor, preserveTrailingNewline } from '../../../src/vscode/codeActions/extractCode';
import { followupsFor, parseForcing } from '../../../src/vscode/participant/participantHandler';
import { DEFAULT_CONFIG } from '../../../src/common/config/defaults';

describe('code action helpers', () => {
  it('takes the longest fenced block of an answer', () => {
    const answer = 'Here:\n```ts\nfunction add(a: number, b: number) {\n  return a + b;\n}\n```\nUsage:\n```ts\nadd(1, 2);\n```\n';
    assert.equal(extractCode(answer), 'function add(a: number, b: number) {\n  return a + b;\n}');
  });

  it('uses the whole answer when there is no fence, and handles tildes', () => {
    assert.equal(extractCode('x = 1\n'), 'x = 1');
    assert.equal(extractCode('~~~py\nprint(1)\n~~~'), 'print(1)');
  });

  it('keeps the replaced selection\'s trailing newline', () => {
    assert.equal(preserveTrailingNewline('a\n', 'b'), 'b\n');
    assert.equal(preserveTrailingNewline('a', 'b'), 'b');
    assert.equal(preserveTrailingNewline('a\n', 'b\n'), 'b\n');
  });

  it('asks edit actions for a single code block', () => {
    for (const intent of ['fix', 'document', 'tests'] as const) assert.match(instructionFor(intent, 'python'), /single fenced code block/);
    assert.doesNotMatch(instructionFor('explain', 'python'), /fenced/);
  });
});

describe('@coe forcing', () => {
  it('maps domain slash commands and /expert to overrides', () => {
    assert.deepEqual(parseForcing({ prompt: 'integrate x', command: 'math' }), { override: 'math', text: 'integrate x' });
    assert.deepEqual(parseForcing({ prompt: 'general  why is the sky blue', command: 'expert' }), { override: 'general', text: 'why is the sky blue' });
    assert.deepEqual(parseForcing({ prompt: 'plain' }), { text: 'plain' });
    assert.ok(parseForcing({ prompt: '   ', command: 'expert' }).error);
  });

  it('offers the other experts as follow-ups', () => {
    const followups = followupsFor({ expert: 'code', prompt: 'sort a list', decisionId: 'd' }, DEFAULT_CONFIG);
    assert.deepEqual(followups.map((f) => f.prompt), ['math sort a list', 'general sort a list']);
    assert.ok(followups.every((f) => f.command === 'expert'));
    assert.deepEqual(followupsFor(undefined, DEFAULT_CONFIG), []);
  });
});
