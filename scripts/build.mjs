// One build for every bundle: extension host, CLI, router worker and the webviews.
import { build, context } from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const nodeCommon = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  // Native addon and the editor API are provided at run time.
  external: ['vscode', 'onnxruntime-node'],
  logLevel: 'warning',
};

const webviewEntries = existsSync(path.join(root, 'webview'))
  ? readdirSync(path.join(root, 'webview'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(path.join(root, 'webview', d.name, 'main.ts')))
      .map((d) => ({ in: path.join(root, 'webview', d.name, 'main.ts'), out: d.name }))
  : [];

const optionalEntry = (rel, out) => (existsSync(path.join(root, rel)) ? [{ in: path.join(root, rel), out }] : []);

const configs = [
  { ...nodeCommon, entryPoints: optionalEntry('src/vscode/extension.ts', 'extension'), outdir: 'dist' },
  {
    ...nodeCommon,
    entryPoints: optionalEntry('src/cli/index.ts', 'cli'),
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
  },
  { ...nodeCommon, entryPoints: optionalEntry('src/node/router/routerWorker.ts', 'routerWorker'), outdir: 'dist' },
  {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: production ? false : 'linked',
    minify: production,
    entryPoints: webviewEntries,
    outdir: 'dist/webview',
    loader: { '.css': 'css', '.ttf': 'file', '.woff2': 'file' },
    logLevel: 'warning',
  },
].filter((c) => c.entryPoints.length > 0);

// No wipe of dist/ first: esbuild overwrites its outputs, and a wipe would pull files from under a running
// extension host or test that is using the previous build.
if (watch) {
  for (const c of configs) await (await context({ ...c, absWorkingDir: root })).watch();
} else {
  await Promise.all(configs.map((c) => build({ ...c, absWorkingDir: root })));
}
