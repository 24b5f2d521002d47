import { z } from 'zod';
import { CategoryInfoSchema } from '../categories';

/**
 * The router model bundle (`media/router/labels.json` beside the ONNX file).
 * ONNX contract: inputs `feature_ids` int64 [N], `feature_values` float32 [N];
 * outputs `logits` float32 [C], `probabilities` float32 [C] and, when the model is additive,
 * `contributions` float32 [N, C] (feature n's exact share of each logit).
 */
export const BUNDLE_FORMAT_VERSION = 1;
export const ONNX_INPUT_IDS = 'feature_ids';
export const ONNX_INPUT_VALUES = 'feature_values';
export const ONNX_OUTPUT_LOGITS = 'logits';
export const ONNX_OUTPUT_PROBABILITIES = 'probabilities';
export const ONNX_OUTPUT_CONTRIBUTIONS = 'contributions';

export const RouterBundleSchema = z.object({
  formatVersion: z.literal(BUNDLE_FORMAT_VERSION),
  featurizer: z.object({
    name: z.string(),
    version: z.number().int().positive(),
    /** Featurizer options the model was trained with (e.g. hash buckets). */
    options: z.record(z.string(), z.unknown()),
  }),
  categories: z.array(CategoryInfoSchema).min(2),
  /** File name of the ONNX model, relative to the bundle folder. */
  model: z.string().min(1),
  /** Number of learned parameters (counted in the active-parameter accounting). */
  parameterCount: z.number().int().nonnegative(),
  /** Defaults chosen from validation data; user settings override them. */
  thresholds: z.object({ minConfidence: z.number().min(0).max(1), maxEntropy: z.number().min(0).max(1) }).optional(),
  /** Per-category bias (logit intercept); attributions plus bias equal the logit. */
  bias: z.array(z.number()).optional(),
  trainedAt: z.string().optional(),
  sha256: z.string().optional(),
});
export type RouterBundle = z.infer<typeof RouterBundleSchema>;
