// Shared locations and environment for the real-VS Code harness (see docs on code-server in the README).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
export const CODE_SERVER_VERSION = '4.99.4';
export const cacheDir = path.join(repoRoot, '.vscode-test');
export const codeServerPrefix = path.join(cacheDir, 'code-server');
export const codeServerBin = path.join(codeServerPrefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const installedMarker = path.join(codeServerPrefix, `.installed-${CODE_SERVER_VERSION}`);
export const chromiumPath = process.env.COE_CHROMIUM ?? '/usr/bin/chromium';
export const testResultsDir = path.join(repoRoot, 'test-results');

/**
 * A throw-away HOME with XDG folders inside it. code-server and Chromium write into $HOME on every start;
 * pointing them here keeps the user's real profile untouched and every run independent.
 * The runtime dir lives in the system temp dir because VS Code's IPC socket paths must stay < 108 chars.
 */
export function makeThrowawayHome(label, fixedHome) {
  mkdirSync(path.join(cacheDir, 'tmp'), { recursive: true });
  const home = fixedHome ?? mkdtempSync(path.join(cacheDir, 'tmp', `${label}-`));
  const runtimeDir = mkdtempSync(path.join(os.tmpdir(), 'coe-rt-'));
  const env = {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    XDG_RUNTIME_DIR: runtimeDir,
  };
  for (const dir of Object.values(env)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const dispose = ({ keepHome = false } = {}) => {
    if (!keepHome) rmSync(home, { recursive: true, force: true });
    rmSync(runtimeDir, { recursive: true, force: true });
  };
  return { home, env, dispose };
}

export function originalHome() {
  return process.env.HOME ?? os.homedir();
}
