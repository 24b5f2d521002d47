// Trains the default router model: `npm run train:router -- --data DIR --out DIR [--eval DIR] [--quick] [--fold-bundles DIR]`.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { LinearRouterWeights } from '../../src/common/onnx/linearRouterModel';
import { featurizerDescriptor } from '../../src/common/router/featurizer';
import { foldTemperature } from '../../src/common/router/train/temperature';
import { writeRouterBundle } from '../../src/node/onnx/writeRouterBundle';
import { ROUTER_CATEGORIES, categoryFor } from './categories';
import { DEFAULT_AUGMENTATION, NO_AUGMENTATION, buildTrainingRows } from './dataset';
import { measure, summary, toExamples, type LabelledText, type Prediction } from './evaluate';
import { measureLatency } from './latency';
import { loadJsonlFolder } from './loadData';
import { renderModelCard } from './modelCard';
import { calibrate, evaluateFile, heldOutSources, leaveOneSourceOut, noCalibration, perFold, randomSplitPredictions, rescale, routerSettings, trainFinal, type Calibration, type FoldScore, type ScoredRows, type TrainingSettings } from './pipeline';
import { DEFAULT_POLICY, type PreparedRow } from './prepare';
import type { SyntheticCounts } from './synthetic';

const scaleCounts = (c: SyntheticCounts, f: number): SyntheticCounts => ({ writing: Math.round(c.writing * f), advice: Math.round(c.advice * f), textEditing: Math.round(c.textEditing * f), knowledge: Math.round(c.knowledge * f) });

const log = (text: string) => process.stderr.write(`${text}\n`);

/** Scores for calibration experiments without retraining (--dump FILE). */
function dumpScores(validation: ScoredRows, heldOut: ScoredRows): object {
  const pack = (s: ScoredRows) => s.rows.map((r, i) => ({ domain: r.domain, category: r.category, source: r.source, logits: Array.from(s.predictions[i].logits) }));
  return { validation: pack(validation), heldOut: pack(heldOut) };
}

