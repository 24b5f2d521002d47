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
  /** Passes over the corrections; undefined: enough passes for about `targetSteps` updates (3–40). */
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
  targetSteps: 3000,
  learningRate: 0.3,
  l2: 1e-3,
  biasL2: 0.05,
  trainBias: true,
  anchorWeight: 1,
  seed: 7,
});

export function epochsFor(count: number, options: AdapterTrainingOptions): number {
  if (options.epochs !== undefined) return options.epochs;
  return Math.min(40, Math.max(3, Math.ceil(options.targetSteps / Math.max(1, count))));
}

const STEPS_PER_YIELD = 64;

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
 * scratch matrix is dropped at the end: only buckets the corrections touched are kept. Yields every 64
 * steps so the worker can answer classifications in between (training never stalls routing for long).
 */
export function* trainAdapterSteps(
  examples: readonly TeachExample[],
  base: AdapterBase,
  options: AdapterTrainingOptions = DEFAULT_ADAPTER_TRAINING,
  state: TrainingState = new TrainingState(base),
  epochs: number = epochsFor(examples.length, options),
): Generator<number, RouterAdapter> {
  const order = examples.map((_, i) => i);
  const random = seededRandom(options.seed + state.epochsRun);
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffleInPlace(order, random);
    // Small chunks between yields keep a classification waiting behind training to a few milliseconds; the
    // loop itself runs in a method because V8 optimises hot loops inside generators less well.
    for (let from = 0; from < order.length; from += STEPS_PER_YIELD) {
      state.run(examples, order, from, Math.min(order.length, from + STEPS_PER_YIELD), options);
      yield epoch;
    }
    state.epochsRun += 1;
  }
  return state.snapshot();
}

/** Dense scratch weights and AdaGrad accumulators; training can resume from it (the gate's refit does). */
export class TrainingState {
  readonly weights: Float32Array;
  private readonly squared: Float32Array;
  readonly touched: Uint8Array;
  readonly bias: Float64Array;
  private readonly biasSquared: Float64Array;
  private readonly logits: Float64Array;
  private readonly gradient: Float64Array;
  private readonly active: Int32Array;

  private readonly classes: number;
  epochsRun = 0;

  constructor(private readonly base: AdapterBase) {
    const { buckets } = base;
    const classes = base.categories.length;
    this.classes = classes;
    this.weights = new Float32Array(buckets * classes);
    this.squared = new Float32Array(buckets * classes);
    this.touched = new Uint8Array(buckets);
    this.bias = new Float64Array(classes);
    this.biasSquared = new Float64Array(classes);
    this.logits = new Float64Array(classes);
    this.gradient = new Float64Array(classes);
    this.active = new Int32Array(classes);
  }

  run(examples: readonly TeachExample[], order: readonly number[], from: number, to: number, options: AdapterTrainingOptions): void {
    for (let i = from; i < to; i++) this.step(examples[order[i]], options);
  }

  /** The adapter as trained so far (a sparse copy; training may go on). */
  snapshot(): RouterAdapter {
    return sparsify(this.weights, this.touched, Float32Array.from(this.bias), this.base);
  }

  private step(example: TeachExample, options: AdapterTrainingOptions): void {
    const { ids, values, baseLogits, target, weight } = example;
    if (weight <= 0) return;
    const { weights, squared, touched, bias, biasSquared, logits, gradient, active, classes: C } = this;
    const { learningRate: lr, l2, biasL2 } = options;
    for (let c = 0; c < C; c++) logits[c] = baseLogits[c] + bias[c];
    for (let f = 0; f < ids.length; f++) {
      const row = ids[f] * C;
      const v = values[f];
      for (let c = 0; c < C; c++) logits[c] += weights[row + c] * v;
    }
    softmaxInPlace(logits);
    // Classes with a negligible gradient are skipped: usually only a few of them carry any probability,
    // and this inner loop over ~1,000 features per chat prompt is where all the time goes.
    let activeCount = 0;
    for (let c = 0; c < C; c++) {
      gradient[c] = weight * (logits[c] - target[c]);
      if (Math.abs(gradient[c]) > 1e-4) active[activeCount++] = c;
    }
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
      for (let a = 0; a < activeCount; a++) {
        const c = active[a];
        const k = row + c;
        const g = gradient[c] * v + l2 * weights[k];
        squared[k] += g * g;
        weights[k] -= (lr * g) / (Math.sqrt(squared[k]) + 1e-8);
      }
    }
  }
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
