// Chat rendering benchmark: the chat webview bundle alone in headless Chromium (Playwright, no
// workbench), fed a 2,000 tokens/s stream of a long mixed answer (test/ui/renderWorkload.ts) the way
// the panel host sends it. Reports frame gaps (requestAnimationFrame deltas), the panel's render work
// per frame and long animation frames: median, p95, max and count over 50 ms, per run and across runs,
// with the load average; checks that the final view equals the answer rendered in one piece.
//
//   npm run bench:render [-- --runs 5] [--baseline REV] [--workload mixed|long-code] [--tps 2000] [--json] [--out FILE]
//
// --baseline REV also builds the chat webview of commit REV (from `git archive`, into a temp folder)
// and runs it interleaved with the working tree's, same browser, alternating order, so both see the
// same machine load. --workload long-code streams ~8 kB code blocks instead of the mixed answer.
// Every run also streams into an idle page (no panel: the same page without the bundle), a control
// that shows what the browser and the machine alone do to frame gaps at that moment.
// Results: test-results/bench-render-WORKLOAD.json (or --out).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import type { CDPSession } from 'playwright-core';
import { launchChromium } from '../vscode/codeServer.mjs';
import { makeThrowawayHome, repoRoot, testResultsDir } from '../vscode/paths.mjs';
import {
  answerFacts, expectedView, HIGHLIGHT_DONE, isolatedPage, streamScript, TOKENS_PER_SECOND, viewProblems, WORKLOADS,
  type StreamFigures,
} from '../../test/ui/renderWorkload';

const FRAME_BUDGET_MS = 50;

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    baseline: { type: 'string' },
    tps: { type: 'string', default: String(TOKENS_PER_SECOND) },
    workload: { type: 'string', default: 'mixed' },
    json: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const runs = Number(args.runs);
const tokensPerSecond = Number(args.tps);
if (!Number.isInteger(runs) || runs < 1) fail(`--runs must be a positive integer (got "${args.runs}")`);
if (!Number.isFinite(tokensPerSecond) || tokensPerSecond <= 0) fail(`--tps must be a positive number (got "${args.tps}")`);
const workloadName = args.workload as keyof typeof WORKLOADS;
if (!Object.hasOwn(WORKLOADS, workloadName)) fail(`--workload must be one of ${Object.keys(WORKLOADS).join(', ')} (got "${args.workload}")`);

function fail(message: string): never {
  process.stderr.write(`bench:render: ${message}\n`);
  process.exit(2);
}

interface Summary { frames: number; medianMs: number; p95Ms: number; maxMs: number; over50ms: number }

function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0);
  return { frames: sorted.length, medianMs: at(0.5), p95Ms: at(0.95), maxMs: at(1), over50ms: sorted.filter((v) => v > FRAME_BUDGET_MS).length };
}

const round = (value: number) => Math.round(value * 10) / 10;

/** Bundles webview/chat from `sourceRoot` (the working tree or an extracted commit) as the product build does. */
async function buildChatBundle(sourceRoot: string, outdir: string): Promise<void> {
  const entry = path.join(sourceRoot, 'webview', 'chat', 'main.ts');
  if (!existsSync(entry)) fail(`no chat webview at ${entry}`);
  await build({
    entryPoints: [{ in: entry, out: 'chat' }],
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    minify: true,
    outdir,
    loader: { '.css': 'css', '.ttf': 'file', '.woff2': 'file' },
    // An extracted commit has no node_modules of its own: resolve packages from this checkout.
    nodePaths: [path.join(repoRoot, 'node_modules')],
    logLevel: 'warning',
  });
}

/** A chat bundle to measure; `dir: null` is the idle control page. */
interface Variant { name: string; dir: string | null }

