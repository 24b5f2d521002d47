// `npm run bench:activation`: activation time of the extension in fresh, real VS Code extension hosts
// (code-server 4.99.4 + headless Chromium), the current tree ("after") side by side with a git revision
// ("before", by default the last single-bundle build). Each variant is copied or `git archive`d into a
// throw-away folder and built there, so dist/ of the checkout is never touched.
//
// Per run, a tiny extensionTestsPath entry in the extension host times `ext.activate()` (the figure the
// smoke test prints), and, by wrapping Node's module loader, how long each of the extension's bundles
// takes to load and how long the `activate()` call itself takes. It then waits for the work activation
// deferred (settings validation) and runs one command that needs the lazily-loaded features ("first use").
//
// Usage: node scripts/bench/activation.mjs [--runs N] [--baseline REV] [--no-baseline] [--dev]
//                                          [--profile] [--out FILE]
//   --dev      measure development builds (unminified, what `npm run build` makes) instead of --production
//   --profile  one extra run per variant with a V8 CPU profile of ext.activate() (unminified builds),
//              summarised by bundled source module; the .cpuprofile files are written next to the JSON
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runWorkbenchEntry } from '../vscode/extensionHostRun.mjs';
import { installCodeServer } from '../vscode/installCodeServer.mjs';
import { cacheDir, repoRoot, testResultsDir } from '../vscode/paths.mjs';

// The last commit whose extension was one eagerly-evaluated bundle (activation measured at 268.6 ms).
const DEFAULT_BASELINE = '2a383ee';
const EXTENSION_ID = 'coe-team.coe-vscode';
// A command that needs the lazily-loaded features but no UI: its first run pays for loading them.
const FIRST_USE_COMMAND = 'coe.reloadRouter';
const RUN_TIMEOUT_MS = 180_000;

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const runs = Number(option('--runs', '5'));
const baseline = flag('--no-baseline') ? undefined : option('--baseline', DEFAULT_BASELINE);
const profile = flag('--profile');
const production = !flag('--dev') && !profile;
const outFile = path.resolve(option('--out', path.join(testResultsDir, 'bench-activation.json')));
const say = (line) => process.stdout.write(`${line}\n`);

if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write('bench:activation: --runs needs a positive integer\n');
  process.exit(2);
}

/** Files a build needs; everything else (tests, webviews, router model) is irrelevant to activation. */
const BUILD_INPUTS = ['package.json', 'tsconfig.json', 'scripts/build.mjs', 'src'];

function prepareVariant(workDir, name, revision) {
  const dir = path.join(workDir, name);
  mkdirSync(dir, { recursive: true });
  if (revision) {
    const present = BUILD_INPUTS.filter((p) => spawnSync('git', ['cat-file', '-e', `${revision}:${p}`], { cwd: repoRoot }).status === 0);
    const tar = execFileSync('git', ['archive', '--format=tar', revision, ...present], { cwd: repoRoot, maxBuffer: 1 << 30 });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
  } else {
    for (const p of BUILD_INPUTS) cpSync(path.join(repoRoot, p), path.join(dir, p), { recursive: true });
  }
  // Dependencies and icons are shared read-only with the checkout.
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'));
  symlinkSync(path.join(repoRoot, 'media'), path.join(dir, 'media'));
  const build = spawnSync(process.execPath, ['scripts/build.mjs', ...(production ? ['--production'] : [])], { cwd: dir, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`building ${name} (${revision ?? 'working tree'}) failed:\n${build.stderr}`);
  const main = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).main;
  const bundles = Object.fromEntries(
    readdirSync(path.join(dir, 'dist'))
      .filter((f) => f.endsWith('.js'))
      .sort()
      .map((f) => [f, statSync(path.join(dir, 'dist', f)).size]),
  );
  return { name, dir, revision: revision ?? 'working tree', main, bundles };
}

