import { DEFAULT_FEATURIZER_OPTIONS, featureTokens, featurize } from './router/featurizer';

// A mixed-register passage (code, maths, prose) so the benchmark exercises every kind of feature.
const PASSAGE = [
  'Write a Python function that parses a CSV file and returns the rows as dictionaries;',
  'it should raise a ValueError when a row has the wrong number of fields. def parse(path): return [row for row in rows]',
  'If a train travels 120 km in 1.5 hours and then 80 km in 40 minutes, what is its average speed in km/h?',
  'Solve for x: 3x^2 - 12x + 9 = 0, and explain each step of the factorisation.',
  'Draft a friendly email to my team explaining that the release moves to Thursday because QA found a regression.',
  'What were the main causes of the French Revolution, and how did they shape modern democracy?',
].join(' ');

/** A prompt of exactly `tokens` featurizer tokens (the unit the router's speed target is stated in). */
export function benchPrompt(tokens: number): string {
  let text = PASSAGE;
  let found = featureTokens(featurize(text, DEFAULT_FEATURIZER_OPTIONS));
  while (found.length < tokens) {
    text = `${text} ${PASSAGE}`;
    found = featureTokens(featurize(text, DEFAULT_FEATURIZER_OPTIONS));
  }
  return tokens === 0 ? '' : text.slice(0, found[tokens - 1].end);
}

/** Nearest-rank percentile of an ascending-sorted list. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}
