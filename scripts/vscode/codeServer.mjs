// Library: a fresh code-server per run (own process group, own profile) and a quiet headless Chromium.
// A reused server leaks extension hosts between runs, so every caller gets its own and must stop() it.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { codeServerBin, chromiumPath, makeThrowawayHome } from './paths.mjs';

const DEFAULT_USER_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
};

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForHealth(baseUrl, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await sleep(150);
  }
  return false;
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // group already gone
  }
}

function groupAlive(pid) {
  return killGroup(pid, 0);
}

// Servers run in their own session, so a signal to this process (Ctrl-C, a test runner's timeout kill)
// does not reach them: end them here. 'exit' covers normal ends; signals need their own handlers.
const liveGroups = new Set();
let signalsHooked = false;
function trackGroup(pid) {
  liveGroups.add(pid);
  if (signalsHooked) return;
  signalsHooked = true;
  process.on('exit', () => liveGroups.forEach((p) => killGroup(p, 'SIGKILL')));
  for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
    process.on(signal, () => {
      liveGroups.forEach((p) => killGroup(p, 'SIGKILL'));
      liveGroups.clear();
      // Someone else (npm start) handles the signal and exits; otherwise keep the default: exit.
      if (process.listenerCount(signal) === 1) process.exit(128 + number);
    });
  }
}

/**
 * Starts code-server on a free 127.0.0.1 port in its own session (setsid via `detached`), so stop()
 * can end the whole group: extension hosts, file watchers, pty hosts.
 * `stateDir` (for `npm start`) keeps profile and extensions between runs; tests leave it unset.
 * `workspaceTrust: true` leaves out `--disable-workspace-trust`, so `security.workspace.trust.*` in
 * `userSettings` apply (the default user settings turn trust off).
 * @param {{label?: string, workspace?: string, userSettings?: object, env?: object, keep?: boolean,
 *          stateDir?: string, port?: number, healthTimeoutMs?: number, workspaceTrust?: boolean,
 *          log?: (line: string) => void}} [options]
 */
export async function startCodeServer(options = {}) {
  const { label = 'code-server', userSettings = {}, healthTimeoutMs = 60_000 } = options;
  const keep = options.keep ?? Boolean(options.stateDir);
  const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  if (!existsSync(codeServerBin)) {
    throw new Error('code-server is not installed: run `node scripts/vscode/installCodeServer.mjs`');
  }
  const { home, env: homeEnv, dispose: disposeHome } = makeThrowawayHome(label, options.stateDir);
  const userDataDir = path.join(home, 'user-data');
  const extensionsDir = path.join(home, 'extensions');
  const workspace = options.workspace ?? path.join(home, 'workspace');
  for (const dir of [path.join(userDataDir, 'User'), extensionsDir, workspace]) mkdirSync(dir, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  // A kept profile keeps the user's own settings; only a fresh one gets the quiet defaults.
  if (!options.stateDir || !existsSync(settingsFile)) {
    writeFileSync(settingsFile, JSON.stringify({ ...DEFAULT_USER_SETTINGS, ...userSettings }, null, 2));
  }
  const logFile = path.join(home, 'code-server.log');
  const env = { ...process.env, ...homeEnv, ...options.env, EXTENSIONS_GALLERY: '{}', TMPDIR: path.join(home, 'tmp') };
  mkdirSync(env.TMPDIR, { recursive: true });
  delete env.VSCODE_IPC_HOOK_CLI; // when started from a VS Code terminal, don't talk to that editor

  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const port = options.port ?? (await freePort());
    const baseUrl = `http://127.0.0.1:${port}`;
    const out = createWriteStream(logFile, { flags: 'a' });
    const child = spawn(
      process.execPath,
      [
        codeServerBin,
        '--bind-addr', `127.0.0.1:${port}`,
        '--auth', 'none',
        '--user-data-dir', userDataDir,
        '--extensions-dir', extensionsDir,
        '--disable-telemetry',
        '--disable-update-check',
        // Trust stays off unless a run is about it (then its userSettings decide and nothing is trusted yet).
        ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
        '--disable-getting-started-override',
        '--ignore-last-opened',
        workspace,
      ],
      { env, cwd: home, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    trackGroup(child.pid);
    if (await waitForHealth(baseUrl, child, healthTimeoutMs)) {
      const server = {
        port, baseUrl, home, userDataDir, extensionsDir, workspace, env, logFile, pid: child.pid,
        /** `vscode-remote://` URI for a server path: the extension then runs in the server's Node host. */
        remoteUri: (absPath) => `vscode-remote://127.0.0.1:${port}${absPath}`,
        readLog: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
        async stop() {
          killGroup(child.pid, 'SIGTERM');
          for (let i = 0; i < 30 && groupAlive(child.pid); i += 1) await sleep(100);
          killGroup(child.pid, 'SIGKILL');
          liveGroups.delete(child.pid);
          out.end();
          disposeHome({ keepHome: keep });
        },
      };
      return server;
    }
    killGroup(child.pid, 'SIGKILL');
    liveGroups.delete(child.pid);
    out.end();
    log(`code-server did not become healthy on port ${port} (attempt ${attempt}); log tail:\n${tail(logFile)}`);
    if (options.port) break; // a fixed port that is taken will not free itself
  }
  disposeHome({ keepHome: true });
  throw new Error(`code-server failed to start; see ${logFile}`);
}

function tail(file, lines = 20) {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n') : '(no log)';
}

/**
 * Workbench URL that loads one extension from source (only one extensionDevelopmentPath is honoured)
 * and, optionally, runs the Mocha entry at extensionTestsPath inside the real extension host.
 */
export function workbenchUrl(server, { folder = server.workspace, extensionDevelopmentPath, extensionTestsPath } = {}) {
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', server.remoteUri(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', server.remoteUri(extensionTestsPath)]);
  const query = new URLSearchParams({ folder });
  if (payload.length > 0) query.set('payload', JSON.stringify(payload));
  return `${server.baseUrl}/?${query.toString()}`;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // Everything but loopback resolves to nothing: proves the workbench needs no network.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

/**
 * Headless Debian Chromium through playwright-core with a fresh profile under `home`.
 * @returns {Promise<{context: import('playwright-core').BrowserContext, page: import('playwright-core').Page, stop: () => Promise<void>}>}
 */
export async function launchChromium({ home, env = {}, viewport = { width: 1400, height: 900 } } = {}) {
  const { chromium } = await import('playwright-core');
  const ownHome = home ? undefined : makeThrowawayHome('chromium');
  const profileHome = home ?? ownHome.home;
  const userDataDir = path.join(profileHome, 'chromium-profile');
  mkdirSync(userDataDir, { recursive: true });
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    chromiumSandbox: false,
    args: CHROMIUM_ARGS,
    env: { ...process.env, ...env, HOME: profileHome },
    viewport,
    timeout: 60_000,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async stop() {
      await context.close().catch(() => undefined);
      ownHome?.dispose();
    },
  };
}
