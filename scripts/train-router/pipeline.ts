import type { LinearRouterWeights } from '../../src/common/onnx/linearRouterModel';
import { DEFAULT_FEATURIZER_OPTIONS, type FeaturizerOptions } from '../../src/common/router/featurizer';
import { fitTemperature, foldTemperature } from '../../src/common/router/train/temperature';
import { DEFAULT_SOFTMAX_TRAINING, trainSoftmaxRegression, type SoftmaxTrainingOptions, type SparseExample } from '../../src/common/router/train/softmaxRegression';
import { ROUTER_CATEGORIES } from './categories';
import { measure, predict, predictionFromLogits, toExamples, type LabelledText, type Prediction, type SplitMetrics } from './evaluate';
import type { PreparedRow } from './prepare';
import { randomSplit, sourceFolds } from './splits';
import { chooseThresholds, fallbackStats, type FallbackStats } from './thresholds';

export interface TrainingSettings {
  featurizer: FeaturizerOptions;
  training: SoftmaxTrainingOptions;
  folds: number;
  validationShare: number;
  maxFallbackRate: number;
}

/**
 * Training settings of the shipped router, chosen by grouped held-out-source CV (media/router/EXPERIMENTS.md):
 * a domain-level auxiliary loss (weight 10), a smaller AdaGrad step and more label smoothing than the
 * library defaults (which the teach-the-router fine-tuning keeps).
 */
export const ROUTER_TRAINING: Readonly<SoftmaxTrainingOptions> = Object.freeze({
  ...DEFAULT_SOFTMAX_TRAINING,
  learningRate: 0.1,
  labelSmoothing: 0.1,
  groupLossWeight: 10,
});

/** The shipped pipeline's settings, with optional featurizer / trainer overrides (train:router --params, errors.ts). */
export function routerSettings(overrides: { featurizer?: Partial<FeaturizerOptions>; training?: Partial<SoftmaxTrainingOptions> } = {}): TrainingSettings {
  return {
    featurizer: { ...DEFAULT_FEATURIZER_OPTIONS, ...overrides.featurizer },
    training: { ...ROUTER_TRAINING, ...overrides.training },
    folds: 4,
    validationShare: 0.15,
    maxFallbackRate: 0.1,
  };
}

const DOMAIN_OF_CLASS = ROUTER_CATEGORIES.map((c) => ['code', 'math', 'general'].indexOf(c.domain));

/** One fit of the router; the class → domain map feeds the optional domain-level auxiliary loss. */
export function fitModel(examples: readonly SparseExample[], featurizer: FeaturizerOptions, training: SoftmaxTrainingOptions): LinearRouterWeights {
  return trainSoftmaxRegression(examples, { buckets: featurizer.buckets, classes: ROUTER_CATEGORIES.length }, { classGroups: DOMAIN_OF_CLASS, ...training });
}

function fit(examples: readonly SparseExample[], settings: TrainingSettings): LinearRouterWeights {
  return fitModel(examples, settings.featurizer, settings.training);
}

export interface HeldOutSourcesResult {
  folds: string[][];
  predictions: Prediction[];
  perSource: Record<string, SplitMetrics>;
  /** The model of each fold (same order as `folds`), when asked for. */
  models?: LinearRouterWeights[];
}

/**
 * Every row of a held-out group is predicted by a model trained without those whole datasets. `folds` lists
 * the datasets held out together: 4 grouped folds, or one dataset each (leave-one-source-out).
 */
export function heldOutSources(rows: readonly PreparedRow[], examples: readonly SparseExample[], settings: TrainingSettings, folds: string[][] = sourceFolds(rows, settings.folds), keepModels = false): HeldOutSourcesResult {
  const predictions = new Array<Prediction>(rows.length);
  const models: LinearRouterWeights[] = [];
  for (const held of folds) {
    const heldSet = new Set(held);
    const model = fit(examples.filter((_, i) => !heldSet.has(rows[i].source)), settings);
    if (keepModels) models.push(model);
    const indices = rows.map((r, i) => (heldSet.has(r.source) ? i : -1)).filter((i) => i >= 0);
    predict(model, indices.map((i) => examples[i])).forEach((p, k) => (predictions[indices[k]] = p));
  }
  const perSource: Record<string, SplitMetrics> = {};
  for (const source of [...new Set(rows.filter((r) => !r.synthetic).map((r) => r.source))].sort()) {
    const indices = rows.map((r, i) => (r.source === source && !r.synthetic && predictions[i] ? i : -1)).filter((i) => i >= 0);
    if (indices.length) perSource[source] = measure(indices.map((i) => rows[i]), indices.map((i) => predictions[i]));
  }
  return { folds, predictions, perSource, ...(keepModels ? { models } : {}) };
}

/** Leave-one-source-out: each real dataset held out alone, the model trained on all the others (synthetic rows included). */
export function leaveOneSourceOut(rows: readonly PreparedRow[], examples: readonly SparseExample[], settings: TrainingSettings): HeldOutSourcesResult {
  const sources = [...new Set(rows.filter((r) => !r.synthetic).map((r) => r.source))].sort();
  return heldOutSources(rows, examples, settings, sources.map((s) => [s]));
}

