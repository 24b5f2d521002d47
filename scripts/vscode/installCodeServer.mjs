// Installs code-server (a real VS Code workbench + Node extension host) into .vscode-test/code-server,
// offline apart from the npm registry. Idempotent: returns at once when the pinned version is present.
// Usage: node scripts/vscode/installCodeServer.mjs [--force]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CODE_SERVER_VERSION,
  cacheDir,
  codeServerBin,
  codeServerPrefix,
  installedMarker,
  makeThrowawayHome,
  originalHome,
} from './paths.mjs';

// Pinned by code-server 4.99.x/4.100.x through lib/vscode's @vscode/ripgrep.
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_TAG = 'v13.0.0-10';
const RIPGREP_TARGETS = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' };

export function isCodeServerInstalled() {
  return existsSync(installedMarker) && existsSync(codeServerBin);
}

function fail(message) {
  throw new Error(`installCodeServer: ${message}`);
}

function which(command) {
  const r = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/**
 * @vscode/ripgrep's postinstall downloads rg from GitHub unless its tarball is already in
 * $TMPDIR/vscode-ripgrep-cache-<version>/. A tarball holding Debian's rg satisfies it.
 */
function seedRipgrepCache(tmpDir) {
  const target = RIPGREP_TARGETS[process.arch];
  if (!target) fail(`no ripgrep mapping for arch ${process.arch}`);
  const rg = which('rg');
  if (!rg) fail('ripgrep (rg) is missing: apt-get install -y ripgrep');
  const dir = path.join(tmpDir, `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  mkdirSync(dir, { recursive: true });
  const tarball = path.join(dir, `ripgrep-${RIPGREP_TAG}-${target}.tar.gz`);
  if (existsSync(tarball)) return;
  const r = spawnSync('tar', ['czf', tarball, '-C', path.dirname(rg), path.basename(rg)], { stdio: 'inherit' });
  if (r.status !== 0) fail(`could not create ${tarball}`);
}

export function installCodeServer({ force = false, log = (m) => process.stderr.write(`${m}\n`) } = {}) {
  if (!force && isCodeServerInstalled()) {
    log(`code-server ${CODE_SERVER_VERSION} already installed in ${path.relative(process.cwd(), codeServerPrefix) || '.'}`);
    return codeServerBin;
  }
  if (process.platform !== 'linux') fail('this installer supports Linux only (use desktop VS Code elsewhere)');
  for (const tool of ['g++', 'make', 'python3']) {
    if (!which(tool)) fail(`${tool} is missing: native modules need it (apt-get install -y build-essential python3)`);
  }
  if (!existsSync('/usr/include/gssapi/gssapi.h') && !existsSync('/usr/include/gssapi.h')) {
    fail('Kerberos headers are missing (the kerberos module needs them): apt-get install -y libkrb5-dev');
  }
  const started = Date.now();
  const staging = `${codeServerPrefix}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  // An own package.json makes the staging folder the npm project root, away from the extension's.
  writeFileSync(path.join(staging, 'package.json'), JSON.stringify({ name: 'coe-code-server-cache', private: true }));
  const tmpDir = path.join(cacheDir, 'tmp');
  mkdirSync(tmpDir, { recursive: true });
  seedRipgrepCache(tmpDir);
  const { env: homeEnv, dispose: disposeHome } = makeThrowawayHome('install');
  const env = {
    ...process.env,
    ...homeEnv,
    TMPDIR: tmpDir,
    // Keep npm's download cache where it was, so a second install does not refetch ~300 MB.
    npm_config_cache: process.env.npm_config_cache ?? path.join(originalHome(), '.npm'),
    npm_config_yes: 'true', // node-pty runs `npx node-gyp`
    npm_config_nodedir: process.env.npm_config_nodedir ?? '/usr', // local headers, no download
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
  };
  log(`installing code-server ${CODE_SERVER_VERSION} (about a minute)…`);
  const npm = spawnSync(
    'npm',
    ['install', '--unsafe-perm', '--no-save', '--no-package-lock', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`],
    { cwd: staging, env, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  disposeHome();
  if (npm.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    fail(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${npm.status}); see the npm output above`);
  }
  if (!existsSync(path.join(staging, 'node_modules', 'code-server', 'out', 'node', 'entry.js'))) {
    fail('npm finished but code-server/out/node/entry.js is missing');
  }
  // Swap in atomically so an interrupted install never looks complete.
  rmSync(codeServerPrefix, { recursive: true, force: true });
  renameSync(staging, codeServerPrefix);
  writeFileSync(installedMarker, `${new Date().toISOString()} ${os.hostname()}\n`);
  log(`code-server ${CODE_SERVER_VERSION} installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return codeServerBin;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    installCodeServer({ force: process.argv.includes('--force') });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
