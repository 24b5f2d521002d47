// Bundles the extension-host test entry (test/vscode/index.ts, with Mocha) and each suite file
// into out/test/vscode/. Separate from the product build so tests never ship in the .vsix.
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths.mjs';

const srcDir = path.join(repoRoot, 'test', 'vscode');
export const defaultOutDir = path.join(repoRoot, 'out', 'test', 'vscode');

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findTests(full);
    return entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  // Provided by the extension host / loaded natively at run time.
  external: ['vscode', 'onnxruntime-node'],
  absWorkingDir: repoRoot,
  logLevel: 'warning',
  // Mocha's parallel mode (unused here) resolves worker files at run time.
  logOverride: { 'require-resolve-not-external': 'silent' },
};

/**
 * `outDir` lets concurrent runs each load their own copy instead of one deleting another's. `suiteDir`
 * (under test/vscode/) picks the suites; they land in `outDir/suite/` where the entry looks for them.
 */
export async function buildVscodeTests(outDir = defaultOutDir, { suiteDir = 'suite' } = {}) {
  rmSync(outDir, { recursive: true, force: true });
  const suites = findTests(path.join(srcDir, suiteDir));
  if (suites.length === 0) return { outDir, suites: 0 };
  await Promise.all([
    build({ ...common, entryPoints: [path.join(srcDir, 'index.ts')], outfile: path.join(outDir, 'index.js') }),
    // One file per suite so Mocha reports each under its own path; each is self-contained.
    build({ ...common, entryPoints: suites, outdir: path.join(outDir, 'suite'), outbase: path.join(srcDir, suiteDir) }),
  ]);
  return { outDir, suites: suites.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { suites } = await buildVscodeTests();
  process.stderr.write(`built ${suites} extension-host test suite(s) into out/test/vscode\n`);
}
