/** One choice in one group of a multiple-choice knapsack: pick exactly one item per group. */
export interface Item {
  value: number;
  weight: number;
  /** Index of the expert this item assigns (for the cap on distinct experts). */
  expert: number;
}

/**
 * Upper concave hull of a group's items in the (weight, value) plane, lightest first. Items below it
 * are never used by the LP relaxation, so the hull alone defines the bound.
 */
export function upperHull(items: readonly Item[]): Item[] {
  const sorted = [...items].sort((a, b) => a.weight - b.weight || b.value - a.value);
  const hull: Item[] = [];
  for (const item of sorted) {
    if (hull.length > 0 && item.value <= hull[hull.length - 1].value) continue;
    while (hull.length >= 2) {
      const a = hull[hull.length - 2];
      const b = hull[hull.length - 1];
      // b lies on or under the chord a→item: the chord's slope is at least the slope a→b.
      if ((b.value - a.value) * (item.weight - a.weight) <= (item.value - a.value) * (b.weight - a.weight)) hull.pop();
      else break;
    }
    hull.push(item);
  }
  return hull;
}

/** Items no other item beats on both value and weight; the only ones an uncapped optimum needs. */
export function undominated(items: readonly Item[]): Item[] {
  const sorted = [...items].sort((a, b) => a.weight - b.weight || b.value - a.value);
  const kept: Item[] = [];
  for (const item of sorted) {
    if (kept.length === 0 || item.value > kept[kept.length - 1].value) kept.push(item);
  }
  return kept;
}

export interface RootRelaxation {
  /** LP optimum over all groups. */
  value: number;
  /** Value per weight of the segment the capacity ran out in (the LP dual price); 0 if none did. */
  slope: number;
  /** The LP solution rounded down: every group at the last hull item it fully reached. Feasible. */
  rounded: Item[];
}

/** The multiple-choice knapsack LP over all groups; null when even the lightest items do not fit. */
export function rootRelaxation(hulls: readonly (readonly Item[])[], capacity: number, slack: number): RootRelaxation | null {
  let remaining = capacity - hulls.reduce((sum, h) => sum + h[0].weight, 0);
  if (remaining < -slack) return null;
  let value = hulls.reduce((sum, h) => sum + h[0].value, 0);
  const position = hulls.map(() => 0);
  const segments = hulls.flatMap((hull, group) =>
    hull.slice(1).map((item, i) => {
      const gain = item.value - hull[i].value;
      const cost = item.weight - hull[i].weight;
      return { group, index: i + 1, gain, cost, slope: gain / cost };
    }),
  );
  segments.sort((a, b) => b.slope - a.slope || a.index - b.index);
  let slope = 0;
  for (const segment of segments) {
    if (segment.cost <= remaining) {
      value += segment.gain;
      remaining -= segment.cost;
      position[segment.group] = segment.index;
    } else {
      if (remaining > 0) value += (segment.gain * remaining) / segment.cost;
      slope = segment.slope;
      break;
    }
  }
  return { value, slope, rounded: hulls.map((hull, g) => hull[position[g]]) };
}

/**
 * LP-relaxation bounds of the multiple-choice knapsack over every suffix of a fixed group order
 * (Sinha & Zoltners): start each group at its lightest hull item, then buy hull segments in order of
 * decreasing value per weight until capacity runs out, the last one fractionally. Precomputed once so
 * each branch-and-bound node pays only a walk over the suffix's sorted segments.
 */
export class SuffixLpBounds {
  private readonly baseValue: Float64Array;
  private readonly baseWeight: Float64Array;
  private readonly segmentGain: Float64Array[];
  private readonly segmentCost: Float64Array[];

  constructor(hulls: readonly (readonly Item[])[], order: readonly number[]) {
    const depth = order.length;
    this.baseValue = new Float64Array(depth + 1);
    this.baseWeight = new Float64Array(depth + 1);
    this.segmentGain = new Array<Float64Array>(depth + 1);
    this.segmentCost = new Array<Float64Array>(depth + 1);
    this.segmentGain[depth] = new Float64Array(0);
    this.segmentCost[depth] = new Float64Array(0);
    let slopes = new Float64Array(0);
    for (let k = depth - 1; k >= 0; k--) {
      const hull = hulls[order[k]];
      this.baseValue[k] = this.baseValue[k + 1] + hull[0].value;
      this.baseWeight[k] = this.baseWeight[k + 1] + hull[0].weight;
      // A concave hull's segments already come in decreasing slope: merge them into the suffix's list.
      const gains = this.segmentGain[k + 1];
      const costs = this.segmentCost[k + 1];
      const size = gains.length + hull.length - 1;
      const mergedGain = new Float64Array(size);
      const mergedCost = new Float64Array(size);
      const mergedSlope = new Float64Array(size);
      let i = 0;
      let j = 1;
      for (let out = 0; out < size; out++) {
        const gain = j < hull.length ? hull[j].value - hull[j - 1].value : 0;
        const cost = j < hull.length ? hull[j].weight - hull[j - 1].weight : 0;
        if (j < hull.length && (i >= gains.length || gain / cost > slopes[i])) {
          mergedGain[out] = gain;
          mergedCost[out] = cost;
          mergedSlope[out] = gain / cost;
          j++;
        } else {
          mergedGain[out] = gains[i];
          mergedCost[out] = costs[i];
          mergedSlope[out] = slopes[i];
          i++;
        }
      }
      this.segmentGain[k] = mergedGain;
      this.segmentCost[k] = mergedCost;
      slopes = mergedSlope;
    }
  }

  /** Upper bound on the value groups order[k..] can add within `capacity`; -Infinity if none fits. */
  bound(k: number, capacity: number, slack: number): number {
    let remaining = capacity - this.baseWeight[k];
    if (remaining < -slack) return Number.NEGATIVE_INFINITY;
    let value = this.baseValue[k];
    const gains = this.segmentGain[k];
    const costs = this.segmentCost[k];
    for (let i = 0; i < gains.length; i++) {
      if (costs[i] <= remaining) {
        value += gains[i];
        remaining -= costs[i];
      } else {
        if (remaining > 0) value += (gains[i] * remaining) / costs[i];
        break;
      }
    }
    return value;
  }
}
