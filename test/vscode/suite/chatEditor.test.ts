// The editor features of the chat engineer, in the real extension host against the loopback fixture:
// commands, settings applied without reload, secrets, trust-restricted settings, the @coe handler with
// a recording stream, and code-action edits through the diff preview.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CoeConfig } from '../../../src/common/config/schema';
import { RESTRICTED_SETTINGS } from '../../../src/common/config/settingsContribution';
import { routeRequest } from '../../../src/common/routing/routeRequest';
import { CategorySet } from '../../../src/common/categories';
import { runChat } from '../../../src/node/chat/chatPipeline';
import { createNodeExpertClientFactory } from '../../../src/node/experts/createExpertClient';
import type { ExpertHealth } from '../../../src/common/conversation/expertClient';
import { ConfigService } from '../../../src/vscode/core/configService';
import { createParticipantHandler, type ParticipantStream } from '../../../src/vscode/participant/participantHandler';
import { startOpenAiFixture, type OpenAiFixture } from '../../fixtures/openaiServer';
import { DEFAULT_CONFIG } from '../../../src/common/config/defaults';

const EXTENSION_ID = 'coe-team.coe-vscode';
const coe = () => vscode.workspace.getConfiguration('coe');

function expertsAt(baseUrl: string) {
  const expert = (id: string) => ({ id, displayName: `Fixture ${id}`, kind: 'openai', baseUrl, model: 'fixture-model', totalParams: 7e9 });
  return [expert('code'), expert('math'), expert('general')];
}

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('chat editor features', () => {
  let fixture: OpenAiFixture;

  before(async () => {
    fixture = await startOpenAiFixture();
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await coe().update('experts', expertsAt(fixture.baseUrl), vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await coe().update('experts', undefined, vscode.ConfigurationTarget.Global);
    await fixture?.close();
  });

  it('registers the chat, code-action, key and connection commands', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const mine = ['coe.chat.open', 'coe.chat.new', 'coe.chat.attachSelection', 'coe.codeAction.explain', 'coe.codeAction.fix',
      'coe.codeAction.document', 'coe.codeAction.writeTests', 'coe.proposal.accept', 'coe.proposal.reject',
      'coe.setApiKey', 'coe.clearApiKey', 'coe.testConnections'];
    assert.deepEqual(mine.filter((id) => !registered.has(id)), []);
  });

  it('applies changed expert settings without a reload (Test Connections reaches the fixture)', async () => {
    const health = await vscode.commands.executeCommand<ExpertHealth[]>('coe.testConnections');
    assert.deepEqual(health.map((h) => [h.expertId, h.reachable, h.modelPresent]), [['code', true, true], ['math', true, true], ['general', true, true]]);
  });

  it('stores an API key in SecretStorage, sends it, and clears it', async () => {
    assert.equal(await vscode.commands.executeCommand('coe.setApiKey', 'code', 'sk-test-123'), true);
    const before = fixture.requests.length;
    await vscode.commands.executeCommand('coe.testConnections');
    const withKey = fixture.requests.slice(before).filter((r) => r.headers.authorization === 'Bearer sk-test-123');
    assert.equal(withKey.length, 1, 'only the code expert sends the key');
    assert.equal(await vscode.commands.executeCommand('coe.clearApiKey', 'code'), true);
    const after = fixture.requests.length;
    await vscode.commands.executeCommand('coe.testConnections');
    assert.equal(fixture.requests.slice(after).filter((r) => r.headers.authorization !== undefined).length, 0);
  });

  it('declares the trust-restricted settings and reads them through the trust-aware config service', async () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } } };
    assert.deepEqual([...manifest.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(), RESTRICTED_SETTINGS.map((k) => `coe.${k}`).sort());
    // code-server runs with --disable-workspace-trust (always trusted): a workspace value must win here;
    // the untrusted branch (global value only) is covered by the config service's unit tests.
    assert.equal(vscode.workspace.isTrusted, true);
    await coe().update('generalist', 'math', vscode.ConfigurationTarget.Workspace);
    const service = new ConfigService(() => undefined);
    try {
      assert.equal(service.config.generalist, 'math');
    } finally {
      service.dispose();
      await coe().update('generalist', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('reports an invalid setting by name and keeps the valid default', async () => {
    await coe().update('minConfidence', 5, vscode.ConfigurationTarget.Global);
    const reported: { path: string; message: string }[][] = [];
    const service = new ConfigService((issues) => reported.push([...issues]));
    try {
      service.reportIssues();
      assert.equal(service.config.minConfidence, DEFAULT_CONFIG.minConfidence);
      assert.ok(reported.flat().some((issue) => issue.path === 'minConfidence'), JSON.stringify(reported));
    } finally {
      service.dispose();
      await coe().update('minConfidence', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('@coe handler: routing line first, streamed answer, forced expert recorded as userOverride', async () => {
    const config = new ConfigService(() => undefined);
    const recorded: { kind: 'markdown' | 'progress'; text: string }[] = [];
    const stream: ParticipantStream = {
      markdown: (value) => void recorded.push({ kind: 'markdown', text: typeof value === 'string' ? value : value.value }),
      progress: (value) => void recorded.push({ kind: 'progress', text: value }),
    };
    const handler = createParticipantHandler({
      config: () => config.config,
      run: (request, onEvent) => runChat(
        { text: request.text, override: request.override, history: request.history, signal: request.signal },
        {
          config: config.config,
          route: (input) => routeRequest(input, {
            config: config.config as CoeConfig, categories: new CategorySet([]), routerParams: 0,
            classifier: { classify: () => Promise.reject(new Error('no router model in this test')) },
          }),
          clientFor: createNodeExpertClientFactory({ config: config.config, apiKeyFor: () => undefined, apiKeyHint: () => '' }),
        },
        onEvent,
      ),
    });
    try {
      const result = await handler({ prompt: 'integrate x^2', command: 'math' }, { history: [] }, stream, new AbortController().signal);
      const markdown = recorded.filter((r) => r.kind === 'markdown').map((r) => r.text);
      assert.match(markdown[0], /^> \*Routed:\* .*→ Fixture math \(userOverride/);
      assert.equal(markdown.slice(1).join(''), 'Hello, world!');
      assert.equal(result.metadata.expert, 'math');
      assert.equal(result.errorDetails, undefined);
    } finally {
      config.dispose();
    }
  });

  it('@coe routing line: the expert-level confidence the fallback tests, the top category as detail', async () => {
    const config = new ConfigService(() => undefined);
    const recorded: string[] = [];
    const stream: ParticipantStream = {
      markdown: (value) => void recorded.push(typeof value === 'string' ? value : value.value),
      progress: () => undefined,
    };
    // coding and debugging split the mass (0.44 each); both go to the code expert, which holds 0.88 of it.
    const categories = new CategorySet([
      { id: 'coding', displayName: 'Coding', description: 'Write code', domain: 'code' },
      { id: 'debugging', displayName: 'Debugging', description: 'Fix code', domain: 'code' },
      { id: 'word_problem', displayName: 'Word problem', description: 'Arithmetic', domain: 'math' },
      { id: 'writing', displayName: 'Writing', description: 'Prose', domain: 'general' },
    ]);
    const exp = [Math.exp(2), Math.exp(2), 1, 1];
    const probabilities = exp.map((e) => e / exp.reduce((a, b) => a + b, 0));
    const result = {
      categories: categories.list.map((c) => c.id), probabilities, logits: [2, 2, 0, 0], top: 'coding',
      confidence: probabilities[0], entropy: 0.8, latencyMs: 0.1, attributions: [],
    };
    const handler = createParticipantHandler({
      config: () => config.config,
      run: (request, onEvent) => runChat(
        { text: request.text, override: request.override, history: request.history, signal: request.signal },
        {
          config: config.config,
          route: (input) => routeRequest(input, { config: config.config as CoeConfig, categories, routerParams: 0, classifier: { classify: () => Promise.resolve(result) } }),
          clientFor: createNodeExpertClientFactory({ config: config.config, apiKeyFor: () => undefined, apiKeyHint: () => '' }),
        },
        onEvent,
      ),
    });
    try {
      await handler({ prompt: 'fix and extend this function' }, { history: [] }, stream, new AbortController().signal);
      assert.match(recorded[0], /^> \*Routed:\* code 0\.88 · top category coding 0\.44 → Fixture code\n/);
    } finally {
      config.dispose();
    }
  });

  it('Fix: routes the selection, shows a diff, and applies only after Accept', async function () {
    // The first routed request loads the router model; on a loaded machine that alone takes a while.
    this.timeout(150_000);
    fixture.enqueue({ kind: 'stream', tokens: ['Fixed:\n', '```js\n', 'const total = a + b;\n', '```\n'] });
    const document = await vscode.workspace.openTextDocument({ language: 'javascript', content: 'const total = a - b;\nconsole.log(total);\n' });
    const editor = await vscode.window.showTextDocument(document);
    const range = new vscode.Range(0, 0, 1, 0);
    editor.selection = new vscode.Selection(range.start, range.end);
    const running = vscode.commands.executeCommand<boolean>('coe.codeAction.fix', document.uri, range);
    await until(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) =>
      t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'coe-proposal') ?? undefined, 'the diff preview');
    assert.equal(document.getText(), 'const total = a - b;\nconsole.log(total);\n', 'nothing is written before Accept');
    await vscode.commands.executeCommand('coe.proposal.accept');
    assert.equal(await running, true);
    assert.equal(document.getText(), 'const total = a + b;\nconsole.log(total);\n');
  });

  it('Explain: asks in the chat panel with the selection attached', async function () {
    // The first routed request loads the router model; on a loaded machine that alone takes a while.
    this.timeout(150_000);
    const document = await vscode.workspace.openTextDocument({ language: 'python', content: 'def square(n):\n    return n * n\n' });
    await vscode.window.showTextDocument(document);
    const sent = fixture.requests.length;
    const done = await vscode.commands.executeCommand<boolean>('coe.codeAction.explain', document.uri, new vscode.Range(0, 0, 1, 16));
    assert.equal(done, true);
    const request = fixture.requests.slice(sent).find((r) => r.path === '/v1/chat/completions');
    assert.ok(request, 'the explanation was requested from an expert');
    const body = JSON.stringify(request.body);
    assert.match(body, /Explain what the attached python code does/);
    assert.match(body, /return n \* n/);
  });

  it('Write Tests: Reject leaves the file untouched', async function () {
    // The first routed request loads the router model; on a loaded machine that alone takes a while.
    this.timeout(150_000);
    fixture.enqueue({ kind: 'stream', tokens: ['```js\ntest("adds", () => {});\n```'] });
    const document = await vscode.workspace.openTextDocument({ language: 'javascript', content: 'function add(a, b) { return a + b; }\n' });
    await vscode.window.showTextDocument(document);
    const running = vscode.commands.executeCommand<boolean>('coe.codeAction.writeTests', document.uri, new vscode.Range(0, 0, 0, 36));
    await until(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) =>
      t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'coe-proposal') ?? undefined, 'the diff preview');
    await vscode.commands.executeCommand('coe.proposal.reject');
    assert.equal(await running, false);
    assert.equal(document.getText(), 'function add(a, b) { return a + b; }\n');
  });
});
