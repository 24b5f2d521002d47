// Smoke: the extension under development is loaded in the real extension host, activates lazily (only
// the registration shell; dist/features.js on first use), and every command it contributes is registered.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'coe-team.coe-vscode';

interface Manifest {
  activationEvents?: string[];
  contributes?: { commands?: { command: string; title: string }[] };
}

/** Whether the extension host has loaded the features bundle (Node's module cache is per process). */
function featuresLoaded(): boolean {
  return Boolean(require.cache[path.join(extension().extensionPath, 'dist', 'features.js')]);
}

function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(found, `${EXTENSION_ID} is not loaded; was extensionDevelopmentPath the repository root?`);
  return found;
}

describe('extension smoke', () => {
  it('is loaded from the development path', () => {
    assert.equal(extension().id, EXTENSION_ID);
  });

  it('does not ask to start eagerly', () => {
    const events = (extension().packageJSON as Manifest).activationEvents ?? [];
    assert.deepEqual(events.filter((e) => e === '*' || e === 'onStartupFinished'), []);
  });

  it('activates without error', async () => {
    const ext = extension();
    const wasActive = ext.isActive; // another suite may have activated it already
    const started = performance.now();
    await ext.activate();
    // Logged (not asserted) so the figure appears in the test output without making the test flaky.
    if (!wasActive) console.log(`    activation took ${(performance.now() - started).toFixed(1)} ms`);
    assert.equal(ext.isActive, true);
    // Only observable when this suite activates the extension (run alone: --grep "extension smoke").
    if (!wasActive) assert.equal(featuresLoaded(), false, 'activation loaded dist/features.js; it must wait for first use');
  });

  it('registers every contributed command', async () => {
    await extension().activate();
    const contributed = ((extension().packageJSON as Manifest).contributes?.commands ?? []).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((id) => !registered.has(id)), []);
  });

  it('runs coe.showLog', async () => {
    await extension().activate();
    const registered = await vscode.commands.getCommands(true);
    assert.ok(registered.includes('coe.showLog'), 'coe.showLog is not registered');
    await vscode.commands.executeCommand('coe.showLog');
  });

  it('has loaded the features after a first command, and still has every contributed command', async () => {
    await extension().activate();
    await vscode.commands.executeCommand('coe.reloadRouter');
    assert.equal(featuresLoaded(), true);
    const contributed = ((extension().packageJSON as Manifest).contributes?.commands ?? []).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((id) => !registered.has(id)), [], 'a placeholder was dropped without its real command');
  });
});