export interface ScoredRows {
  rows: PreparedRow[];
  predictions: Prediction[];
}

/** Trains on a random share of groups and predicts the rest (synthetic rows are trained on, never scored). */
export function randomSplitPredictions(rows: readonly PreparedRow[], examples: readonly SparseExample[], settings: TrainingSettings, seed: number): ScoredRows {
  const split = randomSplit(rows, settings.validationShare, seed);
  const model = fit(split.train.map((i) => examples[i]), settings);
  const validation = split.validation.filter((i) => !rows[i].synthetic);
  return { rows: validation.map((i) => rows[i]), predictions: predict(model, validation.map((i) => examples[i])) };
}

/** Predictions as the shipped model gives them once temperature T is folded into the weights. */
export function rescale(predictions: readonly Prediction[], temperature: number): Prediction[] {
  return predictions.map((p) => predictionFromLogits(p.logits.map((l) => l / temperature)));
}

/** ECE of the top category (and of the chosen domain's mass) before and after temperature scaling. */
export interface EceChange {
  before: number;
  after: number;
  domainBefore: number;
  domainAfter: number;
}

export interface Calibration {
  temperature: number;
  /** Where T was fitted. */
  fittedOn: string;
  ece: Record<string, EceChange>;
  thresholds: FallbackStats;
}

export function eceChange(rows: readonly LabelledText[], predictions: readonly Prediction[], temperature: number): EceChange {
  const before = measure(rows, predictions);
  const after = measure(rows, rescale(predictions, temperature));
  return { before: before.ece, after: after.ece, domainBefore: before.domainEce, domainAfter: after.domainEce };
}

/**
 * Temperature scaling on the out-of-fold held-out-source predictions (the grouped folds): unseen sources are
 * what the shipped model meets, and a random split of the training distribution is over-confident for them.
 * T maximises the likelihood of the gold domain's summed probability (the expert-level quantity the fallback
 * thresholds), not of the fine category. The thresholds are then chosen on the same rows after scaling.
 */
export function calibrate(heldOut: ScoredRows, settings: TrainingSettings, others: Record<string, ScoredRows>): Calibration {
  const labels = heldOut.rows.map((r) => ROUTER_CATEGORIES.findIndex((c) => c.id === r.category));
  const temperature = fitTemperature(heldOut.predictions.map((p) => p.logits), labels, DOMAIN_OF_CLASS);
  const ece: Record<string, EceChange> = { 'held-out sources (4 folds)': eceChange(heldOut.rows, heldOut.predictions, temperature) };
  for (const [name, scored] of Object.entries(others)) ece[name] = eceChange(scored.rows, scored.predictions, temperature);
  return { temperature, fittedOn: 'out-of-fold predictions of the 4 grouped held-out-source folds (likelihood of the gold domain)', ece, thresholds: chooseThresholds(rescale(heldOut.predictions, temperature), heldOut.rows, settings.maxFallbackRate) };
}

export function noCalibration(): Calibration {
  return { temperature: 1, fittedOn: 'not fitted (--no-cv)', ece: {}, thresholds: { minConfidence: 0.5, maxEntropy: 0.9, fallbackRate: 0, routedDomainAccuracy: 0, routedCategoryAccuracy: 0 } };
}

export function trainFinal(examples: readonly SparseExample[], settings: TrainingSettings, calibration: Calibration): { model: LinearRouterWeights; seconds: number; cpuSeconds: number } {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const model = foldTemperature(fit(examples, settings), calibration.temperature);
  const used = process.cpuUsage(cpu);
  return { model, seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}

export interface EvalOnlyResult {
  file: string;
  metrics: SplitMetrics;
  /** ECE of the same model before the temperature was folded in. */
  eceBefore: number;
  domainEceBefore: number;
  fallback: FallbackStats;
}

/** Scores a labelled file with the shipped (temperature-folded) model; ECE before scaling undoes the folded T. */
export function evaluateFile(file: string, rows: readonly LabelledText[], model: LinearRouterWeights, settings: TrainingSettings, calibration: Calibration): EvalOnlyResult {
  const predictions = predict(model, toExamples(rows, settings.featurizer));
  const unscaled = measure(rows, rescale(predictions, 1 / calibration.temperature));
  const metrics = measure(rows, predictions);
  const { minConfidence, maxEntropy } = calibration.thresholds;
  return { file, metrics, eceBefore: unscaled.ece, domainEceBefore: unscaled.domainEce, fallback: fallbackStats(predictions, rows, minConfidence, maxEntropy) };
}

/** Per fold of the grouped protocol: its real held-out rows (indices into `rows`) and metrics after scaling by T. */
export interface FoldScore {
  fold: number;
  datasets: string[];
  indices: number[];
  metrics: SplitMetrics;
}

export function perFold(rows: readonly PreparedRow[], held: HeldOutSourcesResult, temperature: number): FoldScore[] {
  return held.folds.map((datasets, k) => {
    const set = new Set(datasets);
    const indices = rows.map((r, i) => (!r.synthetic && set.has(r.source) ? i : -1)).filter((i) => i >= 0);
    return { fold: k + 1, datasets, indices, metrics: measure(indices.map((i) => rows[i]), rescale(indices.map((i) => held.predictions[i]), temperature)) };
  });
}
