import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CategoryInfo } from '../../src/common/categories';
import type { LinearRouterWeights, WeightPrecision } from '../../src/common/onnx/linearRouterModel';
import type { RouterBundle } from '../../src/common/router/bundle';
import { DEFAULT_FEATURIZER_OPTIONS, featurize, featurizerDescriptor, type FeaturizerOptions } from '../../src/common/router/featurizer';
import { writeRouterBundle } from '../../src/node/onnx/writeRouterBundle';

export const TINY_CATEGORIES: CategoryInfo[] = [
  { id: 'coding', displayName: 'Coding', description: 'Writing code.', domain: 'code' },
  { id: 'math_word_problem', displayName: 'Math', description: 'Solving maths problems.', domain: 'math' },
  { id: 'knowledge', displayName: 'Knowledge', description: 'Everything else.', domain: 'general' },
];

/** Words whose features push a category up; everything else is left to the bias (general wins). */
export const TINY_KEYWORDS: Record<string, string[]> = {
  coding: ['python function code javascript bug compile typescript class def return'],
  math_word_problem: ['integral equation solve derivative sum apples how many prime number'],
};

export interface TinyRouterBundle {
  dir: string;
  bundle: RouterBundle;
  weights: LinearRouterWeights;
  options: FeaturizerOptions;
  cleanup: () => Promise<void>;
}

export interface TinyRouterBundleOptions {
  /** Write here instead of a fresh temporary folder. */
  dir?: string;
  buckets?: number;
  precision?: WeightPrecision;
  /** Override the recorded featurizer (to test the version check). */
  featurizer?: Partial<RouterBundle['featurizer']>;
  thresholds?: RouterBundle['thresholds'];
}

/** Builds a small, deterministic, keyword-driven router bundle on disk for runtime tests. */
export async function createTinyRouterBundle(opts: TinyRouterBundleOptions = {}): Promise<TinyRouterBundle> {
  const options: FeaturizerOptions = { ...DEFAULT_FEATURIZER_OPTIONS, buckets: opts.buckets ?? 8192 };
  const classes = TINY_CATEGORIES.length;
  const weights = new Float32Array(options.buckets * classes);
  TINY_CATEGORIES.forEach((category, c) => {
    for (const phrase of TINY_KEYWORDS[category.id] ?? []) {
      for (const word of phrase.split(' ')) {
        const features = featurize(word, options);
        features.ids.forEach((id) => (weights[id * classes + c] += 4));
      }
    }
  });
  const model: LinearRouterWeights = { weights, bias: Float32Array.from([0, 0, 1]), buckets: options.buckets, classes };
  const dir = opts.dir ?? (await mkdtemp(path.join(os.tmpdir(), 'coe-tiny-router-')));
  const bundle = await writeRouterBundle(dir, {
    weights: model,
    categories: TINY_CATEGORIES,
    featurizer: { ...featurizerDescriptor(options), ...opts.featurizer },
    precision: opts.precision ?? 'float32',
    thresholds: opts.thresholds,
  });
  return { dir, bundle, weights: model, options, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
