/** What the greedy expert-set heuristic needs from a capped search: a flat groups × experts table. */
export interface ExpertSetInput {
  experts: number;
  groups: number;
  /** Total parameters of each expert (what the cap counts). */
  totals: readonly number[];
  /** present[g · experts + e] = 1 when expert e can serve group g. */
  present: Uint8Array;
  value: Float64Array;
  weight: Float64Array;
  /** Experts the search may still use. */
  allowed: Uint8Array;
  /** Price of one unit of weight (the budget's Lagrange multiplier at the root). */
  price: number;
  /** Room left under the cap. */
  room: number;
  /** A swap must gain more than this to count. */
  valueSlack: number;
}

/**
 * A good expert set within the cap, for a first incumbent. At the budget price, the reduced value of an
 * expert set is Σ_g max over the set; start from every allowed expert, drop the one losing least per
 * parameter until the cap holds, add what still fits, then swap while it helps. The exact uncapped
 * optimum over the returned set is a feasible mapping. Null when no set within the cap serves every group.
 */
export function greedyExpertSet(input: ExpertSetInput): Uint8Array | null {
  const { experts: m, groups: n, totals, present, value, weight, allowed, price, room, valueSlack } = input;
  const reducedValue = (set: Uint8Array): number => {
    let sum = 0;
    for (let g = 0; g < n; g++) {
      let top = Number.NEGATIVE_INFINITY;
      for (let e = 0; e < m; e++) {
        if (set[e] === 1 && present[g * m + e] === 1) top = Math.max(top, value[g * m + e] - price * weight[g * m + e]);
      }
      sum += top;
    }
    return sum;
  };
  const set = allowed.slice();
  let spent = 0;
  for (let e = 0; e < m; e++) if (set[e] === 1) spent += totals[e];
  let current = reducedValue(set);
  while (spent > room) {
    let drop = -1;
    let dropValue = Number.NEGATIVE_INFINITY;
    let dropRate = Number.POSITIVE_INFINITY;
    for (let e = 0; e < m; e++) {
      if (set[e] === 0) continue;
      set[e] = 0;
      const without = reducedValue(set);
      set[e] = 1;
      const rate = (current - without) / totals[e];
      if (rate < dropRate) {
        drop = e;
        dropRate = rate;
        dropValue = without;
      }
    }
    if (drop < 0 || dropValue === Number.NEGATIVE_INFINITY) return null;
    set[drop] = 0;
    spent -= totals[drop];
    current = dropValue;
  }
  for (let improved = true, rounds = 0; improved && rounds < m; rounds++) {
    improved = false;
    let bestMove: [number, number] | null = null;
    let bestMoveValue = current + valueSlack;
    for (let add = 0; add < m; add++) {
      if (set[add] === 1 || allowed[add] === 0) continue;
      set[add] = 1;
      for (let drop = -1; drop < m; drop++) {
        if (drop === add || (drop >= 0 && set[drop] === 0)) continue;
        if (spent + totals[add] - (drop >= 0 ? totals[drop] : 0) > room) continue;
        if (drop >= 0) set[drop] = 0;
        const moved = reducedValue(set);
        if (drop >= 0) set[drop] = 1;
        if (moved > bestMoveValue) {
          bestMoveValue = moved;
          bestMove = [add, drop];
        }
      }
      set[add] = 0;
    }
    if (bestMove !== null) {
      const [add, drop] = bestMove;
      set[add] = 1;
      spent += totals[add];
      if (drop >= 0) {
        set[drop] = 0;
        spent -= totals[drop];
      }
      current = bestMoveValue;
      improved = true;
    }
  }
  return set;
}
