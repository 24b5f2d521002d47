// `npm start`: build, then open the extension in a real VS Code. Desktop `code` when it exists, else a
// local code-server on 127.0.0.1 with the extension loaded from source; prints the URL and stays in the
// foreground until Ctrl-C. Profile and settings persist in .vscode-test/start/.
// Usage: npm start -- [--code-server] [--port N] [--folder PATH]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { startCodeServer, workbenchUrl } from './codeServer.mjs';
import { installCodeServer } from './installCodeServer.mjs';
import { cacheDir, repoRoot } from './paths.mjs';

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const say = (line) => process.stdout.write(`${line}\n`);

function hasDesktopCode() {
  // Inside a code-server terminal `code` is code-server's remote CLI, which ignores extensionDevelopmentPath.
  if (process.env.VSCODE_PROXY_URI || process.env.CODE_SERVER_PARENT_PID) return false;
  return spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
}

function fail(message) {
  process.stderr.write(`npm start: ${message}\n`);
  process.exit(1);
}

say('building the extension…');
const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) fail('the build failed (see above)');

const folder = path.resolve(option('--folder') ?? repoRoot);

if (!args.includes('--code-server') && hasDesktopCode()) {
  say(`opening VS Code with the extension from ${repoRoot}`);
  const code = spawnSync('code', ['--new-window', `--extensionDevelopmentPath=${repoRoot}`, folder], { stdio: 'inherit' });
  process.exit(code.status ?? 1);
}

try {
  installCodeServer({ log: say });
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const portText = option('--port') ?? process.env.COE_PORT;
const port = portText ? Number(portText) : undefined;
if (portText && !(Number.isInteger(port) && port > 0 && port < 65536)) fail(`--port must be 1–65535, got "${portText}"`);

let server;
try {
  server = await startCodeServer({ label: 'start', stateDir: path.join(cacheDir, 'start'), workspace: folder, port });
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}${port ? ` (is port ${port} in use?)` : ''}`);
}
const url = workbenchUrl(server, { folder, extensionDevelopmentPath: repoRoot });
say('');
say('CoE is running in VS Code (code-server) — open this URL in a browser on this machine:');
say(`  ${url}`);
say(`(bound to 127.0.0.1 only; from another machine: ssh -L ${server.port}:127.0.0.1:${server.port} this-host)`);
say(`code-server log: ${server.logFile}`);
say('Press Ctrl-C to stop.');

let stopping = false;
async function shutdown(exitCode) {
  if (stopping) return;
  stopping = true;
  say('\nstopping code-server…');
  await server.stop();
  process.exit(exitCode);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
// Stay in the foreground while the server lives; if it dies, say so and exit non-zero.
const watchdog = setInterval(async () => {
  try {
    await fetch(`${server.baseUrl}/healthz`, { signal: AbortSignal.timeout(5000) });
  } catch {
    clearInterval(watchdog);
    process.stderr.write(`code-server stopped answering; see ${server.logFile}\n`);
    void shutdown(1);
  }
}, 5000);
