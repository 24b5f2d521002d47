import { isDomain, type CategorySet, type Domain } from '../categories';

/** Where a labelled example came from; mirrors the corrections store's sources (kept here so common stays pure). */
export type TeachSource = 'inspectorCorrection' | 'reroute' | 'thumbsDown' | 'import';

/**
 * How much one example of each kind counts when the adapter is trained.
 * - inspectorCorrection 1.0: the user read the decision and named the right category: the strongest signal.
 * - import 1.0: a labelled file the user (or their team) chose to teach with, as deliberate as a correction.
 * - thumbsDown 0.7: "this was bad" plus the expert the user then picked says where it should have gone, but
 *   a bad answer can come from a good route to a weak expert, so it is not a full label.
 * - reroute 0.3: re-sending to another expert is often curiosity or a second opinion, not a verdict on
 *   the router; a weak hint that only adds up when it is repeated.
 */
export const SOURCE_WEIGHTS: Readonly<Record<TeachSource, number>> = Object.freeze({
  inspectorCorrection: 1,
  import: 1,
  thumbsDown: 0.7,
  reroute: 0.3,
});

/**
 * The source weight caps what a record of that kind may count; the record's own weight (set by whoever wrote
 * it, e.g. 0.5 for a re-route) can only lower it. A cap rather than a product, so a writer that already
 * down-weights a weak signal does not get it down-weighted twice.
 */
export function teachWeight(source: TeachSource, recordWeight = 1): number {
  return Math.min(SOURCE_WEIGHTS[source], Math.max(0, recordWeight));
}

export type ResolvedLabel =
  | { kind: 'category'; index: number; domain: Domain }
  | { kind: 'domain'; domain: Domain; indices: number[] };

/** A category id of the model, or a domain (code / math / general); anything else is unknown (null). */
export function resolveLabel(label: string, categories: CategorySet): ResolvedLabel | null {
  const index = categories.ids.indexOf(label);
  if (index >= 0) return { kind: 'category', index, domain: categories.list[index].domain };
  if (!isDomain(label)) return null;
  const indices = categories.list.flatMap((c, i) => (c.domain === label ? [i] : []));
  return indices.length ? { kind: 'domain', domain: label, indices } : null;
}

/**
 * The training target for a label. A domain label says only "it is code", not which code category, so the
 * target keeps the base model's own preference among that domain's categories (its probabilities
 * renormalised within the domain): the adapter learns the domain shift and invents no fine label.
 */
export function targetDistribution(label: ResolvedLabel, baseProbabilities: ArrayLike<number>, out: Float64Array): Float64Array {
  out.fill(0);
  if (label.kind === 'category') {
    out[label.index] = 1;
    return out;
  }
  let mass = 0;
  for (const i of label.indices) mass += baseProbabilities[i];
  for (const i of label.indices) out[i] = mass > 1e-9 ? baseProbabilities[i] / mass : 1 / label.indices.length;
  return out;
}

/** Whether a predicted category satisfies the label (same category, or any category of the labelled domain). */
export function labelSatisfied(label: ResolvedLabel, predictedIndex: number, categories: CategorySet): boolean {
  if (label.kind === 'category') return predictedIndex === label.index;
  return categories.list[predictedIndex]?.domain === label.domain;
}
