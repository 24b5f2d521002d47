import type { LinearRouterWeights } from '../../src/common/onnx/linearRouterModel';
import type { FeaturizerOptions } from '../../src/common/router/featurizer';
import { fitTemperature, foldTemperature } from '../../src/common/router/train/temperature';
import { trainSoftmaxRegression, type SoftmaxTrainingOptions, type SparseExample } from '../../src/common/router/train/softmaxRegression';
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

function fit(examples: readonly SparseExample[], settings: TrainingSettings): LinearRouterWeights {
  return trainSoftmaxRegression(examples, { buckets: settings.featurizer.buckets, classes: ROUTER_CATEGORIES.length }, settings.training);
}

export interface HeldOutSourcesResult {
  folds: string[][];
  predictions: Prediction[];
  perSource: Record<string, SplitMetrics>;
}

/** Every row is predicted by a model trained without its whole dataset (grouped K-fold over datasets). */
export function heldOutSources(rows: readonly PreparedRow[], examples: readonly SparseExample[], settings: TrainingSettings): HeldOutSourcesResult {
  const folds = sourceFolds(rows, settings.folds);
  const predictions = new Array<Prediction>(rows.length);
  for (const held of folds) {
    const heldSet = new Set(held);
    const model = fit(examples.filter((_, i) => !heldSet.has(rows[i].source)), settings);
    const indices = rows.map((r, i) => (heldSet.has(r.source) ? i : -1)).filter((i) => i >= 0);
    predict(model, indices.map((i) => examples[i])).forEach((p, k) => (predictions[indices[k]] = p));
  }
  const perSource: Record<string, SplitMetrics> = {};
  for (const source of [...new Set(rows.filter((r) => !r.synthetic).map((r) => r.source))].sort()) {
    const indices = rows.map((r, i) => (r.source === source && !r.synthetic ? i : -1)).filter((i) => i >= 0);
    perSource[source] = measure(indices.map((i) => rows[i]), indices.map((i) => predictions[i]));
  }
  return { folds, predictions, perSource };
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

export interface Calibration {
  temperature: number;
  /** ECE of the top category on the random-split validation rows, before and after scaling. */
  eceBefore: number;
  eceAfter: number;
  /** The same on the held-out-source rows (not used for fitting T). */
  heldOutEceBefore: number;
  heldOutEceAfter: number;
  thresholds: FallbackStats;
}

/**
 * Temperature scaling on the random-split validation rows (the textbook recipe: a held-out sample of the
 * training distribution), then thresholds on the held-out-source rows after scaling: those are the closest
 * stand-in for unseen traffic, which is where the fallback matters.
 */
export function calibrate(validation: ScoredRows, heldOut: ScoredRows, settings: TrainingSettings): Calibration {
  const labels = validation.rows.map((r) => ROUTER_CATEGORIES.findIndex((c) => c.id === r.category));
  const temperature = fitTemperature(validation.predictions.map((p) => p.logits), labels);
  const heldScaled = rescale(heldOut.predictions, temperature);
  return {
    temperature,
    eceBefore: measure(validation.rows, validation.predictions).ece,
    eceAfter: measure(validation.rows, rescale(validation.predictions, temperature)).ece,
    heldOutEceBefore: measure(heldOut.rows, heldOut.predictions).ece,
    heldOutEceAfter: measure(heldOut.rows, heldScaled).ece,
    thresholds: chooseThresholds(heldScaled, heldOut.rows, settings.maxFallbackRate),
  };
}

export function noCalibration(): Calibration {
  return { temperature: 1, eceBefore: 0, eceAfter: 0, heldOutEceBefore: 0, heldOutEceAfter: 0, thresholds: { minConfidence: 0.3, maxEntropy: 0.9, fallbackRate: 0, routedDomainAccuracy: 0, routedCategoryAccuracy: 0 } };
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
  fallback: FallbackStats;
}

export function evaluateFile(file: string, rows: readonly LabelledText[], model: LinearRouterWeights, settings: TrainingSettings, thresholds: FallbackStats): EvalOnlyResult {
  const predictions = predict(model, toExamples(rows, settings.featurizer));
  return { file, metrics: measure(rows, predictions), fallback: fallbackStats(predictions, rows, thresholds.minConfidence, thresholds.maxEntropy) };
}
