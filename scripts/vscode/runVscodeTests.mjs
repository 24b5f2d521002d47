// Runs Mocha inside the real extension host of fresh code-servers, driven by headless Chromium, and trusts
// only the results file each run's entry (test/vscode/index.ts) writes. Two runs, started together:
//   main   test/vscode/suite/**/*.test.ts on an empty folder, workspace trust off (as most users run);
//   trust  test/vscode/trust/**/*.test.ts on a copy of test/fixtures/workspace-trust with workspace trust
//          ON and the folder not trusted (Restricted Mode); when the suite opens the Workspace Trust
//          editor, this driver clicks its "Trust" button as a user would, and the suite checks that the
//          workspace values then apply. The trust run is short and overlaps the main run's waits.
// Usage: node scripts/vscode/runVscodeTests.mjs [--no-build] [--grep TEXT] [--runs main,trust] [--keep] [--verbose]
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildVscodeTests } from './buildVscodeTests.mjs';
import { freePort } from './codeServer.mjs';
import { runExtensionHostTests } from './extensionHostRun.mjs';
import { installCodeServer } from './installCodeServer.mjs';
import { repoRoot, testResultsDir } from './paths.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const timeoutMs = Number(process.env.COE_VSCODE_TEST_TIMEOUT_MS ?? 480_000);
// Each invocation gets its own tests copies and results files (others may run the suites at the same
// time); results are copied to test-results/vscode-integration*.json at the end for people to read.
const runDir = path.join(repoRoot, 'out', 'test', 'vscode-runs', String(process.pid));
const say = (line) => process.stdout.write(`${line}\n`);
const ALL_RUNS = ['main', 'trust'];
const TRUST_FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'workspace-trust');

function buildExtension() {
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status})`);
}

/**
 * The user's own (global) CoE settings in the trust runs: what Restricted Mode must fall back to for the
 * restricted settings. Its expert points at the same recording endpoint under /user/, so the test can
 * tell from each request whose settings sent it.
 */
function userCoeSettings(probePort) {
  return {
    'coe.experts': [{
      id: 'user-general', kind: 'openai', baseUrl: `http://127.0.0.1:${probePort}/user/v1`, model: 'user-model',
      totalParams: 8e9, headers: { 'x-coe-origin': 'user' },
    }],
    'coe.generalist': 'user-general',
    'coe.categoryTable': { code: ['user-general'], math: ['user-general'], general: ['user-general'] },
  };
}

/** Trust on, nothing trusted yet, and no modal or banner that would wait for a click. */
const RESTRICTED_MODE_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.emptyWindow': false,
};

/**
 * Plays the user in the Workspace Trust editor the suite opens (`workbench.trust.manage`): clicks "Trust"
 * (the wrapper's aria-label also names the shortcut; "Trust Parent" is another button). Ends with the run.
 */
async function grantTrustWhenAsked(page, timeoutMs) {
  const trustButton = page.locator('.workspace-trust-editor .workspace-trust-buttons .monaco-description-button[aria-label^="Trust,"] .monaco-button');
  await trustButton.waitFor({ state: 'visible', timeout: timeoutMs });
  await trustButton.click();
}

/** A fresh copy of the fixture folder (the test must not edit the repository's) with the probe's port. */
async function trustRun(testsDir) {
  const dir = path.join(runDir, 'trust');
  const folder = path.join(dir, 'workspace');
  cpSync(TRUST_FIXTURE, folder, { recursive: true });
  const probePort = await freePort();
  const settingsFile = path.join(folder, '.vscode', 'settings.json');
  writeFileSync(settingsFile, readFileSync(settingsFile, 'utf8').replaceAll('__PROBE_PORT__', String(probePort)));
  return {
    name: 'trust',
    label: 'vscode-trust',
    testsDir,
    resultsFile: path.join(dir, 'results.json'),
    folder,
    workspaceTrust: true,
    userSettings: { ...userCoeSettings(probePort), ...RESTRICTED_MODE_SETTINGS },
    env: { COE_TRUST_PROBE_PORT: String(probePort) },
    onPage: (page) => grantTrustWhenAsked(page, timeoutMs),
  };
}

