// deactivate returns the final decision-history save, bounded: VS Code calls deactivate, disposes the
// subscriptions right after, and waits (5 s for every extension together) only for what deactivate returns.
// This bundle has its own copy of the extension's modules, so these logs and histories are the test's own.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DecisionLog, saveDecisionLogsBeforeExit } from '../../../src/vscode/core/decisionLog';
import { deactivate } from '../../../src/vscode/extension';
import { DecisionHistory } from '../../../src/vscode/inspector/decisionHistory';
import { sampleRecord } from '../../unit/inspector/sampleDecisions';

class MemoryMemento implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, defaultValue?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : defaultValue;
  }
  update(key: string, value: unknown): Thenable<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
}

/** The parts of an ExtensionContext that DecisionHistory reads. */
function contextWithStorage(dir: string): vscode.ExtensionContext {
  return {
    storageUri: vscode.Uri.file(dir),
    workspaceState: new MemoryMemento(),
    globalState: new MemoryMemento(),
  } as unknown as vscode.ExtensionContext;
}

describe('deactivate', () => {
  let dir: string;
  let output: vscode.LogOutputChannel;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coe-deactivate-'));
    output = vscode.window.createOutputChannel('CoE deactivate test', { log: true });
  });
  afterEach(() => {
    output.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('returns the final decision-history save, and the file holds the last decision when it settles', async () => {
    const log = new DecisionLog();
    const history = new DecisionHistory(contextWithStorage(dir), log, output);
    log.add(sampleRecord('d1'));
    log.add(sampleRecord('d2'));
    const file = path.join(dir, 'decisions.jsonl');
    assert.equal(fs.existsSync(file), false, 'the periodic save is still pending (it waits a second)');
    // VS Code's order: deactivate(), then the subscriptions are disposed at once, then it awaits the result.
    const result = deactivate();
    history.dispose();
    log.dispose();
    assert.ok(result instanceof Promise, 'deactivate returns a promise VS Code can wait for');
    await result;
    const ids = fs.readFileSync(file, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { decision: { id: string } }).decision.id);
    assert.deepEqual(ids, ['d1', 'd2']);
  });

  it('also waits for a save that was already under way', async () => {
    const log = new DecisionLog();
    const history = new DecisionHistory(contextWithStorage(dir), log, output);
    log.add(sampleRecord('d7'));
    void history.flush(); // the periodic save has just started writing
    await deactivate();
    history.dispose();
    log.dispose();
    assert.match(fs.readFileSync(path.join(dir, 'decisions.jsonl'), 'utf8'), /"d7"/);
  });

  it('is bounded: a save that never settles does not hold deactivation', async () => {
    const log = new DecisionLog();
    const stuck = log.registerFinalSave(() => new Promise<void>(() => undefined));
    try {
      assert.equal(await saveDecisionLogsBeforeExit(50), 'timedOut');
    } finally {
      stuck.dispose();
      log.dispose();
    }
  });

  it('does not reject when a save fails (the saver reports it)', async () => {
    const log = new DecisionLog();
    const failing = log.registerFinalSave(() => Promise.reject(new Error('disk full')));
    try {
      assert.equal(await saveDecisionLogsBeforeExit(), 'saved');
    } finally {
      failing.dispose();
      log.dispose();
    }
  });
});