/** The extensionTestsPath entry: measures inside the extension host, writes one JSON result. */
const ENTRY = String.raw`
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const post = (session, method, params) => new Promise((resolve, reject) =>
  session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

exports.run = async function run() {
  const vscode = require('vscode');
  const out = process.env.COE_BENCH_OUT;
  // Which of the extension's files were loaded, and how long each took, in each phase of the run.
  const result = { loads: { activation: {}, afterActivation: {}, firstUse: {} }, nodeVersion: process.version, vscodeVersion: vscode.version };
  try {
    const ext = vscode.extensions.getExtension(process.env.COE_BENCH_EXTENSION_ID);
    if (!ext) throw new Error('extension not loaded');
    result.wasActive = ext.isActive;
    if (ext.isActive) throw new Error('the extension was already active before the measurement');
    let phase = 'activation';
    const root = ext.extensionPath + path.sep;
    const mainFile = path.resolve(ext.extensionPath, ext.packageJSON.main);
    // Time every load of one of the extension's own files, and the activate() call of its main module.
    const load = Module._load;
    Module._load = function timedLoad(request, parent, isMain) {
      let resolved;
      try {
        resolved = Module._resolveFilename(request, parent, isMain);
      } catch {
        return load.apply(this, arguments); // unresolvable: let the real loader report it
      }
      const mine = path.isAbsolute(resolved) && resolved.startsWith(root);
      const known = mine && Boolean(Module._cache[resolved]);
      const started = performance.now();
      const exported = load.apply(this, arguments);
      if (!mine || known) return exported;
      result.loads[phase][path.relative(ext.extensionPath, resolved)] = performance.now() - started;
      if (resolved.replace(/\.js$/, '') !== mainFile.replace(/\.js$/, '')) return exported;
      return new Proxy(exported, {
        get(target, property) {
          if (property !== 'activate') return Reflect.get(target, property);
          return function timedActivate(...activateArgs) {
            const callStarted = performance.now();
            try {
              return target.activate(...activateArgs);
            } finally {
              result.activateCallMs = performance.now() - callStarted;
            }
          };
        },
      });
    };
    let session;
    if (process.env.COE_BENCH_PROFILE) {
      session = new (require('node:inspector').Session)();
      session.connect();
      await post(session, 'Profiler.enable');
      await post(session, 'Profiler.setSamplingInterval', { interval: 50 });
      await post(session, 'Profiler.start');
    }
    const started = performance.now();
    await ext.activate();
    result.activationMs = performance.now() - started;
    if (session) {
      const { profile } = await post(session, 'Profiler.stop');
      fs.writeFileSync(process.env.COE_BENCH_PROFILE, JSON.stringify(profile));
      session.disconnect();
    }
    result.loadMs = result.loads.activation[path.relative(ext.extensionPath, require.resolve(mainFile))];
    // The rest of ext.activate() is VS Code's: creating the extension context (storage, secrets) and its
    // own bookkeeping, over IPC with the workbench; it does not depend on the extension's code.
    result.hostOverheadMs = result.activationMs - (result.loadMs ?? 0) - (result.activateCallMs ?? 0);
    // Anything activation scheduled for later would run now; give it time, then use a feature.
    phase = 'afterActivation';
    await sleep(3000);
    phase = 'firstUse';
    const firstUseStarted = performance.now();
    await vscode.commands.executeCommand(process.env.COE_BENCH_FIRST_USE);
    result.firstUseMs = performance.now() - firstUseStarted;
    Module._load = load;
  } catch (error) {
    result.error = error && error.stack ? error.stack : String(error);
  }
  fs.writeFileSync(out, JSON.stringify(result));
};
`;

async function measureOnce(variant, entryDir, resultFile, profileFile) {
  rmSync(resultFile, { force: true });
  const { exitCode, logTail } = await runWorkbenchEntry({
    label: `bench-activation-${variant.name}`,
    entryDir,
    extensionDevelopmentPath: variant.dir,
    timeoutMs: RUN_TIMEOUT_MS,
    server: {
      env: {
        COE_BENCH_OUT: resultFile,
        COE_BENCH_EXTENSION_ID: EXTENSION_ID,
        COE_BENCH_FIRST_USE: FIRST_USE_COMMAND,
        ...(profileFile ? { COE_BENCH_PROFILE: profileFile } : {}),
      },
    },
  });
  if (!existsSync(resultFile)) throw new Error(`${variant.name}: no result (workbench: ${exitCode}); code-server log tail:\n${logTail}`);
  const result = JSON.parse(readFileSync(resultFile, 'utf8'));
  if (result.error) throw new Error(`${variant.name}: ${result.error}`);
  return result;
}

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = q * (sorted.length - 1);
  const low = Math.floor(rank);
  return sorted[low] + (sorted[Math.ceil(rank)] - sorted[low]) * (rank - low);
}

