/** Shannon entropy of a distribution divided by ln(n): 0 = certain, 1 = uniform. */
export function normalizedEntropy(probabilities: readonly number[]): number {
  const n = probabilities.length;
  if (n <= 1) return 0;
  let h = 0;
  for (const p of probabilities) if (p > 0) h -= p * Math.log(p);
  return Math.min(1, Math.max(0, h / Math.log(n)));
}

/** Numerically stable softmax. */
export function softmax(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}
