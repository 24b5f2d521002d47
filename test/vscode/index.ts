// Entry that the workbench loads from `extensionTestsPath`: runs Mocha inside the real extension host.
// It writes a results file because the workbench reports an extension-host crash as success (exit 0);
// the driver (scripts/vscode/runVscodeTests.mjs) trusts only this file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

/** The driver forwards only lines between these markers, so workbench chatter stays out of test output. */
export const OUTPUT_START = '[coe-vscode-tests] start';
export const OUTPUT_END = '[coe-vscode-tests] end';

interface TestOutcome {
  title: string;
  file: string | undefined;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number | undefined;
  error?: string;
}

export interface IntegrationResults {
  passes: number;
  failures: number;
  pending: number;
  durationMs: number;
  tests: TestOutcome[];
}

function findSuiteFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findSuiteFiles(full);
    return entry.name.endsWith('.test.js') ? [full] : [];
  });
}

function resultsPath(): string {
  // out/test/vscode/index.js → <repo>/test-results/vscode-integration.json unless the driver says otherwise.
  return process.env.COE_VSCODE_TEST_RESULTS ?? path.resolve(__dirname, '..', '..', '..', 'test-results', 'vscode-integration.json');
}

function writeResults(file: string, results: IntegrationResults): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(results, null, 2));
  fs.renameSync(tmp, file);
}

export async function run(): Promise<void> {
  const started = Date.now();
  // The workbench forwards the message but drops printf-style arguments, so format before logging.
  Mocha.reporters.Base.consoleLog = (...parts: unknown[]) => console.log(format(...parts));
  console.log(OUTPUT_START);
  const grep = process.env.COE_VSCODE_TEST_GREP;
  // Generous: the shared 2-core machines here can slow a UI-heavy test several-fold.
  const timeout = Number(process.env.COE_VSCODE_TEST_PER_TEST_MS ?? 60_000);
  // One retry per test: these suites share one workbench and loopback fixtures, and a test can inherit a
  // slow model load or a late request from the one before; a test that fails twice still fails the run.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout, retries: 1, reporter: 'spec', ...(grep ? { grep } : {}) });
  const files = findSuiteFiles(path.join(__dirname, 'suite')).sort();
  for (const file of files) mocha.addFile(file);
  const outcomes: TestOutcome[] = [];
  const record = (test: Mocha.Test, state: TestOutcome['state'], error?: Error): void => {
    outcomes.push({
      title: test.fullTitle(),
      file: test.file ? path.relative(__dirname, test.file) : undefined,
      state,
      durationMs: test.duration,
      ...(error ? { error: error.stack ?? error.message } : {}),
    });
  };
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (test) => record(test, 'passed'));
    runner.on('fail', (test, error: Error) => record(test as Mocha.Test, 'failed', error));
    runner.on('pending', (test) => record(test, 'pending'));
  });
  console.log(OUTPUT_END);
  const count = (state: TestOutcome['state']): number => outcomes.filter((o) => o.state === state).length;
  writeResults(resultsPath(), {
    passes: count('passed'),
    // Hook failures are counted by Mocha but are not tests: keep whichever is larger.
    failures: Math.max(failures, count('failed')),
    pending: count('pending'),
    durationMs: Date.now() - started,
    tests: outcomes,
  });
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}
