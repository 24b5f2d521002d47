// Runs test/ui/**/*.ui.ts (node:test through tsx, one file at a time: each starts its own code-server
// and Chromium) against the built extension. Screenshots land in test-results/screenshots/.
// Usage: node scripts/vscode/runUiTests.mjs [--no-build] [FILTER...]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { installCodeServer } from './installCodeServer.mjs';
import { repoRoot } from './paths.mjs';

const args = process.argv.slice(2);
const filters = args.filter((a) => !a.startsWith('--'));
// node:test applies this to each file as a whole too, so it must cover a whole file on a busy machine.
const perTestTimeoutMs = Number(process.env.COE_UI_TEST_TIMEOUT_MS ?? 600_000);

function findUiTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findUiTests(full);
    return entry.name.endsWith('.ui.ts') ? [full] : [];
  });
}

const files = findUiTests(path.join(repoRoot, 'test', 'ui'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  process.stderr.write('no test/ui/**/*.ui.ts files matched\n');
  process.exit(1);
}
if (!args.includes('--no-build')) {
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
try {
  installCodeServer({ log: (line) => process.stdout.write(`${line}\n`) });
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
const stripAnsi = (text) => text.replace(/\x1b\[[0-9;]*m/g, '');
const lastCount = (output, name) => {
  const all = [...stripAnsi(output).matchAll(new RegExp(`^ℹ ${name} (\\d+)$`, 'gm'))];
  return all.length > 0 ? Number(all.at(-1)[1]) : undefined;
};

/** One file in its own node:test process, output streamed and kept for its counts. */
function runFile(file) {
  const run = spawnSync(
    process.execPath,
    [
      '--import', 'tsx',
      '--test',
      '--test-concurrency=1', // two cores: one workbench at a time keeps timings honest
      `--test-timeout=${perTestTimeoutMs}`,
      '--test-reporter=spec',
      file,
    ],
    { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 },
  );
  process.stdout.write(run.stdout ?? '');
  process.stderr.write(run.stderr ?? '');
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  const passed = lastCount(output, 'pass') ?? 0;
  const failed = (lastCount(output, 'fail') ?? 0) + (lastCount(output, 'cancelled') ?? 0);
  return { ok: run.status === 0 && failed === 0, passed, failed: run.status !== 0 && failed === 0 ? 1 : failed };
}

// Headless code-server sometimes never loads one of several webview views (an empty frame with no error),
// on a busy machine more often. A file that fails is run once more on a fresh server and browser; the
// retry is printed, and a file that fails twice fails the run.
let passed = 0;
let failed = 0;
const retried = [];
for (const file of files) {
  const name = path.relative(repoRoot, file);
  process.stdout.write(`\n── ${name}\n`);
  let outcome = runFile(file);
  if (!outcome.ok) {
    retried.push(name);
    process.stdout.write(`\n── ${name} failed (${outcome.failed}); running it once more on a fresh workbench\n`);
    outcome = runFile(file);
  }
  passed += outcome.passed;
  failed += outcome.failed;
}
if (retried.length > 0) process.stdout.write(`\nretried once: ${retried.join(', ')}\n`);
// The same summary lines node:test prints, for scripts/test-all.mjs.
process.stdout.write(`ℹ pass ${passed}\nℹ fail ${failed}\n`);
process.exit(failed === 0 ? 0 : 1);
