// Router teaching in the real extension host: labelled prompts imported, "Teach Router Now" trains in the
// router worker behind the gate, and the adapter versions can be exported, rolled back and imported again.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'coe-team.coe-vscode';

interface TeachSummary {
  accepted: boolean;
  reason: string;
  version: string | null;
}

describe('router teaching (extension host)', () => {
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coe-teach-it-'));
    await vscode.workspace.getConfiguration('coe').update('teachAfterCorrections', 0, vscode.ConfigurationTarget.Global);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  after(async () => {
    await vscode.workspace.getConfiguration('coe').update('teachAfterCorrections', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports labelled prompts, teaches behind the gate, exports, rolls back and imports the adapter', async function () {
    this.timeout(240_000);
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const data = vscode.Uri.file(path.join(ext.extensionPath, 'test', 'ui', 'fixtures', 'spreadsheet-corrections.jsonl'));
    const imported = await vscode.commands.executeCommand<{ imported: number; skipped: number }>('coe.importRouterFeedback', data);
    assert.equal(imported?.imported, 16);
    assert.equal(imported?.skipped, 0);

    const summary = await vscode.commands.executeCommand<TeachSummary>('coe.teachRouterNow');
    assert.ok(summary, 'teaching returned a summary');
    assert.equal(summary.accepted, true, summary.reason);
    assert.match(summary.version ?? '', /^v\d{4}$/);

    const file = vscode.Uri.file(path.join(dir, 'team.adapter.json'));
    assert.equal(await vscode.commands.executeCommand('coe.exportRouterAdapter', file), summary.version);
    const exported = fs.readFileSync(file.fsPath, 'utf8');
    assert.ok(!exported.includes('Excel') && !exported.includes('formula'), 'no prompt text in an exported adapter');

    const previous = await vscode.commands.executeCommand<string | null>('coe.rollbackRouterAdapter');
    assert.notEqual(previous, summary.version);
    const again = await vscode.commands.executeCommand<string>('coe.importRouterAdapter', file);
    assert.match(again ?? '', /^v\d{4}$/);
    assert.notEqual(again, summary.version, 'an import is stored as a new version');
  });
});
