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
const result = spawnSync(
  process.execPath,
  [
    '--import', 'tsx',
    '--test',
    '--test-concurrency=1', // two cores: one workbench at a time keeps timings honest
    `--test-timeout=${perTestTimeoutMs}`,
    '--test-reporter=spec',
    ...files,
  ],
  { cwd: repoRoot, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
