// One build for every bundle: extension host (activation shell + lazily loaded features), CLI, router
// worker and the webviews.
import { build, context } from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/**
 * zod re-exports its ~40 message locales (`z.locales`, ≈ 360 KB, half of zod in a bundle); we only use
 * the English messages it installs by default. Like stripping moment's locales, resolve the locale index
 * to English alone. A call to `z.locales.xx()` other than `en` would fail at run time: there is none.
 */
const zodLocalesIndex = path.join(path.dirname(createRequire(import.meta.url).resolve('zod/package.json')), 'v4', 'locales', 'index.js');
const englishZodLocales = {
  name: 'english-zod-locales',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      path.join(args.resolveDir, args.path) === zodLocalesIndex ? { path: zodLocalesIndex, namespace: 'english-zod-locales' } : undefined);
    b.onLoad({ filter: /.*/, namespace: 'english-zod-locales' }, () => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: path.dirname(zodLocalesIndex),
    }));
  },
};

/**
 * dist/extension.js is what activation loads, so it may hold only the shell (registrations) and `vscode`
 * glue: no package from node_modules and nothing from src/common or src/node. Anything heavy belongs in
 * dist/features.js, which the shell requires on first use.
 */
const activationBundleGuard = {
  name: 'activation-bundle-guard',
  setup(b) {
    b.onEnd((result) => {
      if (!result.metafile) return;
      const inputs = Object.keys(result.metafile.inputs).filter((f) => /(^|\/)(node_modules|src\/common|src\/node)\//.test(f));
      if (inputs.length > 0) {
        result.errors.push({ text: `dist/extension.js (loaded at activation) must stay light, but it bundles ${inputs.slice(0, 5).join(', ')}${inputs.length > 5 ? ` and ${inputs.length - 5} more` : ''}: import it from a module that only dist/features.js reaches` });
      }
    });
  },
};

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
  plugins: [englishZodLocales],
};

const webviewEntries = existsSync(path.join(root, 'webview'))
  ? readdirSync(path.join(root, 'webview'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(path.join(root, 'webview', d.name, 'main.ts')))
      .map((d) => ({ in: path.join(root, 'webview', d.name, 'main.ts'), out: d.name }))
  : [];

const optionalEntry = (rel, out) => (existsSync(path.join(root, rel)) ? [{ in: path.join(root, rel), out }] : []);

const configs = [
  // The activation shell and, loaded by it on first use, every feature (see src/vscode/lazy/).
  {
    ...nodeCommon,
    entryPoints: optionalEntry('src/vscode/extension.ts', 'extension'),
    outdir: 'dist',
    metafile: true,
    plugins: [...nodeCommon.plugins, activationBundleGuard],
  },
  { ...nodeCommon, entryPoints: optionalEntry('src/vscode/lazy/features.ts', 'features'), outdir: 'dist' },
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
