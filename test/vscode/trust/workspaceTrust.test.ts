// Workspace Trust in the real editor. scripts/vscode/runVscodeTests.mjs runs this suite on a copy of
// test/fixtures/workspace-trust, whose .vscode/settings.json redirects the experts (URL and headers), the
// generalist, the routing table and the router model, and also sets harmless non-restricted settings.
// Workspace trust is on and the folder is not trusted (Restricted Mode): restricted workspace values must
// be ignored. Then the suite opens the Workspace Trust editor, the driver clicks "Trust" as a user would,
// and the same folder's values must apply. The user settings name one expert of their own; both experts
// point at a recording endpoint on COE_TRUST_PROBE_PORT (under /user/ and /workspace/) served here.
// Tests run in order and each depends on the trust state the previous ones leave.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { ExpertHealth } from '../../../src/common/conversation/expertClient';
import { DEFAULT_CONFIG } from '../../../src/common/config/defaults';
import { RESTRICTED_SETTINGS } from '../../../src/common/config/settingsContribution';
import { ConfigService } from '../../../src/vscode/core/configService';

const EXTENSION_ID = 'coe-team.coe-vscode';
const USER_TABLE = { code: ['user-general'], math: ['user-general'], general: ['user-general'] };
const WORKSPACE_TABLE = { code: ['workspace-redirect'], math: ['workspace-redirect'], general: ['workspace-redirect'] };

interface ProbeRequest {
  path: string;
  origin: string | undefined;
  exfiltrate: string | undefined;
}

function probePortFromDriver(): number {
  const port = Number(process.env.COE_TRUST_PROBE_PORT);
  assert.ok(Number.isInteger(port) && port > 0, 'COE_TRUST_PROBE_PORT is not set: run this suite through `npm run test:vscode`');
  return port;
}

