import * as ort from 'onnxruntime-node';
import { CategorySet } from '../../common/categories';
import {
  ONNX_INPUT_IDS,
  ONNX_INPUT_VALUES,
  ONNX_OUTPUT_CONTRIBUTIONS,
  ONNX_OUTPUT_LOGITS,
  ONNX_OUTPUT_PROBABILITIES,
  type RouterBundle,
} from '../../common/router/bundle';
import {
  attributeTokens,
  checkFeaturizerCompatibility,
  featurize,
  type FeaturizerOptions,
} from '../../common/router/featurizer';
import type { ClassifierResult } from '../../common/routing/decision';
import { normalizedEntropy } from '../../common/routing/entropy';
import { softmaxInPlace } from '../../common/router/train/softmaxRegression';
import { AdapterLookup, checkAdapterFits, type AdapterBase, type RouterAdapter } from '../../common/teach/adapter';

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
import { loadBundleFiles, RouterBundleError } from './bundleLoader';

export interface RouterModelOptions {
  /** Threads for one inference; 1 keeps the editor responsive and is fastest for this model size. */
  intraOpNumThreads?: number;
}

/** The router model in this thread: featurizer + ONNX session. The worker wraps one of these. */
export class OnnxRouterModel {
  readonly categories: CategorySet;
  private readonly hasContributions: boolean;
  private adapterLookup: AdapterLookup | undefined;
  private adapterVersion: string | undefined;

  private constructor(
    readonly bundle: RouterBundle,
    private readonly session: ort.InferenceSession,
    private readonly featurizerOptions: FeaturizerOptions,
  ) {
    this.categories = new CategorySet(bundle.categories);
    this.hasContributions = session.outputNames.includes(ONNX_OUTPUT_CONTRIBUTIONS);
  }

  static async load(dir: string, options: RouterModelOptions = {}): Promise<OnnxRouterModel> {
    const { bundle, modelBytes } = await loadBundleFiles(dir);
    let featurizerOptions: FeaturizerOptions;
    try {
      featurizerOptions = checkFeaturizerCompatibility(bundle.featurizer);
    } catch (error) {
      throw new RouterBundleError((error as Error).message);
    }
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(modelBytes, {
        intraOpNumThreads: options.intraOpNumThreads ?? 1,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
      });
    } catch (error) {
      throw new RouterBundleError(`the router model in ${dir} is corrupt or not ONNX: ${(error as Error).message}`);
    }
    for (const name of [ONNX_INPUT_IDS, ONNX_INPUT_VALUES]) {
      if (!session.inputNames.includes(name)) {
        throw new RouterBundleError(`the router model in ${dir} has no input "${name}"; was it built by this project?`);
      }
    }
    const model = new OnnxRouterModel(bundle, session, featurizerOptions);
    const probe = await model.classify('');
    if (probe.probabilities.length !== bundle.categories.length) {
      throw new RouterBundleError(
        `the router model outputs ${probe.probabilities.length} classes but labels.json lists ${bundle.categories.length}`,
      );
    }
    return model;
  }

  /** What an adapter for this model must have been trained against. */
  get adapterBase(): AdapterBase {
    const { featurizer, sha256 } = this.bundle;
    return { sha256: sha256 ?? null, featurizerName: featurizer.name, featurizerVersion: featurizer.version, buckets: this.featurizerOptions.buckets, categories: this.categories.ids };
  }

  /** Applies a user adapter to every later classification (null removes it); throws AdapterMismatchError. */
  setAdapter(adapter: RouterAdapter | null, version?: string): void {
    if (adapter) checkAdapterFits(adapter, this.adapterBase);
    this.adapterLookup = adapter ? new AdapterLookup(adapter) : undefined;
    this.adapterVersion = adapter ? version : undefined;
  }

  /** Features and the base model's logits alone (no adapter): what adapter training uses as its offset. */
  async baseLogits(text: string): Promise<{ ids: Int32Array; values: Float32Array; logits: Float64Array }> {
    const features = featurize(text, this.featurizerOptions);
    const out = await this.runSession(features.ids, features.values);
    return { ids: features.ids, values: features.values, logits: Float64Array.from(out[ONNX_OUTPUT_LOGITS].data as Float32Array) };
  }

  private runSession(featureIds: Int32Array, values: Float32Array): Promise<ort.InferenceSession.OnnxValueMapType> {
    const n = featureIds.length;
    const ids = new BigInt64Array(n);
    if (LITTLE_ENDIAN) {
      // Ids are non-negative int32: write the low words through an int32 view (no BigInt per feature, so
      // the garbage collector runs less often inside the latency tail); the high words stay 0.
      const words = new Int32Array(ids.buffer, ids.byteOffset, 2 * n);
      for (let i = 0; i < n; i++) words[2 * i] = featureIds[i];
    } else {
      for (let i = 0; i < n; i++) ids[i] = BigInt(featureIds[i]);
    }
    return this.session.run({
      [ONNX_INPUT_IDS]: new ort.Tensor('int64', ids, [n]),
      [ONNX_INPUT_VALUES]: new ort.Tensor('float32', values, [n]),
    });
  }

  async classify(text: string): Promise<ClassifierResult> {
    const started = performance.now();
    const features = featurize(text, this.featurizerOptions);
    const n = features.ids.length;
    const out = await this.runSession(features.ids, features.values);
    let logits = Array.from(out[ONNX_OUTPUT_LOGITS].data as Float32Array);
    let probabilities = Array.from(out[ONNX_OUTPUT_PROBABILITIES].data as Float32Array);
    const adapter = this.adapterLookup;
    if (adapter) {
      const total = adapter.addLogits(features.ids, features.values, Float64Array.from(logits));
      logits = Array.from(total);
      probabilities = Array.from(softmaxInPlace(total));
    }
    let topIndex = 0;
    for (let i = 1; i < probabilities.length; i++) if (probabilities[i] > probabilities[topIndex]) topIndex = i;

    const categories = this.categories.ids;
    let attributions: ClassifierResult['attributions'] = [];
    let bias: number | undefined;
    let adapterShare: ClassifierResult['adapter'];
    const adapterColumn = adapter?.contributions(features.ids, features.values, topIndex);
    if (this.hasContributions && n > 0) {
      const contributions = out[ONNX_OUTPUT_CONTRIBUTIONS].data as Float32Array;
      const classes = categories.length;
      // Float64 so that base + adapter shares add up exactly to the total the inspector shows.
      const column = new Float64Array(n);
      let sum = 0;
      for (let f = 0; f < n; f++) {
        column[f] = contributions[f * classes + topIndex] + (adapterColumn?.[f] ?? 0);
        sum += column[f];
      }
      attributions = attributeTokens(features, column);
      bias = logits[topIndex] - sum;
    } else if (this.hasContributions) {
      bias = logits[topIndex];
    }
    if (adapter && adapterColumn) {
      const adapterAttributions = this.hasContributions ? attributeTokens(features, adapterColumn) : [];
      adapterShare = { version: this.adapterVersion, bias: adapter.adapter.bias[topIndex], attributions: adapterAttributions };
    }
    return {
      categories,
      probabilities,
      logits,
      top: categories[topIndex],
      confidence: probabilities[topIndex],
      entropy: normalizedEntropy(probabilities),
      latencyMs: performance.now() - started,
      attributions,
      bias,
      ...(adapterShare ? { adapter: adapterShare } : {}),
    };
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
