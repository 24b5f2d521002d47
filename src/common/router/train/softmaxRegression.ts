import type { LinearRouterWeights } from '../../onnx/linearRouterModel';
import { seededRandom, shuffleInPlace } from './random';

/** One training row as the featurizer produced it. */
export interface SparseExample {
  ids: Int32Array;
  values: Float32Array;
  label: number;
  /** Sample weight (source balancing, down-weighted ambiguous rows). */
  weight: number;
}

export interface SoftmaxTrainingOptions {
  epochs: number;
  learningRate: number;
  /** L2 penalty applied to the weights a row touches (lazy regularisation keeps updates sparse). */
  l2: number;
  /** Share of the target mass spread over all classes: softens noisy labels and over-confidence. */
  labelSmoothing: number;
  seed: number;
  /** Start from these weights instead of zeros (e.g. to fine-tune from user feedback). */
  initial?: LinearRouterWeights;
  /**
   * Optional auxiliary objective on coarse groups (the domains): class c belongs to group classGroups[c], and
   * `groupLossWeight` × −log Σ_{c∈gold group} p_c is added to each row's loss. Confusions inside the gold
   * group then cost less than confusions across groups, which is what routing to an expert needs. Still one
   * linear softmax model: attributions and the shipped graph are unchanged.
   */
  classGroups?: ArrayLike<number>;
  groupLossWeight?: number;
  /**
   * Starting value of every feature's AdaGrad accumulator (default 0). Above 0 it caps the first steps of
   * rarely seen features, which would otherwise move furthest: rare n-grams are where a source's quirks live.
   */
  accumulatorStart?: number;
  /** Called after every epoch with the mean weighted training loss. */
  onEpoch?: (epoch: number, meanLoss: number) => void;
}

export const DEFAULT_SOFTMAX_TRAINING: Readonly<SoftmaxTrainingOptions> = Object.freeze({
  epochs: 5,
  learningRate: 0.2,
  l2: 1e-6,
  labelSmoothing: 0.05,
  seed: 1,
});

/** Logits of one example: bias + Σ_f W[id_f] · value_f (written into `out`). */
export function sparseLogits(model: LinearRouterWeights, ids: ArrayLike<number>, values: ArrayLike<number>, out: Float64Array): Float64Array {
  const C = model.classes;
  for (let c = 0; c < C; c++) out[c] = model.bias[c];
  for (let f = 0; f < ids.length; f++) {
    const row = ids[f] * C;
    const v = values[f];
    for (let c = 0; c < C; c++) out[c] += model.weights[row + c] * v;
  }
  return out;
}

/** In-place softmax over a Float64Array; returns the log of the normaliser's input max-shifted sum. */
export function softmaxInPlace(logits: Float64Array): Float64Array {
  let max = -Infinity;
  for (const l of logits) if (l > max) max = l;
  let sum = 0;
  for (let c = 0; c < logits.length; c++) {
    logits[c] = Math.exp(logits[c] - max);
    sum += logits[c];
  }
  for (let c = 0; c < logits.length; c++) logits[c] /= sum;
  return logits;
}

/**
 * Multinomial logistic regression on hashed sparse features, trained with per-coordinate AdaGrad (robust
 * to the very uneven feature frequencies of text without tuning a schedule). Deterministic for a seed.
 */
export function trainSoftmaxRegression(
  examples: readonly SparseExample[],
  shape: { buckets: number; classes: number },
  options: SoftmaxTrainingOptions = DEFAULT_SOFTMAX_TRAINING,
): LinearRouterWeights {
  const { buckets, classes: C } = shape;
  const model: LinearRouterWeights = options.initial
    ? { buckets, classes: C, weights: Float32Array.from(options.initial.weights), bias: Float32Array.from(options.initial.bias) }
    : { buckets, classes: C, weights: new Float32Array(buckets * C), bias: new Float32Array(C) };
  if (model.weights.length !== buckets * C || model.bias.length !== C) throw new Error('initial weights do not match the model shape');
  // Row-wise AdaGrad: one accumulator per feature bucket (mean squared gradient over the classes), so a
  // step costs one square root per feature instead of one per feature × class; same behaviour on text.
  const squaredGradients = new Float32Array(buckets).fill(options.accumulatorStart ?? 0);
  const biasSquaredGradients = new Float32Array(C);
  const order = examples.map((_, i) => i);
  const random = seededRandom(options.seed);
  const probabilities = new Float64Array(C);
  const gradient = new Float64Array(C);
  const { learningRate: lr, l2, labelSmoothing } = options;
  const offTarget = labelSmoothing / C;
  const groupWeight = options.groupLossWeight ?? 0;
  const groups = options.classGroups;
  if (groupWeight > 0 && (!groups || groups.length !== C)) throw new Error(`classGroups must name a group for each of the ${C} classes`);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, random);
    let lossSum = 0;
    let weightSum = 0;
    for (const index of order) {
      const { ids, values, label, weight } = examples[index];
      if (weight <= 0) continue;
      softmaxInPlace(sparseLogits(model, ids, values, probabilities));
      lossSum -= weight * Math.log(Math.max(probabilities[label], 1e-12));
      weightSum += weight;
      // d/dz_c of −log P(gold group) is p_c − [c ∈ gold group] p_c / P(gold group).
      let goldGroupMass = 0;
      if (groupWeight > 0 && groups) for (let c = 0; c < C; c++) if (groups[c] === groups[label]) goldGroupMass += probabilities[c];
      for (let c = 0; c < C; c++) {
        const target = offTarget + (c === label ? 1 - labelSmoothing : 0);
        let d = probabilities[c] - target;
        if (groupWeight > 0 && groups) {
          d += groupWeight * (probabilities[c] - (groups[c] === groups[label] ? probabilities[c] / Math.max(goldGroupMass, 1e-12) : 0));
        }
        gradient[c] = weight * d;
        const g = gradient[c];
        biasSquaredGradients[c] += g * g;
        model.bias[c] -= (lr * g) / (Math.sqrt(biasSquaredGradients[c]) + 1e-8);
      }
      const weights = model.weights;
      for (let f = 0; f < ids.length; f++) {
        const bucket = ids[f];
        const row = bucket * C;
        const v = values[f];
        let squares = 0;
        for (let c = 0; c < C; c++) {
          const g = gradient[c] * v + l2 * weights[row + c];
          squares += g * g;
        }
        squaredGradients[bucket] += squares / C;
        const step = lr / (Math.sqrt(squaredGradients[bucket]) + 1e-8);
        for (let c = 0; c < C; c++) weights[row + c] -= step * (gradient[c] * v + l2 * weights[row + c]);
      }
    }
    options.onEpoch?.(epoch, weightSum > 0 ? lossSum / weightSum : 0);
  }
  return model;
}
