// `npm test`: every check and test runner in order, output streamed, one summary at the end.
// The last line is exactly `N passed, N failed` (tests of all runners; a failed check such as lint, or a
// runner that crashed before reporting, counts as one failure so the line never hides a red step).
// Usage: node scripts/test-all.mjs [--skip STEP,STEP]   steps: typecheck lint unit build vscode ui
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const skipIndex = process.argv.indexOf('--skip');
const skipped = new Set(skipIndex > 0 ? (process.argv[skipIndex + 1] ?? '').split(',') : []);
const stripAnsi = (text) => text.replace(/\x1b\[[0-9;]*m/g, '');

/** node:test's spec reporter ends with `ℹ pass N` / `ℹ fail N` (cancelled tests count as failed). */
function nodeTestCounts(output) {
  const last = (name) => {
    const all = [...stripAnsi(output).matchAll(new RegExp(`^ℹ ${name} (\\d+)$`, 'gm'))];
    return all.length > 0 ? Number(all.at(-1)[1]) : undefined;
  };
  const passed = last('pass');
  if (passed === undefined) return undefined;
  return { passed, failed: (last('fail') ?? 0) + (last('cancelled') ?? 0) };
}

/** The extension-host runner ends with `vscode integration: N passed, M failed`. */
function vscodeCounts(output) {
  const all = [...stripAnsi(output).matchAll(/^vscode integration: (\d+) passed, (\d+) failed/gm)];
  return all.length > 0 ? { passed: Number(all.at(-1)[1]), failed: Number(all.at(-1)[2]) } : undefined;
}

const steps = [
  { name: 'typecheck', command: ['npm', 'run', '--silent', 'typecheck'] },
  { name: 'lint', command: ['npm', 'run', '--silent', 'lint'] },
  { name: 'unit', command: ['npm', 'run', '--silent', 'test:unit'], counts: nodeTestCounts },
  { name: 'build', command: ['npm', 'run', '--silent', 'build'] },
  { name: 'vscode', command: ['node', 'scripts/vscode/runVscodeTests.mjs', '--no-build'], counts: vscodeCounts, needs: 'build' },
  { name: 'ui', command: ['node', 'scripts/vscode/runUiTests.mjs', '--no-build'], counts: nodeTestCounts, needs: 'build' },
];

function runStreaming(command) {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(command[0], command.slice(1), {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...(process.stdout.isTTY ? { FORCE_COLOR: '1' } : {}) },
    });
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    child.on('error', (error) => resolve({ code: 127, output: `${output}\n${error.message}` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

const results = [];
for (const step of steps) {
  if (skipped.has(step.name)) {
    results.push({ ...step, status: 'skipped', passed: 0, failed: 0, seconds: 0 });
    continue;
  }
  const prerequisite = results.find((r) => r.name === step.needs);
  if (prerequisite && prerequisite.status === 'failed') {
    results.push({ ...step, status: 'failed', passed: 0, failed: 1, seconds: 0, note: `not run: ${step.needs} failed` });
    continue;
  }
  process.stdout.write(`\n━━━ ${step.name}: ${step.command.join(' ')}\n`);
  const started = Date.now();
  const { code, output } = await runStreaming(step.command);
  const seconds = (Date.now() - started) / 1000;
  const counts = step.counts?.(output);
  let failed = counts?.failed ?? 0;
  // A non-zero exit with no failing test reported (crash, timeout, lint error) still counts once.
  if (code !== 0 && failed === 0) failed = 1;
  results.push({ ...step, status: code === 0 && failed === 0 ? 'ok' : 'failed', passed: counts?.passed ?? 0, failed, seconds });
}

process.stdout.write('\n━━━ summary\n');
for (const r of results) {
  const tests = r.counts ? ` ${r.passed} passed, ${r.failed} failed` : '';
  const note = r.note ? ` (${r.note})` : '';
  process.stdout.write(`${r.status.padEnd(7)} ${r.name.padEnd(10)} ${r.seconds.toFixed(1).padStart(6)} s${tests}${note}\n`);
}
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 ? 1 : 0);
