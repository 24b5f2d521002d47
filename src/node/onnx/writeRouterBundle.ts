import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CategoryInfo } from '../../common/categories';
import { buildLinearRouterOnnx, type LinearRouterWeights, type WeightPrecision } from '../../common/onnx/linearRouterModel';
import { BUNDLE_FORMAT_VERSION, RouterBundleSchema, type RouterBundle } from '../../common/router/bundle';

export const ROUTER_MODEL_FILE = 'router.onnx';
export const ROUTER_LABELS_FILE = 'labels.json';

export interface RouterBundleContents {
  weights: LinearRouterWeights;
  categories: CategoryInfo[];
  featurizer: RouterBundle['featurizer'];
  thresholds?: RouterBundle['thresholds'];
  precision?: WeightPrecision;
  /** Left out by default so that the same training data gives byte-identical bundles. */
  trainedAt?: string;
}

/** Builds the ONNX bytes and the validated labels object without touching the disk. */
export function buildRouterBundle(contents: RouterBundleContents): { onnx: Uint8Array; bundle: RouterBundle } {
  const { weights, categories, featurizer } = contents;
  if (categories.length !== weights.classes) {
    throw new Error(`bundle has ${categories.length} categories but the model has ${weights.classes} classes`);
  }
  const onnx = buildLinearRouterOnnx(weights, {
    precision: contents.precision ?? 'float16',
    metadata: { featurizer: featurizer.name, featurizerVersion: String(featurizer.version) },
  });
  const bundle = RouterBundleSchema.parse({
    formatVersion: BUNDLE_FORMAT_VERSION,
    featurizer,
    categories,
    model: ROUTER_MODEL_FILE,
    parameterCount: weights.buckets * weights.classes + weights.classes,
    thresholds: contents.thresholds,
    bias: Array.from(weights.bias),
    trainedAt: contents.trainedAt,
    sha256: createHash('sha256').update(onnx).digest('hex'),
  });
  return { onnx, bundle };
}

/** Writes `router.onnx` and `labels.json` into `dir` (created if missing) and returns the labels object. */
export async function writeRouterBundle(dir: string, contents: RouterBundleContents): Promise<RouterBundle> {
  const { onnx, bundle } = buildRouterBundle(contents);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, ROUTER_MODEL_FILE), onnx);
  await writeFile(path.join(dir, ROUTER_LABELS_FILE), `${JSON.stringify(bundle, null, 2)}\n`);
  return bundle;
}