async function main(): Promise<void> {
  const started = performance.now();
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      out: { type: 'string' },
      eval: { type: 'string' },
      quick: { type: 'boolean' },
      'skip-latency': { type: 'boolean' },
      'no-cv': { type: 'boolean' },
      'no-synthetic': { type: 'boolean' },
      'no-loso': { type: 'boolean' },
      dump: { type: 'string' },
      'fold-bundles': { type: 'string' },
      params: { type: 'string' },
    },
  });
  if (!values.data || !values.out) throw new Error('usage: train:router -- --data TRAIN_DIR --out BUNDLE_DIR [--eval EVAL_DIR] [--quick]');
  const overrides = JSON.parse(values.params ?? '{}') as { featurizer?: object; training?: object; caps?: Record<string, number>; sourceWeights?: Record<string, number> };
  const settings = routerSettings(overrides);
  const policy = { ...DEFAULT_POLICY, caps: { ...DEFAULT_POLICY.caps, ...overrides.caps }, sourceWeights: { ...DEFAULT_POLICY.sourceWeights, ...overrides.sourceWeights } };
  if (values.quick) policy.caps = Object.fromEntries(loadJsonlFolder(values.data).map((f) => [f.dataset, Math.min(400, policy.caps[f.dataset] ?? 400)]));

  const files = loadJsonlFolder(values.data);
  const rawCounts: Record<string, { rows: number; malformed: number; licence: string }> = {};
  for (const f of files) {
    const notShippable = f.rows.filter((r) => r.shippable === false).length;
    if (notShippable) throw new Error(`${f.file}: ${notShippable} rows are marked shippable: false; they must not train the shipped model`);
    if (f.errors.length) log(`${f.file}: skipped ${f.errors.length} malformed rows (first: line ${f.errors[0].line}: ${f.errors[0].message})`);
    const licences = [...new Set(f.rows.map((r) => r.license ?? 'unknown'))];
    rawCounts[f.dataset] = { rows: f.rows.length, malformed: f.errors.length, licence: licences.join('; ') };
  }
  const built = buildTrainingRows(files, policy, values.quick ? { ...DEFAULT_AUGMENTATION, chat: scaleCounts(DEFAULT_AUGMENTATION.chat, 0.2), wrappedCode: 150, contestFramed: 150, codeChat: 200, counterfactual: { numericGeneral: 240, numericMath: 240, techTitles: 240 } } : values['no-synthetic'] ? NO_AUGMENTATION : DEFAULT_AUGMENTATION);
  const counts = built.counts;
  const rows = built.rows;
  const real = rows.map((r, i) => (r.synthetic ? -1 : i)).filter((i) => i >= 0);
  const realRows = real.map((i) => rows[i]);
  log(`prepared ${built.realCount} rows from ${files.length} datasets (+${rows.length - built.realCount} synthetic)`);
  let t = performance.now();
  const examples = toExamples(rows, settings.featurizer);
  const featurizeSeconds = (performance.now() - t) / 1000;
  log(`featurized in ${featurizeSeconds.toFixed(1)} s`);

  // --no-cv: a fast experiment loop (no splits, temperature 1, default thresholds).
  const cv = !values['no-cv'];
  const scoredReal = (result: { predictions: Prediction[] }): ScoredRows => ({ rows: realRows, predictions: real.map((i) => result.predictions[i]) });
  const validation = cv ? randomSplitPredictions(rows, examples, settings, policy.seed) : undefined;
  if (validation) log(`random split: ${summary(measure(validation.rows, validation.predictions))}`);
  t = performance.now();
  const foldBundles = values['fold-bundles'];
  const held = cv ? heldOutSources(rows, examples, settings, undefined, foldBundles !== undefined) : undefined;
  const heldScored = held ? scoredReal(held) : undefined;
  if (heldScored) log(`held-out sources (4 folds): ${summary(measure(heldScored.rows, heldScored.predictions))}`);
  const loso = cv && !values['no-loso'] ? leaveOneSourceOut(rows, examples, settings) : undefined;
  const losoScored = loso ? scoredReal(loso) : undefined;
  const losoSeconds = (performance.now() - t) / 1000;
  if (losoScored) log(`leave-one-source-out: ${summary(measure(losoScored.rows, losoScored.predictions))}`);
  const others: Record<string, ScoredRows> = {};
  if (losoScored) others['leave-one-source-out'] = losoScored;
  if (validation) others[`random split (${(100 * settings.validationShare).toFixed(0)}% by group)`] = validation;
  const calibration = heldScored ? calibrate(heldScored, settings, others) : noCalibration();
  log(`temperature ${calibration.temperature.toFixed(3)}; thresholds ${JSON.stringify(calibration.thresholds)}`);
  if (values.dump && validation && heldScored) writeFileSync(values.dump, JSON.stringify(dumpScores(validation, heldScored)));
  const scaled = <T extends { predictions: Prediction[] }>(r: T, s: ScoredRows) => ({ ...r, metrics: measure(s.rows, rescale(s.predictions, calibration.temperature)) });
  const heldOut = held && heldScored ? scaled(held, heldScored) : undefined;
  const leaveOneOut = loso && losoScored ? scaled(loso, losoScored) : undefined;
  const randomSplitScaled = validation ? measure(validation.rows, rescale(validation.predictions, calibration.temperature)) : undefined;
  const folds = held ? perFold(rows, held, calibration.temperature) : undefined;
  for (const f of folds ?? []) log(`fold ${f.fold} [${f.datasets.join(', ')}]: ${summary(f.metrics)}`);
  if (foldBundles && held?.models && folds) await writeFoldBundles(foldBundles, held.models, folds, rows, settings, calibration);

  t = performance.now();
  const final = trainFinal(examples, settings, calibration);
  log(`final model trained in ${final.seconds.toFixed(1)} s (${final.cpuSeconds.toFixed(1)} s CPU)`);
  const bundle = await writeBundle(values.out, final.model, settings, calibration);

  const evalDir = values.eval ?? path.join(path.dirname(path.resolve(values.data)), 'eval-only');
  const evalOnly = [];
  const allEval: LabelledText[] = [];
  if (existsSync(evalDir)) {
    for (const f of loadJsonlFolder(evalDir)) {
      const labelled = f.rows.map((r) => ({ text: r.text, domain: r.label, category: categoryFor(r.fine_label, r.label), weight: 1 }));
      allEval.push(...labelled);
      const result = evaluateFile(f.dataset, labelled, final.model, settings, calibration);
      log(`eval-only ${f.dataset}: ${summary(result.metrics)} fallback ${(100 * result.fallback.fallbackRate).toFixed(1)}% routed acc ${result.fallback.routedDomainAccuracy.toFixed(3)}`);
      evalOnly.push(result);
    }
  }
  const evalOnlyAll = allEval.length ? evaluateFile('all files', allEval, final.model, settings, calibration) : undefined;
  if (evalOnlyAll) log(`eval-only all: ${summary(evalOnlyAll.metrics)}`);
  const latency = values['skip-latency'] ? undefined : await measureLatency(values.out);
  if (latency) log(`latency ${JSON.stringify(latency)}`);
  const onnxPath = path.join(values.out, bundle.model);
  const card = renderModelCard({
    settings,
    rows: realRows,
    syntheticRows: rows.length - realRows.length,
    rawCounts,
    cleaning: counts,
    randomSplit: randomSplitScaled,
    heldOut,
    folds,
    leaveOneOut,
    calibration,
    evalOnly,
    evalOnlyAll,
    latency,
    timings: { featurizeSeconds, cvSeconds: losoSeconds, finalTrainSeconds: final.seconds, finalTrainCpuSeconds: final.cpuSeconds, totalSeconds: (performance.now() - started) / 1000 },
    bundle: { onnxBytes: statSync(onnxPath).size, parameterCount: bundle.parameterCount, sha256: bundle.sha256 ?? '' },
  });
  writeFileSync(path.join(values.out, 'MODEL_CARD.md'), card);
  log(`wrote ${values.out} (${readFileSync(onnxPath).length} bytes ONNX)`);
}

