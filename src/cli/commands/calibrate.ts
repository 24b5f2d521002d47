import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CalibrationSetupError } from '../../common/calibration/calibrationPlan';
import { formatScoreMatrix, toScoresFile, type CalibrationResult } from '../../common/calibration/calibrationResult';
import { describeEstimate, estimateCalibration } from '../../common/calibration/estimate';
import { categoriesOf } from '../../common/calibration/calibrationSet';
import { buildCalibrationRequest } from '../../common/calibration/selection';
import { isDomain } from '../../common/categories';
import { describeIssue } from '../../common/config/parseConfig';
import { CalibrationCacheError, CalibrationCacheFile, sha256Hex } from '../../node/calibration/calibrationCacheFile';
import { CalibrationSetError, loadCalibrationSets } from '../../node/calibration/loadCalibrationSet';
import { runCalibration, type CalibrationProgress } from '../../node/calibration/runCalibration';
import { ConfigFileError, loadConfigFile } from '../../node/config/loadConfigFile';
import { createCliExpertClientFactory } from '../../node/experts/createExpertClient';
import { findPackageRoot } from '../../node/packageRoot';
import { resolveModelDir } from '../../node/router/defaultModelDir';
import { CliError, UsageError, type CliCommand, type CliIo } from '../cliTypes';

const USAGE = `Usage: coe calibrate [--json] [--config FILE] [--set FILE]... [--experts a,b] [--judge ID]
                     [--mode single|pairwise] [--reference ID] [--out FILE] [--cache FILE]
                     [--concurrency N] [--yes]

Asks every selected expert every calibration prompt, has a judge expert grade the answers and writes
a score per (category, expert) in the format "coe optimize --scores" reads.
  --set FILE        calibration set, JSONL or JSON (repeatable; "builtin" = the shipped set, the default)
  --experts a,b     experts to calibrate (default: every configured expert)
  --judge ID        grading expert (default: the one with the most active parameters)
  --mode MODE       single: 1–10 rating per answer (default); pairwise: win rate against --reference
  --reference ID    pairwise reference expert (default: the generalist)
  --out FILE        scores file to write (default: calibration-scores.json)
  --cache FILE      answers and judgments kept between runs (default: .coe/calibration-cache.json)
  --concurrency N   calls in flight at once (default 4)
  --yes             make the calls; without it only the estimate is printed (unless all is cached)
  --json            print one JSON object: estimate, result, scores
API keys are read from COE_API_KEY_<EXPERT_ID>. Exit codes: 0 scored (see failures), 1 nothing scored
or a file error, 2 bad usage, 130 cancelled (partial scores and the cache are still written).`;

function parseOptions(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean' }, config: { type: 'string' }, set: { type: 'string', multiple: true },
        experts: { type: 'string' }, judge: { type: 'string' }, mode: { type: 'string' }, reference: { type: 'string' },
        out: { type: 'string' }, cache: { type: 'string' }, concurrency: { type: 'string' }, yes: { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    if (error instanceof TypeError) throw new UsageError(error.message);
    throw error;
  }
}

function parseMode(value: string | undefined): 'single' | 'pairwise' {
  if (value === undefined || value === 'single' || value === 'pairwise') return value ?? 'single';
  throw new UsageError(`--mode must be "single" or "pairwise" (got "${value}")`);
}

function parseConcurrency(value: string | undefined): number {
  if (value === undefined) return 4;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--concurrency must be an integer from 1 to 64 (got "${value}")`);
  return n;
}

/**
 * What the optimiser and the user need from the router bundle: its parameter count (part of the
 * average active parameters) and its categories (to warn about rows that would never fire).
 */
async function routerBundleInfo(routerModelPath: string, baseDir: string): Promise<{ parameterCount?: number; categories?: string[] }> {
  try {
    const labels = path.join(resolveModelDir(routerModelPath, findPackageRoot(), baseDir), 'labels.json');
    const bundle = JSON.parse(await readFile(labels, 'utf8')) as { parameterCount?: unknown; categories?: unknown };
    const count = bundle.parameterCount;
    const categories = Array.isArray(bundle.categories)
      ? bundle.categories.flatMap((c: unknown) => (typeof c === 'object' && c !== null && typeof (c as { id?: unknown }).id === 'string' ? [(c as { id: string }).id] : []))
      : undefined;
    return {
      ...(typeof count === 'number' && Number.isFinite(count) && count >= 0 ? { parameterCount: count } : {}),
      ...(categories && categories.length > 0 ? { categories } : {}),
    };
  } catch {
    return {};
  }
}

async function writeJsonAtomically(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`, 'utf8');
  await rename(temporary, file);
}

