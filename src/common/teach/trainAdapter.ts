import { softmaxInPlace } from '../router/train/softmaxRegression';
import { seededRandom, shuffleInPlace } from '../router/train/random';
import type { AdapterBase, RouterAdapter } from './adapter';

/** One correction ready for training: its features, the frozen base model's logits and the target. */
export interface TeachExample {
  ids: Int32Array;
  values: Float32Array;
  /** Logits of the base model alone: a fixed offset, so the adapter learns only the residual. */
  baseLogits: Float64Array;
  /** Target distribution over the categories (one-hot, or spread within a domain). */
  target: Float64Array;
  weight: number;
}

export interface AdapterTrainingOptions {
  /** Passes over the corrections; undefined: enough passes for about `targetSteps` updates (5–40). */
  epochs?: number;
  targetSteps: number;
  learningRate: number;
  /** Pull of every touched weight toward zero (lazy L2): the adapter only moves where the data insists. */
  l2: number;
  /** Stronger pull on the bias: a bias shift touches every prompt, not only ones like the corrections. */
  biasL2: number;
  trainBias: boolean;
  /** Weight of each anchor prompt (rehearsal toward the base model's own output). */
  anchorWeight: number;
  seed: number;
}

export const DEFAULT_ADAPTER_TRAINING: Readonly<AdapterTrainingOptions> = Object.freeze({
  targetSteps: 4000,
  learningRate: 0.3,
  l2: 1e-3,
  biasL2: 0.05,
  trainBias: true,
  anchorWeight: 1,
  seed: 7,
});

export function epochsFor(count: number, options: AdapterTrainingOptions): number {
  if (options.epochs !== undefined) return options.epochs;
  return Math.min(40, Math.max(5, Math.ceil(options.targetSteps / Math.max(1, count))));
}

/** Runs a step generator to its end without pausing (tests, the CLI). */
export function runToEnd<T>(steps: Generator<unknown, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

export function trainAdapter(examples: readonly TeachExample[], base: AdapterBase, options: AdapterTrainingOptions = DEFAULT_ADAPTER_TRAINING): RouterAdapter {
  return runToEnd(trainAdapterSteps(examples, base, options));
}

/**
 * Softmax regression of the residual: p = softmax(baseLogits + adapter(x)), trained with per-coordinate
 * AdaGrad on the weighted cross-entropy to the targets, L2 toward zero. Deterministic for a seed. The dense
 * scratch matrix is dropped at the end: only buckets the corrections touched are kept. Yields after every
 * epoch so the worker can answer classifications in between (training never stalls routing).
 */
export function* trainAdapterSteps(
  examples: readonly TeachExample[],
  base: AdapterBase,
  options: AdapterTrainingOptions = DEFAULT_ADAPTER_TRAINING,
): Generator<number, RouterAdapter> {
  const C = base.categories.length;
  const { buckets } = base;
  const weights = new Float32Array(buckets * C);
  const squared = new Float32Array(buckets * C);
  const touched = new Uint8Array(buckets);
  const bias = new Float64Array(C);
  const biasSquared = new Float64Array(C);
  const logits = new Float64Array(C);
  const gradient = new Float64Array(C);
  const { learningRate: lr, l2, biasL2 } = options;
  const order = examples.map((_, i) => i);
  const random = seededRandom(options.seed);
  const epochs = epochsFor(examples.length, options);
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const index of order) {
      const { ids, values, baseLogits, target, weight } = examples[index];
      if (weight <= 0) continue;
      for (let c = 0; c < C; c++) logits[c] = baseLogits[c] + bias[c];
      for (let f = 0; f < ids.length; f++) {
        const row = ids[f] * C;
        const v = values[f];
        for (let c = 0; c < C; c++) logits[c] += weights[row + c] * v;
      }
      softmaxInPlace(logits);
      for (let c = 0; c < C; c++) gradient[c] = weight * (logits[c] - target[c]);
      if (options.trainBias) {
        for (let c = 0; c < C; c++) {
          const g = gradient[c] + biasL2 * bias[c];
          biasSquared[c] += g * g;
          bias[c] -= (lr * g) / (Math.sqrt(biasSquared[c]) + 1e-8);
        }
      }
      for (let f = 0; f < ids.length; f++) {
        const bucket = ids[f];
        touched[bucket] = 1;
        const row = bucket * C;
        const v = values[f];
        for (let c = 0; c < C; c++) {
          const k = row + c;
          const g = gradient[c] * v + l2 * weights[k];
          squared[k] += g * g;
          weights[k] -= (lr * g) / (Math.sqrt(squared[k]) + 1e-8);
        }
      }
    }
    yield epoch;
  }
  return sparsify(weights, touched, Float32Array.from(bias), base);
}

function sparsify(dense: Float32Array, touched: Uint8Array, bias: Float32Array, base: AdapterBase): RouterAdapter {
  const C = base.categories.length;
  const keep: number[] = [];
  for (let b = 0; b < touched.length; b++) {
    if (!touched[b]) continue;
    let any = false;
    for (let c = 0; c < C; c++) if (Math.abs(dense[b * C + c]) > 1e-7) any = true;
    if (any) keep.push(b);
  }
  const ids = Int32Array.from(keep);
  const weights = new Float32Array(keep.length * C);
  keep.forEach((b, row) => weights.set(dense.subarray(b * C, b * C + C), row * C));
  return { ids, weights, bias, classes: C, base: { ...base, categories: [...base.categories] } };
}
