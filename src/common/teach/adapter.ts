/**
 * The user's router adapter: sparse additive weights over the base model's hashed feature buckets plus a
 * per-class bias. total logit = base logit + adapter logit, and because both are linear in the same
 * features, a token's contribution is base share + adapter share exactly (the inspector can show both).
 */

/** What an adapter was trained against: applying it to another base model would add a meaningless residual. */
export interface AdapterBase {
  /** sha256 of the base ONNX model (labels.json `sha256`), or null when the bundle does not record one. */
  sha256: string | null;
  featurizerName: string;
  featurizerVersion: number;
  buckets: number;
  /** Category ids in the base model's output order. */
  categories: string[];
}

export interface RouterAdapter {
  /** Hash buckets that carry a weight, ascending and unique. */
  ids: Int32Array;
  /** Row-major [ids.length, classes]. */
  weights: Float32Array;
  bias: Float32Array;
  classes: number;
  base: AdapterBase;
}

/** The adapter does not belong to the loaded base model (different categories, featurizer or model). */
export class AdapterMismatchError extends Error {
  override readonly name = 'AdapterMismatchError';
}

export function checkAdapterShape(adapter: RouterAdapter): void {
  const { ids, weights, bias, classes, base } = adapter;
  if (classes !== base.categories.length) throw new AdapterMismatchError(`adapter has ${classes} classes but lists ${base.categories.length} categories`);
  if (bias.length !== classes) throw new AdapterMismatchError(`adapter bias has ${bias.length} values; expected ${classes}`);
  if (weights.length !== ids.length * classes) throw new AdapterMismatchError(`adapter has ${weights.length} weights for ${ids.length} buckets × ${classes} classes`);
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] < 0 || ids[i] >= base.buckets || (i > 0 && ids[i] <= ids[i - 1])) {
      throw new AdapterMismatchError(`adapter bucket ids must be ascending, unique and below ${base.buckets}`);
    }
  }
  for (const w of weights) if (!Number.isFinite(w)) throw new AdapterMismatchError('adapter weights must be finite numbers');
  for (const b of bias) if (!Number.isFinite(b)) throw new AdapterMismatchError('adapter bias must be finite numbers');
}

/** Throws AdapterMismatchError (with what to do) unless `adapter` was trained for `base`. */
export function checkAdapterFits(adapter: RouterAdapter, base: AdapterBase): void {
  checkAdapterShape(adapter);
  const a = adapter.base;
  const retrain = 'teach the router again ("CoE: Teach Router Now") to build one for the current model';
  if (a.categories.join(',') !== base.categories.join(',')) {
    throw new AdapterMismatchError(`the adapter was trained for categories [${a.categories.join(', ')}], the router has [${base.categories.join(', ')}]; ${retrain}`);
  }
  if (a.featurizerName !== base.featurizerName || a.featurizerVersion !== base.featurizerVersion || a.buckets !== base.buckets) {
    throw new AdapterMismatchError(`the adapter was trained for featurizer ${a.featurizerName} v${a.featurizerVersion} (${a.buckets} buckets); ${retrain}`);
  }
  if (a.sha256 !== null && base.sha256 !== null && a.sha256 !== base.sha256) {
    throw new AdapterMismatchError(`the adapter was trained on top of another router model (sha256 ${a.sha256.slice(0, 12)}…); ${retrain}`);
  }
}

/** Bucket → adapter row, or -1: one Int32Array read per feature keeps the adapter off the latency path. */
export class AdapterLookup {
  private readonly rowOfBucket: Int32Array;

  constructor(readonly adapter: RouterAdapter) {
    this.rowOfBucket = new Int32Array(adapter.base.buckets).fill(-1);
    adapter.ids.forEach((bucket, row) => (this.rowOfBucket[bucket] = row));
  }

  /** Adds the adapter's logits for these features into `out` (which holds the base logits or zeros). */
  addLogits(ids: ArrayLike<number>, values: ArrayLike<number>, out: Float64Array): Float64Array {
    const { weights, bias, classes: C } = this.adapter;
    for (let c = 0; c < C; c++) out[c] += bias[c];
    for (let f = 0; f < ids.length; f++) {
      const row = this.rowOfBucket[ids[f]];
      if (row < 0) continue;
      const v = values[f];
      for (let c = 0; c < C; c++) out[c] += weights[row * C + c] * v;
    }
    return out;
  }

  /** Feature f's exact share of class `c`'s adapter logit (bias excluded), aligned with `ids`. */
  contributions(ids: ArrayLike<number>, values: ArrayLike<number>, c: number): Float64Array {
    const { weights, classes: C } = this.adapter;
    const out = new Float64Array(ids.length);
    for (let f = 0; f < ids.length; f++) {
      const row = this.rowOfBucket[ids[f]];
      if (row >= 0) out[f] = weights[row * C + c] * values[f];
    }
    return out;
  }
}

/** Number of stored parameters: counted in the active-parameter accounting beside the base model. */
export function adapterParameterCount(adapter: RouterAdapter): number {
  return adapter.weights.length + adapter.bias.length;
}