function summarise(values) {
  const defined = values.filter((v) => typeof v === 'number');
  if (defined.length === 0) return undefined;
  const round = (v) => Math.round(v * 10) / 10;
  return { n: defined.length, median: round(quantile(defined, 0.5)), p90: round(quantile(defined, 0.9)), min: round(Math.min(...defined)), max: round(Math.max(...defined)) };
}

/**
 * Self time of a CPU profile by bundled source module. esbuild's unminified output marks each module
 * with a `// path/to/file.ts` line, so a sample's line number tells which source it ran.
 */
function profileByModule(profileFile, variant) {
  const { nodes, samples, timeDeltas } = JSON.parse(readFileSync(profileFile, 'utf8'));
  const markers = new Map();
  const fileOf = (url) => (url.startsWith('file://') ? new URL(url).pathname : url);
  const byUrl = (url) => {
    if (!fileOf(url).startsWith(variant.dir)) return undefined;
    if (!markers.has(url)) {
      const lines = readFileSync(fileOf(url), 'utf8').split('\n');
      const starts = [];
      lines.forEach((line, index) => {
        const m = /^\/\/ ((?:src|node_modules)\/\S+)$/.exec(line);
        if (m) starts.push([index, m[1]]);
      });
      markers.set(url, starts);
    }
    return markers.get(url);
  };
  const moduleOf = (frame) => {
    const starts = byUrl(frame.url);
    if (!starts) return frame.url ? `(other) ${frame.functionName || path.basename(frame.url)}` : `(${frame.functionName || 'vm'})`;
    let name = `${path.basename(fileOf(frame.url))} (bundle runtime)`;
    for (const [line, source] of starts) if (line <= frame.lineNumber) name = source;
    return name.replace(/^node_modules\/((?:@[^/]+\/)?[^/]+).*$/, 'node_modules/$1');
  };
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const totals = new Map();
  samples.forEach((id, i) => {
    const key = moduleOf(byId.get(id).callFrame);
    totals.set(key, (totals.get(key) ?? 0) + (timeDeltas[i] ?? 0) / 1000);
  });
  return [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([module, ms]) => ({ module, ms: Math.round(ms * 10) / 10 }));
}

