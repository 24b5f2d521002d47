import { rootRelaxation, SuffixLpBounds, undominated, upperHull, type Item } from './lpBound';

export interface KnapsackInstance {
  /** One group per category; each item assigns one expert. */
  groups: readonly (readonly Item[])[];
  capacity: number;
}

export interface KnapsackSolution {
  /** Chosen item per group, in group order. */
  items: Item[];
  value: number;
  weight: number;
}

/** Relative tolerances: below these, two values or weights are the same number. */
export const VALUE_TOLERANCE = 1e-9;
export const WEIGHT_TOLERANCE = 1e-9;

function scaleOf(groups: readonly (readonly Item[])[], pick: (item: Item) => number): number {
  let scale = 0;
  for (const group of groups) for (const item of group) scale = Math.max(scale, Math.abs(pick(item)));
  return Math.max(scale, Number.MIN_VALUE);
}

/**
 * Exact multiple-choice knapsack by depth-first branch and bound: maximise Σ value subject to
 * Σ weight ≤ capacity. A node is pruned only when its LP-relaxation bound cannot beat the incumbent by
 * more than the value tolerance, so the result is optimal up to that tolerance. Null when infeasible,
 * or when no mapping beats `cutoff` by more than the tolerance (a caller's incumbent, which prunes).
 */
export function solveUncapped(instance: KnapsackInstance, cutoff = Number.NEGATIVE_INFINITY): KnapsackSolution | null {
  const { groups, capacity } = instance;
  const n = groups.length;
  if (n === 0) return { items: [], value: 0, weight: 0 };
  if (groups.some((g) => g.length === 0)) return null;
  const valueSlack = VALUE_TOLERANCE * scaleOf(groups, (i) => i.value);
  const weightSlack = WEIGHT_TOLERANCE * scaleOf(groups, (i) => i.weight);

  // Root LP relaxation: its rounding is a first incumbent, its critical slope prices every item.
  const root = rootRelaxation(groups.map(upperHull), capacity, weightSlack);
  if (root === null) return null;
  const incumbent = root.rounded;
  const roundedValue = incumbent.reduce((s, i) => s + i.value, 0);
  if (root.value <= cutoff + valueSlack) return null;
  let bestValue = Math.max(roundedValue, cutoff);
  const result = (items: Item[]): KnapsackSolution | null => {
    const solution = solutionOf(items);
    return solution.value > cutoff ? solution : null;
  };
  const reduced = (item: Item): number => item.value - root.slope * item.weight;
  // Lagrangian fixing: an item whose bound (with every other group at its best reduced value) cannot
  // beat the incumbent is dropped for good; so is a dominated item (its dominator is never worse).
  const bestReduced = groups.map((g) => Math.max(...g.map(reduced)));
  const lagrangian = (root.slope === 0 ? 0 : root.slope * capacity) + bestReduced.reduce((a, b) => a + b, 0);
  const candidateGroups = groups.map((g, k) =>
    undominated(g)
      .filter((item) => lagrangian - bestReduced[k] + reduced(item) > bestValue + valueSlack)
      .sort((a, b) => reduced(b) - reduced(a) || b.value - a.value),
  );
  if (candidateGroups.some((g) => g.length === 0)) return result(incumbent);
  const hulls = candidateGroups.map(upperHull);
  // Forced groups first, then those with most at stake: their choice moves the bound the most.
  const spread = hulls.map((h) => h[h.length - 1].value - h[0].value);
  const order = groups
    .map((_, g) => g)
    .sort((a, b) => candidateGroups[a].length - candidateGroups[b].length || spread[b] - spread[a] || a - b);
  const bounds = new SuffixLpBounds(hulls, order);
  const candidates = order.map((g) => candidateGroups[g]);
  let best = order.map((g) => incumbent[g]);

  const chosen = new Array<Item>(n);

  const search = (k: number, value: number, weight: number): void => {
    if (k === n) {
      if (value > bestValue + valueSlack) {
        best = order.map((_, i) => chosen[i]);
        bestValue = value;
      }
      return;
    }
    for (const item of candidates[k]) {
      const nextWeight = weight + item.weight;
      if (nextWeight > capacity + weightSlack) continue;
      const bound = value + item.value + bounds.bound(k + 1, capacity - nextWeight, weightSlack);
      if (bound <= bestValue + valueSlack) continue;
      chosen[k] = item;
      search(k + 1, value + item.value, nextWeight);
    }
  };
  search(0, 0, 0);

  const found = best;
  // `found` follows the search order; put it back in group order.
  const items = new Array<Item>(n);
  order.forEach((g, i) => {
    items[g] = found[i];
  });
  return result(items);
}

function solutionOf(items: Item[]): KnapsackSolution {
  return { items, value: items.reduce((s, i) => s + i.value, 0), weight: items.reduce((s, i) => s + i.weight, 0) };
}
