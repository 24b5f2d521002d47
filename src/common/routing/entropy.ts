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

/**
 * The router's output at the level routing acts on: category probabilities summed per expert (`expertOf`
 * maps a category to the expert its table row picks first). `confidence` is `expert`'s mass, `entropy` the
 * normalised entropy of the masses — what the uncertainty fallback tests, and what a threshold sweep must use.
 */
export function certaintyOverExperts(
  probabilities: Iterable<readonly [category: string, probability: number]>,
  expertOf: (category: string) => string,
  expert: string,
): { confidence: number; entropy: number; masses: Map<string, number> } {
  const masses = new Map<string, number>();
  for (const [category, p] of probabilities) {
    const to = expertOf(category);
    masses.set(to, (masses.get(to) ?? 0) + p);
  }
  return { confidence: masses.get(expert) ?? 0, entropy: normalizedEntropy([...masses.values()]), masses };
}
