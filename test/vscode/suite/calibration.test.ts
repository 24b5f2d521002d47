// Calibration in the real extension host: the command runs against loopback fixture experts
// (answers differ by category, the judge grades by a fixed rule), and the results panel opens.
import * as assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CellScore } from '../../../src/common/calibration/aggregate';
import { ruleBasedHandler, startCalibrationExperts, type CalibrationExpertsFixture } from '../../fixtures/calibrationExperts';

interface Summary {
  cells: CellScore[];
  failures: unknown[];
  cancelled: boolean;
  calls: { answers: number; judgments: number; cachedAnswers: number; cachedJudgments: number };
}

const ITEMS = [
  ...[1, 2].map((i) => ({ id: `code-${i}`, category: 'coding', domain: 'code', prompt: `[code] write function ${i}` })),
  ...[1, 2].map((i) => ({ id: `math-${i}`, category: 'advanced_math', domain: 'math', prompt: `[math] integrate ${i}` })),
];

describe('calibration (extension host)', function () {
  this.timeout(60_000);
  let server: CalibrationExpertsFixture;
  let dir: string;
  let setFile: string;
  const settings = () => vscode.workspace.getConfiguration('coe');

  before(async () => {
    await vscode.extensions.getExtension('coe-team.coe-vscode')?.activate();
    server = await startCalibrationExperts(ruleBasedHandler);
    dir = await mkdtemp(path.join(tmpdir(), 'coe-calibration-host-'));
    setFile = path.join(dir, 'set.jsonl');
    await writeFile(setFile, ITEMS.map((i) => JSON.stringify(i)).join('\n'));
    const expert = (id: string, totalParams: number) => ({ id, kind: 'openai', baseUrl: server.baseUrl, model: id, totalParams, contextLength: 8192 });
    await settings().update('experts', [expert('coder', 7e9), expert('mathy', 7e9), expert('judge', 70e9)], vscode.ConfigurationTarget.Global);
    await settings().update('generalist', 'judge', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await settings().update('experts', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('generalist', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('scores each expert per category through the command, then answers a re-run from the cache', async () => {
    const args = { experts: ['coder', 'mathy'], judge: 'judge', sets: [setFile], confirm: false };
    const first = await vscode.commands.executeCommand<Summary | undefined>('coe.calibrateExperts', args);
    assert.ok(first, 'the command ran');
    assert.deepEqual(first.failures, []);
    const score = (category: string, expert: string) => first.cells.find((c) => c.category === category && c.expertId === expert)?.score;
    assert.equal(score('coding', 'coder'), 9);
    assert.equal(score('coding', 'mathy'), 3);
    assert.equal(score('advanced_math', 'mathy'), 9);
    assert.equal(first.calls.answers + first.calls.cachedAnswers, 4 * 2);

    const before = server.requests.length;
    const second = await vscode.commands.executeCommand<Summary | undefined>('coe.calibrateExperts', args);
    assert.equal(server.requests.length, before, 'nothing new was asked');
    assert.equal(second?.calls.cachedJudgments, 8);
  });

  it('opens the results panel', async () => {
    await vscode.commands.executeCommand('coe.showCalibration');
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    assert.ok(tabs.some((t) => t.label === 'CoE Calibration'), `tabs: ${tabs.map((t) => t.label).join(', ')}`);
  });

  it('rejects malformed command arguments without running', async () => {
    const before = server.requests.length;
    const result = await vscode.commands.executeCommand('coe.calibrateExperts', { experts: 'coder' });
    assert.equal(result, undefined);
    assert.equal(server.requests.length, before);
  });
});
