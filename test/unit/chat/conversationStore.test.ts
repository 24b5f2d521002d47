import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ConversationStore, emptyHistory, HISTORY_FILE_NAME, type HistoryFile } from '../../../src/vscode/chat/conversationStore';

function sampleHistory(): HistoryFile {
  return {
    version: 1,
    activeId: 'c1',
    conversations: [{
      id: 'c1', title: 'Reverse a string', createdAt: 1, updatedAt: 2,
      turns: [
        { id: 't1', prompt: 'reverse a string', attachments: [], answer: 'use split/reverse/join', status: 'ok' },
        { id: 't2', prompt: 'again', attachments: [{ id: 'a', label: 'x.ts:1-2', kind: 'selection', tokens: 3, content: 'a b', language: 'typescript' }], answer: 'par', status: 'streaming' },
      ],
    }],
  };
}

describe('conversation store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'coe-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts empty when there is no file', async () => {
    const { history, setAside } = await new ConversationStore(dir).load();
    assert.deepEqual(history, emptyHistory());
    assert.equal(setAside, undefined);
  });

  it('round-trips history and leaves no temporary files', async () => {
    const store = new ConversationStore(path.join(dir, 'nested'));
    await store.save(sampleHistory());
    const { history } = await store.load();
    assert.equal(history.conversations[0].turns[0].answer, 'use split/reverse/join');
    assert.deepEqual(readdirSync(path.join(dir, 'nested')), [HISTORY_FILE_NAME]);
  });

  it('keeps a badge\'s expert-level confidence, and loads badges stored before it existed', async () => {
    const store = new ConversationStore(dir);
    const history = sampleHistory();
    const badge = { decisionId: 'd1', category: 'debugging', domain: 'code', expert: 'code', expertName: 'Code', confidence: 0.52, activeParams: 7e9, baselineParams: 70e9, fallbackReason: null, fallbackDetail: null, failedOver: [] };
    history.conversations[0].turns[0].badge = { ...badge, expertConfidence: 0.91, confidenceExpert: 'code' };
    history.conversations[0].turns[1].badge = badge;
    await store.save(history);
    const [first, second] = (await store.load()).history.conversations[0].turns;
    assert.equal(first.badge?.expertConfidence, 0.91);
    assert.equal(first.badge?.confidenceExpert, 'code');
    assert.equal(second.badge?.confidence, 0.52);
    assert.equal(second.badge?.expertConfidence, undefined);
  });

  it('marks a turn that was streaming when the window went away as interrupted', async () => {
    const store = new ConversationStore(dir);
    await store.save(sampleHistory());
    const turn = (await store.load()).history.conversations[0].turns[1];
    assert.equal(turn.status, 'cancelled');
    assert.match(turn.error ?? '', /interrupted/);
    assert.equal(turn.answer, 'par');
  });

  it('serialises concurrent saves so the last one wins', async () => {
    const store = new ConversationStore(dir);
    const writes = Array.from({ length: 8 }, (_, i) => {
      const h = sampleHistory();
      h.conversations[0].title = `title ${i}`;
      return store.save(h);
    });
    await Promise.all(writes);
    assert.equal((await store.load()).history.conversations[0].title, 'title 7');
  });

  it('sets an unparsable file aside with the reason instead of dropping it', async () => {
    const file = path.join(dir, HISTORY_FILE_NAME);
    writeFileSync(file, '{"version":1,"conversations":[{"id":');
    const { history, setAside } = await new ConversationStore(dir, () => 1234).load();
    assert.deepEqual(history, emptyHistory());
    assert.ok(setAside);
    assert.match(setAside.reason, /not valid JSON/);
    assert.equal(path.basename(setAside.path), 'conversations.corrupt-1234.json');
    assert.equal(readFileSync(setAside.path, 'utf8'), '{"version":1,"conversations":[{"id":');
  });

  it('sets aside a file of the wrong shape, naming where it is wrong', async () => {
    writeFileSync(path.join(dir, HISTORY_FILE_NAME), JSON.stringify({ version: 1, activeId: null, conversations: [{ id: 'c', title: 5 }] }));
    const { setAside } = await new ConversationStore(dir).load();
    assert.ok(setAside);
    assert.match(setAside.reason, /conversations\.0\.title/);
  });
});