function publish(run) {
  if (!existsSync(run.resultsFile)) return;
  const target = path.join(testResultsDir, run.name === 'main' ? 'vscode-integration.json' : `vscode-integration-${run.name}.json`);
  mkdirSync(testResultsDir, { recursive: true });
  copyFileSync(run.resultsFile, `${target}.${process.pid}`);
  renameSync(`${target}.${process.pid}`, target);
}

async function main() {
  const started = Date.now();
  const runs = (option('--runs') ?? ALL_RUNS.join(',')).split(',');
  const unknown = runs.filter((r) => !ALL_RUNS.includes(r));
  if (unknown.length > 0 || runs.length === 0) throw new Error(`--runs takes a list of ${ALL_RUNS.join(', ')}; got ${unknown.join(', ')}`);
  rmSync(runDir, { recursive: true, force: true }); // a stale file must never pass for this run's results
  if (!flag('--no-build')) buildExtension();
  const buildSeconds = (Date.now() - started) / 1000;

  const planned = [];
  if (runs.includes('main')) {
    const testsDir = path.join(runDir, 'main', 'tests');
    const { suites } = await buildVscodeTests(testsDir);
    if (suites === 0) throw new Error('no test/vscode/suite/**/*.test.ts files');
    planned.push({ name: 'main', label: 'vscode-tests', testsDir, resultsFile: path.join(runDir, 'main', 'results.json') });
  }
  if (runs.includes('trust')) {
    const testsDir = path.join(runDir, 'trust', 'tests');
    const { suites } = await buildVscodeTests(testsDir, { suiteDir: 'trust' });
    if (suites === 0) throw new Error('no test/vscode/trust/**/*.test.ts files');
    planned.push(await trustRun(testsDir));
  }
  installCodeServer({ log: say });

  // The runs start together: the trust run is short, mostly workbench start-up, which overlaps the main
  // run's waits. Output of every run but the first is held back and printed whole, in order.
  const common = { grep: option('--grep'), verbose: flag('--verbose'), keep: flag('--keep'), timeoutMs };
  const runsUnderWay = planned.map((run, index) => {
    const held = [];
    const write = (line, isError) => (isError ? process.stderr : process.stdout).write(`${line}\n`);
    const outcome = runExtensionHostTests({
      ...common,
      ...run,
      print: index === 0 ? write : (line, isError) => held.push([`[${run.name}] ${line.replaceAll('\n', `\n[${run.name}] `)}`, isError]),
    }).then((result) => ({ run, ...result }));
    return { outcome, flush: () => held.splice(0).forEach(([line, isError]) => write(line, isError)) };
  });
  const outcomes = [];
  for (const { outcome, flush } of runsUnderWay) {
    outcomes.push(await outcome);
    flush();
  }

  for (const { run, verdict, exitCode, phases } of outcomes) {
    publish(run);
    const status = verdict.empty ? 'no test matched --grep' : `${verdict.passes} passed, ${verdict.failures} failed`;
    say(`vscode integration (${run.name}): ${status} (workbench exit ${exitCode}: ${phases.join(' s, ')} s)`);
    if (!verdict.ok) say(`vscode integration (${run.name}) FAILED: ${verdict.reason}`);
    else if (exitCode !== 0) say(`vscode integration (${run.name}) FAILED: the workbench exited with ${exitCode}`);
  }
  if (!flag('--keep')) rmSync(runDir, { recursive: true, force: true });
  const passes = outcomes.reduce((sum, o) => sum + o.verdict.passes, 0);
  const failedRuns = outcomes.filter((o) => !o.verdict.ok || o.exitCode !== 0);
  // A run that failed without a failing test (crash, timeout, nothing found) counts once.
  const failures = Math.max(passes === 0 ? 1 : 0,
    outcomes.reduce((sum, o) => sum + o.verdict.failures, 0) + failedRuns.filter((o) => o.verdict.failures === 0).length);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  // The last line, read by scripts/test-all.mjs: every run's tests together.
  say(`vscode integration: ${passes} passed, ${failures} failed (${outcomes.length} run(s), ${seconds} s, build ${buildSeconds.toFixed(1)} s)`);
  if (passes === 0) say('vscode integration FAILED: no test passed in any run (were any found?)');
  return failedRuns.length === 0 && passes > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`runVscodeTests: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