/** Progress on stderr every tenth of the work, so logs stay short and a terminal still sees movement. */
function progressPrinter(io: CliIo): (p: CalibrationProgress) => void {
  let lastTenth = -1;
  return (p) => {
    const tenth = p.total === 0 ? 10 : Math.floor((p.completed / p.total) * 10);
    if (tenth === lastTenth) return;
    lastTenth = tenth;
    io.stderr(`… ${p.completed}/${p.total} done, ${p.calls} calls, ${p.failed} failed\n`);
  };
}

function printFailures(io: CliIo, result: CalibrationResult): void {
  if (result.failures.length === 0) return;
  io.stderr(`${result.failures.length} call(s) failed (left out of the scores, retried on the next run):\n`);
  for (const f of result.failures) io.stderr(`  ${f.itemId} × ${f.expertId} [${f.stage}] ${f.kind}: ${f.message}\n`);
}

export const calibrateCommand: CliCommand = {
  name: 'calibrate',
  summary: 'score each expert per category with a judge expert (for coe optimize)',
  usage: USAGE,
  async run(argv, io) {
    const values = parseOptions(argv);
    const mode = parseMode(values.mode);
    const concurrency = parseConcurrency(values.concurrency);
    try {
      const loaded = await loadConfigFile(values.config, io.cwd);
      for (const issue of loaded.issues) io.stderr(`warning: ${describeIssue(issue, loaded.file ? `${loaded.file}: ` : '')}\n`);
      const set = await loadCalibrationSets(values.set ?? [], io.cwd);
      for (const issue of set.issues) io.stderr(`warning: ${issue.source}:${issue.line}: ${issue.message} (row skipped)\n`);
      const request = buildCalibrationRequest(
        loaded.config,
        set.items,
        {
          ...(values.experts ? { expertIds: values.experts.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
          ...(values.judge ? { judgeId: values.judge } : {}),
          ...(values.reference ? { referenceId: values.reference } : {}),
          mode,
        },
        (expert) => expert.kind !== 'vscode-lm',
      );
      const configDir = loaded.file ? path.dirname(loaded.file) : io.cwd;
      const router = await routerBundleInfo(loaded.config.routerModelPath, configDir);
      const foreign = categoriesOf(set.items).filter((c) => router.categories && !router.categories.includes(c) && !isDomain(c));
      if (foreign.length > 0) io.stderr(`warning: the router has no category ${foreign.join(', ')}: their table rows will only fire when addressed with @category\n`);
      const cache = await CalibrationCacheFile.open(path.resolve(io.cwd, values.cache ?? path.join('.coe', 'calibration-cache.json')));
      const estimate = estimateCalibration(request, cache, sha256Hex);
      const calls = estimate.answerCalls + estimate.judgeCalls;
      if (!values.json) io.stderr(`${describeEstimate(estimate)}\njudge: ${request.judge.id}, mode: ${mode}\n`);
      if (calls > 0 && !values.yes) {
        if (values.json) io.stdout(`${JSON.stringify({ estimate, ran: false }, null, 2)}\n`);
        else io.stderr(`Nothing was sent. Re-run with --yes to make these ${calls} calls.\n`);
        return 0;
      }
      const result = await runCalibration({
        request, cache, hash: sha256Hex, signal: io.signal, concurrency, clientFor: createCliExpertClientFactory(loaded.config, io.env),
        ...(values.json ? {} : { onProgress: progressPrinter(io) }),
      });
      const outFile = path.resolve(io.cwd, values.out ?? 'calibration-scores.json');
      const scores = toScoresFile(result, request.experts, router.parameterCount);
      if (result.cells.length > 0) await writeJsonAtomically(outFile, scores);
      if (values.json) {
        io.stdout(`${JSON.stringify({ estimate, ran: true, result, scores, scoresFile: result.cells.length > 0 ? outFile : null }, null, 2)}\n`);
      } else {
        io.stdout(`${formatScoreMatrix(result)}\n`);
        io.stderr(
          `${mode === 'single' ? 'mean judge rating 1–10' : `win rate against ${result.referenceId}`} ± half the 95% interval (n); ` +
            `${result.calls.answers + result.calls.judgments} calls made, ${result.calls.cachedAnswers + result.calls.cachedJudgments} answered from the cache\n`,
        );
        printFailures(io, result);
        if (result.cells.length > 0) io.stderr(`wrote ${outFile}${result.cancelled ? ' (partial: cancelled)' : ''}\n`);
      }
      if (result.cancelled) return 130;
      if (result.cells.length === 0) throw new CliError('nothing could be scored; see the failures above');
      return 0;
    } catch (error) {
      if (error instanceof ConfigFileError || error instanceof CalibrationSetError || error instanceof CalibrationCacheError) {
        throw new CliError(error.message);
      }
      if (error instanceof CalibrationSetupError) throw new UsageError(error.message);
      throw error;
    }
  },
};
