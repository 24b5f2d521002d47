// `npm run package [-- --target T]`: a platform-specific .vsix that carries only T's onnxruntime binaries.
// The real node_modules is untouched: vsce gets a copy of .vscodeignore whose binary line names T only.
// Usage: node scripts/vscode/package.mjs [--target linux-x64] [--out FILE.vsix]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './paths.mjs';

// vsce target → onnxruntime-node's bin/napi-v*/<platform>/<arch> folder. Alpine (musl), darwin-x64,
// linux-armhf and web have no onnxruntime-node binary, so they are refused rather than shipped broken.
const ORT_FOLDERS = {
  'linux-x64': 'linux/x64',
  'linux-arm64': 'linux/arm64',
  'win32-x64': 'win32/x64',
  'win32-arm64': 'win32/arm64',
  'darwin-arm64': 'darwin/arm64',
};
// npm flattens the macOS symlink libonnxruntime.1.30.0.dylib into a second 43 MB copy; the binding
// loads @rpath/libonnxruntime.1.dylib, so only that one ships. Other targets ship their whole folder.
const ORT_FILES = { 'darwin-arm64': ['onnxruntime_binding.node', 'libonnxruntime.1.dylib'] };
const ALL_BINARIES_LINE = '!node_modules/onnxruntime-node/bin/**';
const SIZE_TARGET_MB = 25;

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const say = (line) => process.stdout.write(`${line}\n`);

function fail(message) {
  process.stderr.write(`package: ${message}\n`);
  process.exit(1);
}

function run(command, commandArgs) {
  const r = spawnSync(command, commandArgs, { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) fail(`${path.basename(command)} ${commandArgs.join(' ')} failed (exit ${r.status})`);
}

const target = option('--target') ?? process.env.COE_VSIX_TARGET ?? 'linux-x64';
const ortFolder = ORT_FOLDERS[target];
if (!ortFolder) fail(`unsupported target "${target}"; supported: ${Object.keys(ORT_FOLDERS).join(', ')}`);
const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const outFile = path.resolve(option('--out') ?? path.join(repoRoot, `${manifest.name}-${manifest.version}-${target}.vsix`));

const baseIgnore = readFileSync(path.join(repoRoot, '.vscodeignore'), 'utf8');
if (!baseIgnore.split('\n').some((line) => line.trim() === ALL_BINARIES_LINE)) {
  fail(`.vscodeignore must contain the line "${ALL_BINARIES_LINE}" (it is replaced per target)`);
}
const binaryLines = (ORT_FILES[target] ?? ['**']).map((file) => `!node_modules/onnxruntime-node/bin/napi-v*/${ortFolder}/${file}`);
const targetIgnore = baseIgnore
  .split('\n')
  .flatMap((line) => (line.trim() === ALL_BINARIES_LINE ? binaryLines : [line]))
  .join('\n');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'coe-package-'));
const ignoreFile = path.join(tmp, '.vscodeignore');
writeFileSync(ignoreFile, targetIgnore);

const started = Date.now();
say(`building (production) for ${target}…`);
run(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs'), '--production']);
const vsce = path.join(repoRoot, 'node_modules', '.bin', 'vsce');
run(vsce, [
  'package',
  '--target', target,
  '--ignoreFile', ignoreFile,
  '--out', outFile,
  '--allow-missing-repository',
  '--no-rewrite-relative-links', // no public repository URL to rewrite README links against
  ...(existsSync(path.join(repoRoot, 'LICENSE')) ? [] : ['--skip-license']),
]);
rmSync(tmp, { recursive: true, force: true });

// Prove the platform pruning worked rather than trusting the ignore file.
const listing = spawnSync('unzip', ['-Z1', outFile], { encoding: 'utf8' });
if (listing.status === 0) {
  const binaries = listing.stdout.split('\n').filter((f) => /onnxruntime-node\/bin\//.test(f));
  const foreign = binaries.filter((f) => !f.includes(`/${ortFolder}/`));
  if (foreign.length > 0) fail(`other platforms' binaries slipped in: ${foreign.join(', ')}`);
  if (!binaries.some((f) => f.endsWith('onnxruntime_binding.node'))) fail(`no onnxruntime binding for ${target} in the package`);
} else {
  say('(unzip not found: skipped checking the package contents)');
}
// On a matching host, route one prompt with the packaged CLI: proves the pruned onnxruntime and the
// bundled router model load from the package alone.
if (listing.status === 0 && target === `${process.platform}-${process.arch}`) {
  const unpacked = mkdtempSync(path.join(os.tmpdir(), 'coe-vsix-'));
  spawnSync('unzip', ['-q', outFile, 'extension/*', '-d', unpacked]);
  const cli = path.join(unpacked, 'extension', 'dist', 'cli.js');
  const routed = spawnSync(process.execPath, [cli, 'route', '--json', 'write a function that reverses a list'], { encoding: 'utf8' });
  rmSync(unpacked, { recursive: true, force: true });
  let decision;
  try {
    decision = JSON.parse(routed.stdout);
  } catch {
    fail(`the packaged CLI could not route (exit ${routed.status}): ${routed.stderr.trim().slice(0, 500)}`);
  }
  if (decision.fallbackReason === 'classifierError') {
    fail(`the packaged router failed to load: ${decision.fallbackDetail ?? 'classifierError'}`);
  }
  say(`packaged router check: "${decision.category}" → expert ${decision.expert} (${decision.latencyMs?.toFixed?.(2) ?? '?'} ms)`);
}
const sizeMb = statSync(outFile).size / 1024 / 1024;
say(`${path.relative(process.cwd(), outFile)}: ${sizeMb.toFixed(1)} MB for ${target} (target ≤ ${SIZE_TARGET_MB} MB), ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (sizeMb > SIZE_TARGET_MB) say(`warning: the package is larger than ${SIZE_TARGET_MB} MB`);
