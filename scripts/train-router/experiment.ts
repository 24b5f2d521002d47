// Grouped-source cross-validation experiments: `tsx scripts/train-router/experiment.ts --data DIR --configs FILE
// [--protocol folds|loso|both] [--jobs N] [--out FILE]`. Each config (JSON array of {name, featurizer?, training?,
// caps?, sourceWeights?, augmentation?, balancePower?}) is scored on sources held out whole; nothing from
// eval-only is read. Configs override the shipped defaults (prepare.ts, dataset.ts, ROUTER_TRAINING). Fits run in worker threads; every number is deterministic for the configs.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { DEFAULT_FEATURIZER_OPTIONS, type FeaturizerOptions } from '../../src/common/router/featurizer';
import { fitTemperature } from '../../src/common/router/train/temperature';
import type { SoftmaxTrainingOptions, SparseExample } from '../../src/common/router/train/softmaxRegression';
import { hashString } from '../../src/common/router/train/random';
import { ROUTER_CATEGORIES, categoryIndex } from './categories';
import { DEFAULT_AUGMENTATION, buildTrainingRows, type AugmentationOptions } from './dataset';
import { measure, predict, predictionFromLogits, toExamples, type Prediction } from './evaluate';
import { loadJsonlFolder } from './loadData';
import { ROUTER_TRAINING, fitModel } from './pipeline';
import { DEFAULT_POLICY, type PreparedRow } from './prepare';
import { sourceFolds } from './splits';
import { chooseThresholds } from './thresholds';

export interface ExperimentConfig {
  name: string;
  featurizer?: Partial<FeaturizerOptions>;
  training?: Partial<SoftmaxTrainingOptions>;
  caps?: Record<string, number>;
  sourceWeights?: Record<string, number>;
  augmentation?: Partial<AugmentationOptions>;
  balancePower?: number;
  /** Per-bucket inverse document frequency (fitted on the training rows of each fit) raised to this power. */
  idfPower?: number;
  /** Per-bucket scale (number of training sources the bucket occurs in / all sources) ^ power. */
  sourceSpreadPower?: number;
  /** Average the weights of this many fits, each without a seeded random share `bagDrop` of the training sources. */
  bags?: number;
  bagDrop?: number;
}

interface Task {
  config: number;
  heldOut: string[];
}

const loaded = new Map<string, ReturnType<typeof loadJsonlFolder>>();

function rowsFor(dataDir: string, config: ExperimentConfig): { rows: PreparedRow[]; realCount: number } {
  if (!loaded.has(dataDir)) loaded.set(dataDir, loadJsonlFolder(dataDir));
  const policy = { ...DEFAULT_POLICY, caps: { ...DEFAULT_POLICY.caps, ...config.caps }, sourceWeights: { ...DEFAULT_POLICY.sourceWeights, ...config.sourceWeights } };
  return buildTrainingRows(loaded.get(dataDir) ?? [], policy, { ...DEFAULT_AUGMENTATION, ...config.augmentation }, config.balancePower ?? policy.balancePower);
}

const featurizerOf = (c: ExperimentConfig): FeaturizerOptions => ({ ...DEFAULT_FEATURIZER_OPTIONS, ...c.featurizer });
const trainingOf = (c: ExperimentConfig): SoftmaxTrainingOptions => ({ ...ROUTER_TRAINING, ...c.training });

/** Smoothed idf per bucket, ln((n + 1) / (df + 1)) + 1, raised to `power`. */
function idfScales(examples: readonly SparseExample[], buckets: number, power: number): Float32Array {
  const df = new Float64Array(buckets);
  for (const e of examples) for (const id of e.ids) df[id] += 1;
  const scales = new Float32Array(buckets);
  for (let b = 0; b < buckets; b++) scales[b] = (Math.log((examples.length + 1) / (df[b] + 1)) + 1) ** power;
  return scales;
}

/** Values scaled per bucket and L2-normalised again (the featurizer's values are already unit length). */
function reweighted(examples: readonly SparseExample[], scales: Float32Array): SparseExample[] {
  return examples.map((e) => {
    const values = new Float32Array(e.values.length);
    let sum = 0;
    for (let f = 0; f < values.length; f++) {
      values[f] = e.values[f] * scales[e.ids[f]];
      sum += values[f] * values[f];
    }
    const norm = sum > 0 ? 1 / Math.sqrt(sum) : 0;
    for (let f = 0; f < values.length; f++) values[f] *= norm;
    return { ...e, values };
  });
}