/** An OpenAI-compatible model list that records who asked (path and the headers the settings added). */
async function startProbe(port: number): Promise<{ requests: ProbeRequest[]; close: () => Promise<void> }> {
  const requests: ProbeRequest[] = [];
  const server = http.createServer((req, res) => {
    const header = (name: string) => (typeof req.headers[name] === 'string' ? req.headers[name] : undefined);
    requests.push({ path: req.url ?? '', origin: header('x-coe-origin'), exfiltrate: header('x-exfiltrate') });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ object: 'list', data: [{ id: 'user-model', object: 'model' }, { id: 'workspace-model', object: 'model' }] }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  assert.equal((server.address() as AddressInfo).port, port);
  return { requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Resolves once `ready()` holds, re-checking whenever `event` fires (no sleeps; Mocha's timeout bounds it). */
function whenTrue(ready: () => boolean, event: vscode.Event<unknown>): Promise<void> {
  if (ready()) return Promise.resolve();
  return new Promise((resolve) => {
    const subscription = event(() => {
      if (!ready()) return;
      subscription.dispose();
      resolve();
    });
  });
}

describe('workspace trust', () => {
  const probePort = probePortFromDriver();
  let probe: Awaited<ReturnType<typeof startProbe>>;
  let config: ConfigService;
  const reported: string[] = [];

  /** What the running extension's "CoE: Test Connections" reached, as [expert, reachable] and requests. */
  async function connectionsOfTheRunningExtension(): Promise<{ results: [string, boolean][]; seen: ProbeRequest[] }> {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    await ext.activate(); // it declares limited support for untrusted workspaces, so it runs in both states
    probe.requests.length = 0;
    const results = await vscode.commands.executeCommand<ExpertHealth[]>('coe.testConnections');
    return { results: results.map((r) => [r.expertId, r.reachable]), seen: [...probe.requests] };
  }

  before(async () => {
    probe = await startProbe(probePort);
    config = new ConfigService((issues) => reported.push(...issues.map((i) => i.path)));
  });
  after(async () => {
    config?.dispose();
    await probe?.close();
  });

  it('opens the fixture folder with trust enabled and the folder not trusted', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    // The folder really carries the hostile values, else the checks below would prove nothing. Read from
    // disk: in Restricted Mode VS Code's own inspect() leaves restricted workspace values out as well.
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a folder is open');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json')));
    for (const needle of ['"coe.experts"', `127.0.0.1:${probePort}/workspace/v1`, 'x-exfiltrate', '"coe.routerModelPath"', '"coe.minConfidence"']) {
      assert.ok(text.includes(needle), `the workspace settings set ${needle}`);
    }
    assert.deepEqual(vscode.workspace.getConfiguration('coe').inspect<{ id: string }[]>('experts')?.globalValue?.map((e) => e.id), ['user-general']);
    // Every setting package.json restricts is one the fixture sets, so the checks below cover them all.
    assert.deepEqual([...RESTRICTED_SETTINGS].sort(), ['categoryTable', 'correctionPromptText', 'experts', 'generalist', 'logPrompts', 'routerModelPath']);
  });

  it('untrusted: ConfigService takes restricted settings from the user and defaults, never the workspace', () => {
    const c = config.config;
    assert.deepEqual(reported, [], 'no setting was reported invalid');
    assert.deepEqual(c.experts.map((e) => [e.id, e.baseUrl, e.headers]), [
      ['user-general', `http://127.0.0.1:${probePort}/user/v1`, { 'x-coe-origin': 'user' }],
    ]);
    assert.equal(c.generalist, 'user-general');
    assert.deepEqual(c.categoryTable, USER_TABLE);
    // No user value for these: the defaults, not the workspace's.
    assert.equal(c.routerModelPath, DEFAULT_CONFIG.routerModelPath);
    assert.equal(c.logPrompts, DEFAULT_CONFIG.logPrompts);
    assert.equal(c.correctionPromptText, DEFAULT_CONFIG.correctionPromptText);
  });

  it('untrusted: non-restricted workspace settings still apply', () => {
    assert.deepEqual([config.config.minConfidence, config.config.stickyRouting, config.config.connectTimeoutMs], [0.9, true, 4321]);
  });

  it("untrusted: the running extension contacts only the user's endpoint, without the workspace's headers", async () => {
    const { results, seen } = await connectionsOfTheRunningExtension();
    assert.deepEqual(results, [['user-general', true]]);
    assert.deepEqual(seen.map((r) => [r.path, r.origin, r.exfiltrate]), [['/user/v1/models', 'user', undefined]]);
  });

  it('the user trusts the folder in the Workspace Trust editor (the driver clicks "Trust")', async () => {
    const granted = new Promise<void>((resolve) => {
      const subscription = vscode.workspace.onDidGrantWorkspaceTrust(() => {
        subscription.dispose();
        resolve();
      });
    });
    if (!vscode.workspace.isTrusted) {
      await vscode.commands.executeCommand('workbench.trust.manage');
      await granted;
    }
    assert.equal(vscode.workspace.isTrusted, true);
  });

  it('trusted: ConfigService now takes every workspace value', async () => {
    // The grant and the configuration it unlocks reach the extension host as separate events.
    await whenTrue(() => config.config.generalist === 'workspace-redirect', config.onDidChange);
    const c = config.config;
    assert.deepEqual(reported, [], 'no setting was reported invalid');
    assert.deepEqual(c.experts.map((e) => [e.id, e.baseUrl, e.headers]), [
      ['workspace-redirect', `http://127.0.0.1:${probePort}/workspace/v1`, { 'x-coe-origin': 'workspace', 'x-exfiltrate': 'workspace-header-value' }],
    ]);
    assert.deepEqual(c.categoryTable, WORKSPACE_TABLE);
    assert.equal(c.routerModelPath, './router-model-from-workspace');
    assert.equal(c.logPrompts, true);
    assert.equal(c.correctionPromptText, 'always');
    assert.deepEqual([c.minConfidence, c.stickyRouting, c.connectTimeoutMs], [0.9, true, 4321]);
  });

  it("trusted: the running extension follows without a reload: the workspace's endpoint, with its headers", async () => {
    const { results, seen } = await connectionsOfTheRunningExtension();
    assert.deepEqual(results, [['workspace-redirect', true]]);
    assert.deepEqual(seen.map((r) => [r.path, r.origin, r.exfiltrate]), [['/workspace/v1/models', 'workspace', 'workspace-header-value']]);
  });
});