/** A float16 router bundle with the calibrated thresholds (the shipped model and the fold models alike). */
function writeBundle(dir: string, weights: LinearRouterWeights, settings: TrainingSettings, calibration: Calibration): ReturnType<typeof writeRouterBundle> {
  const { minConfidence, maxEntropy } = calibration.thresholds;
  return writeRouterBundle(dir, { weights, categories: ROUTER_CATEGORIES, featurizer: featurizerDescriptor(settings.featurizer), thresholds: { minConfidence, maxEntropy }, precision: 'float16' });
}

/**
 * Each grouped fold's model (shipped temperature folded in, float16 like the shipped bundle) and its held-out rows
 * as `{text, label}` JSONL, so `coe eval --model DIR/fold-K --data DIR/fold-K.jsonl` reproduces the card's per-fold row.
 * The JSONL holds training-data text: it stays on this machine (never commit it).
 */
async function writeFoldBundles(dir: string, models: LinearRouterWeights[], folds: FoldScore[], rows: readonly PreparedRow[], settings: TrainingSettings, calibration: Calibration): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const f of folds) {
    await writeBundle(path.join(dir, `fold-${f.fold}`), foldTemperature(models[f.fold - 1], calibration.temperature), settings, calibration);
    writeFileSync(path.join(dir, `fold-${f.fold}.jsonl`), f.indices.map((i) => JSON.stringify({ text: rows[i].text, label: rows[i].domain })).join('\n') + '\n');
  }
  log(`wrote ${folds.length} fold bundles and held-out files to ${dir}`);
}

main().catch((error: unknown) => {
  log(`train:router failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