function sourceSpreadScales(examples: readonly SparseExample[], sources: readonly string[], buckets: number, power: number): Float32Array {
  const names = [...new Set(sources)];
  const seen = new Map<string, Uint8Array>(names.map((n) => [n, new Uint8Array(buckets)]));
  examples.forEach((e, i) => {
    const mark = seen.get(sources[i]) as Uint8Array;
    for (const id of e.ids) mark[id] = 1;
  });
  const spread = new Float32Array(buckets);
  for (const mark of seen.values()) for (let b = 0; b < buckets; b++) spread[b] += mark[b];
  for (let b = 0; b < buckets; b++) spread[b] = (Math.max(spread[b], 1) / names.length) ** power;
  return spread;
}

function fitBagged(examples: SparseExample[], sources: string[], config: ExperimentConfig): ReturnType<typeof fitModel> {
  const bags = config.bags ?? 1;
  if (bags <= 1) return fitModel(examples, featurizerOf(config), trainingOf(config));
  const names = [...new Set(sources)].sort();
  let sum: ReturnType<typeof fitModel> | undefined;
  for (let k = 0; k < bags; k++) {
    const dropped = new Set(names.filter((n) => hashString(`${n}|${k}`, 7) / 2 ** 32 < (config.bagDrop ?? 0.25)));
    const model = fitModel(examples.filter((_, i) => !dropped.has(sources[i])), featurizerOf(config), { ...trainingOf(config), seed: k + 1 });
    if (!sum) sum = model;
    else {
      for (let j = 0; j < model.weights.length; j++) sum.weights[j] += model.weights[j];
      for (let j = 0; j < model.bias.length; j++) sum.bias[j] += model.bias[j];
    }
  }
  const m = sum as ReturnType<typeof fitModel>;
  for (let j = 0; j < m.weights.length; j++) m.weights[j] /= bags;
  for (let j = 0; j < m.bias.length; j++) m.bias[j] /= bags;
  return m;
}

function workerLoop(): void {
  const { dataDir, configs } = workerData as { dataDir: string; configs: ExperimentConfig[] };
  const cache = new Map<number, { rows: PreparedRow[]; realCount: number; examples: SparseExample[] }>();
  parentPort?.on('message', (task: Task) => {
    const config = configs[task.config];
    let data = cache.get(task.config);
    if (!data) {
      cache.clear();
      const built = rowsFor(dataDir, config);
      data = { ...built, examples: toExamples(built.rows, featurizerOf(config)) };
      cache.set(task.config, data);
    }
    const held = new Set(task.heldOut);
    const started = performance.now();
    const trainIndices = data.rows.map((_, i) => i).filter((i) => !held.has(data.rows[i].source));
    const trainSources = trainIndices.map((i) => data.rows[i].source);
    const { buckets } = featurizerOf(config);
    let examples = data.examples;
    // Scales fitted on this fit's training rows only (never on the held-out datasets).
    if (config.idfPower) examples = reweighted(examples, idfScales(trainIndices.map((i) => examples[i]), buckets, config.idfPower));
    if (config.sourceSpreadPower) examples = reweighted(examples, sourceSpreadScales(trainIndices.map((i) => examples[i]), trainSources, buckets, config.sourceSpreadPower));
    const model = fitBagged(trainIndices.map((i) => examples[i]), trainSources, config);
    const seconds = (performance.now() - started) / 1000;
    const indices = data.rows.map((r, i) => (i < data.realCount && held.has(r.source) ? i : -1)).filter((i) => i >= 0);
    const logits = predict(model, indices.map((i) => examples[i])).map((p) => Array.from(p.logits));
    parentPort?.postMessage({ task, indices, logits, seconds });
  });
}

async function runTasks(dataDir: string, configs: ExperimentConfig[], tasks: Task[], jobs: number, onResult: (r: { task: Task; indices: number[]; logits: number[][]; seconds: number }) => void): Promise<void> {
  // Tasks of one config are queued together so a worker featurizes each config once.
  const queue = [...tasks];
  const workers = Array.from({ length: Math.min(jobs, tasks.length) }, () => new Worker(__filename, { workerData: { dataDir, configs } }));
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          const next = () => {
            const task = queue.shift();
            if (!task) {
              void w.terminate().then(() => resolve());
              return;
            }
            w.postMessage(task);
          };
          w.on('message', (r) => {
            onResult(r);
            next();
          });
          w.on('error', reject);
          next();
        }),
    ),
  );
}

const f3 = (x: number) => x.toFixed(3);

