import type { RouterBundle } from './bundle';
import type { FeaturizerOptions } from './featurizer';

/** A bundle was trained with features this build cannot reproduce; retrain it or update the extension. */
export class FeaturizerMismatchError extends Error {
  override readonly name = 'FeaturizerMismatchError';
}

const NUMERIC_OPTIONS: readonly (keyof FeaturizerOptions)[] = [
  'buckets',
  'maxTokens',
  'headTokens',
  'charNgramMin',
  'charNgramMax',
  'charNgramWordLimit',
  'wordWeight',
  'bigramWeight',
  'charWeight',
];

/**
 * Checks that a bundle was built for this featurizer (`expected`) and returns the options it was trained
 * with (unknown keys ignored, missing ones from `defaults`). Throws FeaturizerMismatchError naming both sides.
 */
export function checkFeaturizerCompatibilityAgainst(
  featurizer: RouterBundle['featurizer'],
  expected: { name: string; version: number; defaults: Readonly<FeaturizerOptions> },
): FeaturizerOptions {
  if (featurizer.name !== expected.name || featurizer.version !== expected.version) {
    throw new FeaturizerMismatchError(
      `The router model was built for featurizer "${featurizer.name}" v${featurizer.version}, ` +
        `but this build provides "${expected.name}" v${expected.version}. Retrain the model ` +
        `(npm run train:router) or use a bundle made for this version.`,
    );
  }
  const options: FeaturizerOptions = { ...expected.defaults };
  for (const key of NUMERIC_OPTIONS) {
    const value = featurizer.options[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new FeaturizerMismatchError(`Featurizer option "${key}" in the router bundle must be a number, got ${JSON.stringify(value)}.`);
    }
    options[key] = value;
  }
  const { buckets, maxTokens, headTokens } = options;
  if (!Number.isInteger(buckets) || buckets < 2 || (buckets & (buckets - 1)) !== 0) {
    throw new FeaturizerMismatchError(`Featurizer option "buckets" must be a power of two, got ${buckets}.`);
  }
  if (!(headTokens >= 0 && headTokens <= maxTokens)) {
    throw new FeaturizerMismatchError(`Featurizer options need 0 ≤ headTokens ≤ maxTokens, got ${headTokens} and ${maxTokens}.`);
  }
  return options;
}