async function main() {
  installCodeServer({ log: say });
  mkdirSync(path.join(cacheDir, 'tmp'), { recursive: true });
  const workDir = mkdtempSync(path.join(cacheDir, 'tmp', 'bench-activation-'));
  try {
    say(`building variants (${production ? 'production' : 'development'} builds) in ${path.relative(repoRoot, workDir)}…`);
    const variants = [...(baseline ? [prepareVariant(workDir, 'before', baseline)] : []), prepareVariant(workDir, 'after', undefined)];
    for (const v of variants) {
      say(`  ${v.name} (${v.revision}): main ${v.main}; ${Object.entries(v.bundles).map(([f, b]) => `${f} ${(b / 1024).toFixed(1)} KB`).join(', ')}`);
    }
    const entryDir = path.join(workDir, 'entry');
    mkdirSync(entryDir);
    writeFileSync(path.join(entryDir, 'index.js'), ENTRY);
    const results = Object.fromEntries(variants.map((v) => [v.name, []]));
    for (let i = 0; i < runs; i += 1) {
      // Alternate the order so a change in machine load during the run hits both variants alike.
      const order = i % 2 === 0 ? variants : [...variants].reverse();
      for (const v of order) {
        const r = await measureOnce(v, entryDir, path.join(workDir, `result-${v.name}-${i}.json`));
        results[v.name].push(r);
        say(`  run ${i + 1}/${runs} ${v.name}: ext.activate() ${r.activationMs.toFixed(1)} ms (load ${r.loadMs.toFixed(1)} ms, activate() ${r.activateCallMs.toFixed(1)} ms), first use ${r.firstUseMs.toFixed(1)} ms`);
      }
    }
    const profiles = {};
    if (profile) {
      mkdirSync(path.dirname(outFile), { recursive: true });
      for (const v of variants) {
        const file = path.join(path.dirname(outFile), `bench-activation-${v.name}.cpuprofile`);
        await measureOnce(v, entryDir, path.join(workDir, `result-${v.name}-profile.json`), file);
        profiles[v.name] = { file: path.relative(repoRoot, file), selfTimeByModule: profileByModule(file, v).slice(0, 25) };
      }
    }
    const report = {
      date: new Date().toISOString(),
      build: production ? 'production' : 'development',
      runsPerVariant: runs,
      loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
      cpus: os.cpus().length,
      note: 'activationMs = `await ext.activate()` in a fresh extension host; loadMs = require of the main bundle; activateCallMs = the activate() call; extensionCodeMs = their sum (what the extension controls); hostOverheadMs = the rest (VS Code creating the extension context); firstUseMs = first run of ' + FIRST_USE_COMMAND + ', 3 s after activation',
      variants: Object.fromEntries(variants.map((v) => {
        const rs = results[v.name];
        const loads = {};
        for (const r of rs) {
          for (const [phase, files] of Object.entries(r.loads)) for (const [file, ms] of Object.entries(files)) (loads[`${phase}: ${file}`] ??= []).push(ms);
        }
        return [v.name, {
          revision: v.revision,
          bundles: v.bundles,
          activationMs: summarise(rs.map((r) => r.activationMs)),
          loadMs: summarise(rs.map((r) => r.loadMs)),
          activateCallMs: summarise(rs.map((r) => r.activateCallMs)),
          extensionCodeMs: summarise(rs.map((r) => r.loadMs + r.activateCallMs)),
          hostOverheadMs: summarise(rs.map((r) => r.hostOverheadMs)),
          firstUseMs: summarise(rs.map((r) => r.firstUseMs)),
          bundleLoadMs: Object.fromEntries(Object.entries(loads).map(([file, ms]) => [file, summarise(ms)])),
          raw: rs,
          ...(profiles[v.name] ? { profile: profiles[v.name] } : {}),
        }];
      })),
    };
    mkdirSync(path.dirname(outFile), { recursive: true });
    writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
    say('');
    say(`activation in ${runs} fresh extension host(s) per variant, ${report.build} builds, load average ${report.loadAverage.join(' ')} on ${report.cpus} CPUs:`);
    for (const v of variants) {
      const r = report.variants[v.name];
      say(`  ${v.name.padEnd(6)} ext.activate(): median ${r.activationMs.median} ms, p90 ${r.activationMs.p90} ms`);
      say(`         extension code (load + activate()): median ${r.extensionCodeMs.median} ms, p90 ${r.extensionCodeMs.p90} ms (load ${r.loadMs.median}, activate() ${r.activateCallMs.median}); VS Code's part median ${r.hostOverheadMs.median} ms`);
      say(`         first use (${FIRST_USE_COMMAND}): median ${r.firstUseMs.median} ms, p90 ${r.firstUseMs.p90} ms`);
      for (const [file, s] of Object.entries(r.bundleLoadMs)) say(`         load ${file}: median ${s.median} ms (${s.n} of ${runs} runs)`);
    }
    if (report.variants.before && report.variants.after) {
      const ratio = (key) => (report.variants.before[key].median / report.variants.after[key].median).toFixed(1);
      say(`  before/after, medians: ext.activate() ${ratio('activationMs')}×, extension code ${ratio('extensionCodeMs')}×`);
    }
    for (const [name, p] of Object.entries(profiles)) {
      say(`  profile ${name} (${p.file}), self time by module:`);
      for (const { module, ms } of p.selfTimeByModule.slice(0, 12)) say(`    ${String(ms).padStart(7)} ms  ${module}`);
    }
    say(`written to ${path.relative(repoRoot, outFile)}`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`bench:activation: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