function serve(variants: Variant[], temp: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const [, name, file] = /^\/([^/]+)\/([^/?]*)/.exec(req.url ?? '') ?? [];
    const variant = variants.find((v) => v.name === name);
    if (!variant) return void res.writeHead(404).end();
    if (!file) return void res.writeHead(200, { 'content-type': 'text/html' }).end(isolatedPage(`/${name}/`, variant.dir !== null));
    const full = path.join(variant.dir ?? temp, path.basename(file));
    if (!existsSync(full)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': full.endsWith('.css') ? 'text/css' : 'text/javascript' }).end(readFileSync(full));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

interface RunResult {
  variant: string;
  run: number;
  loadAverage: [number, number];
  streamSeconds: number;
  messages: number;
  frameGaps: Summary;
  renderWork: Summary;
  longAnimationFrames: { count: number; maxMs: number } | null;
  /**
   * CPU time of the page's main thread over the stream (Chromium's ThreadTime), and the script,
   * layout and style time within it (thread ticks): the render cost, much less disturbed by other
   * load on the machine than the wall-clock frame figures.
   */
  mainThreadCpuMs: { total: number; script: number; layout: number; style: number };
  correct: boolean;
  problems: string[];
}

const METRICS = ['ThreadTime', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration'] as const;

/** Chromium's main-thread counters, in milliseconds. */
async function mainThreadMetrics(cdp: CDPSession): Promise<Record<(typeof METRICS)[number], number>> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string) => {
    const metric = metrics.find((m) => m.name === name);
    if (!metric) throw new Error(`Chromium reports no ${name} metric`);
    return metric.value * 1000;
  };
  return Object.fromEntries(METRICS.map((name) => [name, value(name)])) as Record<(typeof METRICS)[number], number>;
}

async function main(): Promise<void> {
  const temp = mkdtempSync(path.join(os.tmpdir(), 'coe-bench-render-'));
  const home = makeThrowawayHome('bench-render');
  let served: { server: Server; url: string } | undefined;
  let chromium: Awaited<ReturnType<typeof launchChromium>> | undefined;
  try {
    const current = path.join(temp, 'current');
    const variants: Variant[] = [{ name: 'current', dir: current }];
    await buildChatBundle(repoRoot, current);
    let baselineCommit: string | undefined;
    if (args.baseline) {
      try {
        baselineCommit = execFileSync('git', ['rev-parse', '--verify', `${args.baseline}^{commit}`], { cwd: repoRoot, encoding: 'utf8' }).trim();
      } catch {
        fail(`--baseline ${args.baseline} is not a commit of this repository`);
      }
      const source = path.join(temp, 'baseline-src');
      mkdirSync(source);
      const archive = execFileSync('git', ['archive', baselineCommit, 'webview', 'src/common'], { cwd: repoRoot, maxBuffer: 256 * 1024 * 1024 });
      execFileSync('tar', ['-x', '-C', source], { input: archive });
      const baseline = path.join(temp, 'baseline');
      variants.push({ name: 'baseline', dir: baseline });
      await buildChatBundle(source, baseline);
    }

    const tokens = WORKLOADS[workloadName]();
    const expected = expectedView(tokens.join(''));
    variants.push({ name: 'idle', dir: null });
    served = await serve(variants, temp);
    chromium = await launchChromium({ home: home.home });
    const results: RunResult[] = [];
    for (let run = 1; run <= runs; run += 1) {
      // Alternate which variant goes first, so neither always runs on a warmer or busier machine.
      const order = run % 2 === 1 ? variants : [...variants].reverse();
      for (const variant of order) {
        const page = await chromium.context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        await page.goto(`${served.url}/${variant.name}/`);
        if (variant.dir) {
          await page.locator('.input-bar').waitFor({ timeout: 15_000 }).catch((error: Error) => {
            throw new Error(`the ${variant.name} chat bundle did not start: ${errors.join('; ') || error.message}`);
          });
        }
        const loadBefore = os.loadavg()[0];
        const cdp = await chromium.context.newCDPSession(page);
        await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
        const metricsBefore = await mainThreadMetrics(cdp);
        const figures = await page.evaluate<StreamFigures>(streamScript(tokens, tokensPerSecond));
        const metricsAfter = await mainThreadMetrics(cdp);
        await cdp.detach();
        if (variant.dir) await page.waitForFunction(HIGHLIGHT_DONE, undefined, { timeout: 30_000 });
        const problems = variant.dir ? viewProblems(await page.locator('.turn[data-turn-id="t"] .answer').evaluate(answerFacts), expected) : [];
        problems.push(...errors.map((e) => `page error: ${e}`));
        await page.close();
        const result: RunResult = {
          variant: variant.name,
          run,
          loadAverage: [round(loadBefore), round(os.loadavg()[0])],
          streamSeconds: round(figures.seconds),
          messages: figures.messages,
          frameGaps: summarize(figures.gaps),
          renderWork: summarize(figures.work),
          longAnimationFrames: figures.longFrames ? { count: figures.longFrames.length, maxMs: round(Math.max(0, ...figures.longFrames)) } : null,
          mainThreadCpuMs: {
            total: round(metricsAfter.ThreadTime - metricsBefore.ThreadTime),
            script: round(metricsAfter.ScriptDuration - metricsBefore.ScriptDuration),
            layout: round(metricsAfter.LayoutDuration - metricsBefore.LayoutDuration),
            style: round(metricsAfter.RecalcStyleDuration - metricsBefore.RecalcStyleDuration),
          },
          correct: problems.length === 0,
          problems,
        };
        results.push(result);
        if (!args.json) {
          const g = result.frameGaps;
          const w = result.renderWork;
          process.stdout.write(
            `${variant.name.padEnd(8)} run ${run}: frame gaps med ${g.medianMs} p95 ${g.p95Ms} max ${g.maxMs} ms, ${g.over50ms}/${g.frames} over 50 | ` +
            `render work med ${w.medianMs} p95 ${w.p95Ms} max ${w.maxMs} ms, ${w.over50ms} over 50 | ` +
            `long frames ${result.longAnimationFrames?.count ?? 'n/a'} | main thread ${result.mainThreadCpuMs.total} ms (script ${result.mainThreadCpuMs.script}) | load ${result.loadAverage.join('→')}` +
            `${result.correct ? '' : ` | WRONG: ${problems.join('; ')}`}\n`,
          );
        }
      }
    }

    const distribution = Object.fromEntries(variants.map((variant) => {
      const mine = results.filter((r) => r.variant === variant.name);
      const spread = (pick: (r: RunResult) => number) => {
        const values = mine.map(pick).sort((a, b) => a - b);
        return { median: values[Math.floor(values.length / 2)], min: values[0], max: values[values.length - 1] };
      };
      return [variant.name, {
        runs: mine.length,
        allCorrect: mine.every((r) => r.correct),
        frameGapMaxMs: spread((r) => r.frameGaps.maxMs),
        frameGapP95Ms: spread((r) => r.frameGaps.p95Ms),
        frameGapMedianMs: spread((r) => r.frameGaps.medianMs),
        frameGapsOver50ms: spread((r) => r.frameGaps.over50ms),
        renderWorkMaxMs: spread((r) => r.renderWork.maxMs),
        renderWorkP95Ms: spread((r) => r.renderWork.p95Ms),
        renderWorkMedianMs: spread((r) => r.renderWork.medianMs),
        renderWorkOver50ms: spread((r) => r.renderWork.over50ms),
        longAnimationFrames: spread((r) => r.longAnimationFrames?.count ?? Number.NaN),
        mainThreadCpuMs: spread((r) => r.mainThreadCpuMs.total),
        scriptCpuMs: spread((r) => r.mainThreadCpuMs.script),
      }];
    }));
    const report = {
      benchmark: 'chat webview render, isolated bundle in headless Chromium',
      date: new Date().toISOString(),
      chromium: chromium.context.browser()?.version() ?? 'unknown',
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      workload: workloadName,
      tokens: tokens.length,
      characters: tokens.join('').length,
      tokensPerSecond,
      runsPerVariant: runs,
      baseline: baselineCommit,
      current: 'working tree',
      distribution,
      results,
    };
    const out = args.out ? path.resolve(args.out) : path.join(testResultsDir, `bench-render-${workloadName}.json`);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    if (args.json) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
    } else {
      process.stdout.write(`\nacross runs (median [min–max]), ${workloadName} answer, ${tokens.length} tokens at ${tokensPerSecond}/s, ${os.cpus().length} CPUs:\n`);
      for (const [name, d] of Object.entries(distribution)) {
        const f = (s: { median: number; min: number; max: number }) => `${s.median} [${s.min}–${s.max}]`;
        process.stdout.write(
          `  ${name.padEnd(8)} frame gap max ${f(d.frameGapMaxMs)} ms, p95 ${f(d.frameGapP95Ms)} ms, over 50 ms ${f(d.frameGapsOver50ms)} | ` +
          `render work max ${f(d.renderWorkMaxMs)} ms, p95 ${f(d.renderWorkP95Ms)} ms, median ${f(d.renderWorkMedianMs)} ms | long frames ${f(d.longAnimationFrames)} | main-thread CPU ${f(d.mainThreadCpuMs)} ms, script ${f(d.scriptCpuMs)} ms` +
          `${d.allCorrect ? '' : ' | SOME RUNS RENDERED WRONG'}\n`,
        );
      }
      process.stdout.write(`written ${path.relative(process.cwd(), out)}\n`);
    }
    if (results.some((r) => r.variant === 'current' && !r.correct)) process.exitCode = 1;
  } finally {
    await chromium?.stop();
    home.dispose();
    if (served) await new Promise((resolve) => served?.server.close(resolve));
    rmSync(temp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:render: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
