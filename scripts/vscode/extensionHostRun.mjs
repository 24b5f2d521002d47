// One extension-host run: a fresh code-server on a folder, headless Chromium loading the extension
// with the Mocha entry as extensionTestsPath, then the verdict from the results file the entry writes
// (the workbench reports an extension-host crash as exit 0, so the exit code alone proves nothing).
import { existsSync, readFileSync } from 'node:fs';
import { launchChromium, startCodeServer, workbenchUrl } from './codeServer.mjs';
import { repoRoot } from './paths.mjs';

/**
 * The workbench forwards its own log lines and the extension host's console through codeAutomationLog.
 * Without --verbose only what the test entry prints between its markers (and errors) reaches stdout.
 */
const WORKBENCH_CHATTER =
  /^(Ignoring fetching additional builtin extensions|Updating additional builtin extensions cache|Creation of workbench contribution|Extension host \(Remote\) is (un)?responsive)/;

function makeLogForwarder(verbose, print) {
  let inTests = false;
  return (type, message) => {
    const text = (Array.isArray(message) ? message.join(' ') : String(message)).replace(/\n$/, '');
    if (text.includes('[coe-vscode-tests] start')) inTests = true;
    if (!verbose && ((!inTests && type !== 'error') || WORKBENCH_CHATTER.test(text))) return;
    if (text.includes('[coe-vscode-tests] end')) inTests = false;
    if (!verbose && text.startsWith('[coe-vscode-tests]')) return;
    print(text, type === 'error' || type === 'warn');
  };
}

/**
 * Passes only with a results file that reports no failure and at least one pass. With a grep, a run in
 * which no test matched is `empty` (not a failure by itself; the caller requires a pass somewhere).
 */
export function checkResults(resultsFile, { grep } = {}) {
  if (!existsSync(resultsFile)) {
    return { ok: false, passes: 0, failures: 1, reason: 'no results file: the extension host crashed or never ran the tests' };
  }
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  if (results.failures > 0) return { ok: false, passes: results.passes, failures: results.failures, reason: `${results.failures} test(s) failed` };
  if (grep && results.tests.length === 0) return { ok: true, empty: true, passes: 0, failures: 0 };
  if (!(results.passes > 0)) return { ok: false, passes: 0, failures: 1, reason: 'no test passed (were any found?)' };
  return { ok: true, passes: results.passes, failures: 0 };
}

/**
 * One workbench with an extensionTestsPath entry: a fresh code-server (`server` options), headless Chromium
 * loading `extensionDevelopmentPath` with `entryDir` as extensionTestsPath, until the workbench's exit call,
 * a crash, or `timeoutMs`. What the entry wrote is the caller's to read; `logTail` is the end of the
 * code-server log, taken before the server's folder goes.
 * @param {{label: string, entryDir: string, extensionDevelopmentPath?: string, timeoutMs: number,
 *          server?: import('./codeServer.mjs').StartCodeServerOptions, onLog?: (type: string, message: unknown) => void,
 *          onConsole?: (message: import('playwright-core').ConsoleMessage) => void,
 *          onPage?: (page: import('playwright-core').Page) => void, phase?: (name: string) => void}} options
 * @returns {Promise<{exitCode: number | string | undefined, logTail: string}>}
 */
export async function runWorkbenchEntry(options) {
  const { label, entryDir, extensionDevelopmentPath = repoRoot, timeoutMs, phase = () => undefined } = options;
  const server = await startCodeServer({ ...options.server, label });
  phase('server');
  let browser;
  let exitCode;
  let logTail = '';
  try {
    browser = await launchChromium({ home: server.home });
    phase('browser');
    const exited = new Promise((resolve) => {
      // Both must exist before the workbench script runs, i.e. before page.goto.
      void browser.page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
      browser.page.on('crash', () => resolve('browser page crashed'));
      browser.page.on('close', () => resolve('browser page closed'));
    });
    await browser.page.exposeFunction('codeAutomationLog', options.onLog ?? (() => undefined));
    if (options.onConsole) browser.page.on('console', options.onConsole);
    const url = workbenchUrl(server, { extensionDevelopmentPath, extensionTestsPath: entryDir });
    // Only the navigation must start here; readiness is the entry's exit call (generous under load).
    await browser.page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
    options.onPage?.(browser.page);
    let timer;
    const timedOut = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    exitCode = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    phase('workbench+tests');
    logTail = server.readLog().split('\n').slice(-30).join('\n');
  } finally {
    await browser?.stop();
    await server.stop();
    phase('teardown');
  }
  return { exitCode, logTail };
}

/**
 * Runs the bundled entry in `testsDir` (index.js + suite/) once.
 * @param {{label: string, testsDir: string, resultsFile: string, folder?: string, userSettings?: object,
 *          workspaceTrust?: boolean, env?: object, grep?: string, verbose?: boolean, keep?: boolean,
 *          timeoutMs: number, print: (line: string, isError?: boolean) => void,
 *          onPage?: (page: import('playwright-core').Page) => Promise<void>}} options
 * @returns {Promise<{exitCode: number | string | undefined, verdict: ReturnType<typeof checkResults>, phases: string[]}>}
 */
export async function runExtensionHostTests(options) {
  const { label, testsDir, resultsFile, grep, verbose = false, timeoutMs, print } = options;
  const phases = [];
  let phaseStart = Date.now();
  const phase = (name) => {
    phases.push(`${name} ${((Date.now() - phaseStart) / 1000).toFixed(1)}`);
    phaseStart = Date.now();
  };
  let exitCode;
  const { exitCode: code, logTail } = await runWorkbenchEntry({
    label,
    entryDir: testsDir,
    timeoutMs,
    phase,
    server: {
      keep: options.keep,
      workspace: options.folder,
      userSettings: options.userSettings,
      workspaceTrust: options.workspaceTrust,
      env: {
        ...options.env,
        COE_VSCODE_TEST_RESULTS: resultsFile,
        ...(grep ? { COE_VSCODE_TEST_GREP: grep } : {}),
        // Mocha's symbols colour themselves when CI is set; keep logs plain unless a terminal reads them.
        ...(process.stdout.isTTY ? {} : { NO_COLOR: '1' }),
      },
    },
    onLog: makeLogForwarder(verbose, print),
    ...(verbose ? { onConsole: (m) => print(`[browser ${m.type()}] ${m.text()}`, true) } : {}),
    // What a user would do in the workbench while the suite runs (the suite waits for its effect).
    onPage: (page) => {
      options.onPage?.(page).catch((error) => {
        if (exitCode === undefined) print(`${label}: the workbench step beside the tests failed: ${error instanceof Error ? error.message : String(error)}`, true);
      });
    },
  });
  exitCode = code;
  if (exitCode === 'timeout') {
    print(`extension-host tests did not finish within ${timeoutMs / 1000} s; code-server log tail:\n${logTail}`);
  }
  return { exitCode, verdict: checkResults(resultsFile, { grep }), phases };
}
