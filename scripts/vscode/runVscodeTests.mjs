// Runs test/vscode/suite/**/*.test.ts with Mocha inside the real extension host of a fresh code-server,
// driven by headless Chromium. Trusts only the results file written by test/vscode/index.ts.
// Usage: node scripts/vscode/runVscodeTests.mjs [--no-build] [--grep TEXT] [--keep] [--verbose]
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildVscodeTests } from './buildVscodeTests.mjs';
import { launchChromium, startCodeServer, workbenchUrl } from './codeServer.mjs';
import { installCodeServer } from './installCodeServer.mjs';
import { repoRoot, testResultsDir } from './paths.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const timeoutMs = Number(process.env.COE_VSCODE_TEST_TIMEOUT_MS ?? 480_000);
// Each run gets its own tests copy and results file (others may run the suite at the same time);
// the results are copied to test-results/vscode-integration.json at the end for people to read.
const runDir = path.join(repoRoot, 'out', 'test', 'vscode-runs', String(process.pid));
const resultsFile = path.join(runDir, 'results.json');
const publishedResults = path.join(testResultsDir, 'vscode-integration.json');
const say = (line) => process.stdout.write(`${line}\n`);

function buildExtension() {
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status})`);
}

/**
 * The workbench forwards its own log lines and the extension host's console through codeAutomationLog.
 * Without --verbose only what the test entry prints between its markers (and errors) reaches stdout.
 */
const WORKBENCH_CHATTER =
  /^(Ignoring fetching additional builtin extensions|Updating additional builtin extensions cache|Creation of workbench contribution|Extension host \(Remote\) is (un)?responsive)/;

function makeLogForwarder(verbose) {
  let inTests = false;
  return (type, message) => {
    const text = (Array.isArray(message) ? message.join(' ') : String(message)).replace(/\n$/, '');
    if (text.includes('[coe-vscode-tests] start')) inTests = true;
    if (!verbose && ((!inTests && type !== 'error') || WORKBENCH_CHATTER.test(text))) return;
    if (text.includes('[coe-vscode-tests] end')) inTests = false;
    if (!verbose && text.startsWith('[coe-vscode-tests]')) return;
    (type === 'error' || type === 'warn' ? process.stderr : process.stdout).write(`${text}\n`);
  };
}

function checkResults() {
  if (!existsSync(resultsFile)) {
    return { ok: false, passes: 0, failures: 1, reason: 'no results file: the extension host crashed or never ran the tests' };
  }
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  if (results.failures > 0) return { ok: false, passes: results.passes, failures: results.failures, reason: `${results.failures} test(s) failed` };
  if (!(results.passes > 0)) return { ok: false, passes: 0, failures: 1, reason: 'no test passed (were any found?)' };
  return { ok: true, passes: results.passes, failures: 0 };
}

async function main() {
  const started = Date.now();
  const phases = [];
  let phaseStart = started;
  const phase = (name) => {
    phases.push(`${name} ${((Date.now() - phaseStart) / 1000).toFixed(1)}`);
    phaseStart = Date.now();
  };
  rmSync(runDir, { recursive: true, force: true }); // a stale file must never pass for this run's results
  if (!flag('--no-build')) {
    buildExtension();
    phase('build');
  }
  const testsDir = path.join(runDir, 'tests');
  const { suites } = await buildVscodeTests(testsDir);
  if (suites === 0) throw new Error('no test/vscode/suite/**/*.test.ts files');
  phase('bundle-tests');
  installCodeServer({ log: say });
  const verbose = flag('--verbose');
  const grep = option('--grep');
  const server = await startCodeServer({
    label: 'vscode-tests',
    keep: flag('--keep'),
    env: {
      COE_VSCODE_TEST_RESULTS: resultsFile,
      ...(grep ? { COE_VSCODE_TEST_GREP: grep } : {}),
      // Mocha's symbols colour themselves when CI is set; keep logs plain unless a terminal reads them.
      ...(process.stdout.isTTY ? {} : { NO_COLOR: '1' }),
    },
  });
  phase('server');
  let browser;
  let exitCode;
  try {
    browser = await launchChromium({ home: server.home });
    phase('browser');
    const exited = new Promise((resolve) => {
      // Both must exist before the workbench script runs, i.e. before page.goto.
      void browser.page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
      browser.page.on('crash', () => resolve('browser page crashed'));
      browser.page.on('close', () => resolve('browser page closed'));
    });
    await browser.page.exposeFunction('codeAutomationLog', makeLogForwarder(verbose));
    if (verbose) browser.page.on('console', (m) => process.stderr.write(`[browser ${m.type()}] ${m.text()}\n`));
    const url = workbenchUrl(server, {
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: testsDir,
    });
    // Only the navigation must start here; readiness is the tests' exit call (generous under load).
    await browser.page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
    let timer;
    const timedOut = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    exitCode = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    phase('workbench+tests');
    if (exitCode === 'timeout') {
      say(`extension-host tests did not finish within ${timeoutMs / 1000} s; code-server log tail:\n${server.readLog().split('\n').slice(-30).join('\n')}`);
    }
  } finally {
    await browser?.stop();
    await server.stop();
    phase('teardown');
  }
  const verdict = checkResults();
  if (existsSync(resultsFile)) {
    mkdirSync(testResultsDir, { recursive: true });
    copyFileSync(resultsFile, `${publishedResults}.${process.pid}`);
    renameSync(`${publishedResults}.${process.pid}`, publishedResults);
  }
  if (!flag('--keep')) rmSync(runDir, { recursive: true, force: true });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  say(`vscode integration: ${verdict.passes} passed, ${verdict.failures} failed (workbench exit ${exitCode}, ${seconds} s: ${phases.join(' s, ')} s)`);
  if (!verdict.ok) say(`vscode integration FAILED: ${verdict.reason}`);
  return verdict.ok && exitCode === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`runVscodeTests: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