function summarise(config: ExperimentConfig, proto: string, data: { rows: PreparedRow[]; realCount: number }, entry: { logits: Float64Array[]; seconds: number[] }): object {
  const real = data.rows.slice(0, data.realCount);
  const scored = real.map((_, i) => i).filter((i) => entry.logits[i]);
  const rows = scored.map((i) => real[i]);
  const logits = scored.map((i) => entry.logits[i]);
  const raw = logits.map((l) => predictionFromLogits(l));
  const temperature = fitTemperature(logits, rows.map((r) => categoryIndex(r.category)));
  const scaled: Prediction[] = logits.map((l) => predictionFromLogits(l.map((x) => x / temperature)));
  const m = measure(rows, raw);
  const ms = measure(rows, scaled);
  const perSource: Record<string, number> = {};
  for (const s of [...new Set(rows.map((r) => r.source))].sort()) {
    const idx = rows.map((r, i) => (r.source === s ? i : -1)).filter((i) => i >= 0);
    perSource[s] = idx.filter((i) => ROUTER_CATEGORIES[raw[i].top].domain === rows[i].domain).length / idx.length;
  }
  const meanSource = Object.values(perSource).reduce((a, b) => a + b, 0) / Object.keys(perSource).length;
  const thresholds = chooseThresholds(scaled, rows, 0.1);
  const meanFitSeconds = entry.seconds.reduce((a, b) => a + b, 0) / entry.seconds.length;
  const weak = Object.entries(perSource).sort((a, b) => a[1] - b[1]).slice(0, 6).map(([s, a]) => `${s.replace(/^(code_|math_|general_)/, '')} ${f3(a)}`).join(', ');
  console.log(`${config.name.padEnd(28)} ${proto.padEnd(5)} acc ${f3(m.domain.accuracy)} F1 ${f3(m.domain.macroF1)} srcMean ${f3(meanSource)} | cat ${f3(m.category.accuracy)}/${f3(m.category.macroF1)} | ECE ${f3(m.ece)}→${f3(ms.ece)} T=${temperature.toFixed(2)} | fit ${meanFitSeconds.toFixed(1)}s | ${weak}`);
  return { name: config.name, protocol: proto, n: rows.length, domainAcc: m.domain.accuracy, domainF1: m.domain.macroF1, meanSourceAcc: meanSource, catAcc: m.category.accuracy, catF1: m.category.macroF1, ece: m.ece, domainEce: m.domainEce, temperature, eceScaled: ms.ece, domainEceScaled: ms.domainEce, thresholds, meanFitSeconds, perSource };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { data: { type: 'string' }, configs: { type: 'string' }, protocol: { type: 'string' }, jobs: { type: 'string' }, out: { type: 'string' } } });
  if (!values.data || !values.configs) throw new Error('usage: experiment.ts --data TRAIN_DIR --configs FILE [--protocol folds|loso|both] [--jobs N] [--out FILE]');
  const configs = JSON.parse(readFileSync(values.configs, 'utf8')) as ExperimentConfig[];
  const protocol = values.protocol ?? 'folds';
  const jobs = Number(values.jobs ?? cpus().length);
  const prepared = configs.map((c) => rowsFor(values.data as string, c));
  const tasks: (Task & { protocol: string })[] = [];
  configs.forEach((_, k) => {
    const { rows, realCount } = prepared[k];
    if (protocol !== 'loso') for (const fold of sourceFolds(rows, 4)) tasks.push({ config: k, heldOut: fold, protocol: 'folds' });
    if (protocol !== 'folds') for (const source of [...new Set(rows.slice(0, realCount).map((r) => r.source))].sort()) tasks.push({ config: k, heldOut: [source], protocol: 'loso' });
  });
  const results = new Map<string, { logits: Float64Array[]; seconds: number[]; remaining: number }>();
  const keyOf = (t: Task & { protocol: string }) => `${t.config}|${t.protocol}`;
  for (const t of tasks) {
    const entry = results.get(keyOf(t)) ?? { logits: new Array<Float64Array>(prepared[t.config].realCount), seconds: [], remaining: 0 };
    entry.remaining += 1;
    results.set(keyOf(t), entry);
  }
  const report: object[] = [];
  const started = performance.now();
  // Workers get the tasks in queue order and echo them back; map a reply to its task by position in the queue.
  const byId = new Map(tasks.map((t) => [`${t.config}|${t.heldOut.join()}`, t]));
  await runTasks(values.data, configs, tasks, jobs, ({ task, indices, logits, seconds }) => {
    const full = byId.get(`${task.config}|${task.heldOut.join()}`);
    if (!full) throw new Error('unknown task');
    const key = keyOf(full);
    const entry = results.get(key);
    if (!entry) throw new Error('unknown result');
    indices.forEach((i, k) => (entry.logits[i] = Float64Array.from(logits[k])));
    entry.seconds.push(seconds);
    entry.remaining -= 1;
    if (entry.remaining === 0) report.push(summarise(configs[full.config], full.protocol, prepared[full.config], entry));
  });
  process.stderr.write(`${tasks.length} fits in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  if (values.out) writeFileSync(values.out, JSON.stringify(report, null, 1));
}

if (isMainThread) {
  main().catch((error: unknown) => {
    process.stderr.write(`experiment failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
} else {
  workerLoop();
}
