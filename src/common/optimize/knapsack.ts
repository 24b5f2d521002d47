import { solveUncapped, VALUE_TOLERANCE, WEIGHT_TOLERANCE, type KnapsackInstance, type KnapsackSolution } from './branchAndBound';

export type { KnapsackSolution } from './branchAndBound';

export interface DistinctCap {
  /** Parameters each expert adds the first time a mapping uses it. */
  expertTotals: readonly number[];
  limit: number;
}

export interface CappedInstance extends KnapsackInstance {
  cap?: DistinctCap;
}

const UNDECIDED = 0;
const INCLUDED = 1;
const EXCLUDED = -1;
// Excluding first dives to a mapping within the cap quickly; that incumbent prunes the include side.
const BRANCH_ORDER = [EXCLUDED, INCLUDED] as const;

/**
 * Exact multiple-choice knapsack, optionally with a cap on the summed totals of the distinct experts
 * used. The cap couples categories, so it is handled by branching on experts rather than items: each
 * node solves the uncapped problem over the experts still allowed (an exact relaxation). If that
 * optimum respects the cap it is the best of the subtree; otherwise one over-budget expert it uses is
 * either included (its total is paid) or excluded. Both branches together cover every mapping.
 */
export function solveKnapsack(instance: CappedInstance): KnapsackSolution | null {
  const { groups, capacity, cap } = instance;
  if (!cap) return solveUncapped({ groups, capacity });
  const totals = cap.expertTotals;
  const valueSlack = VALUE_TOLERANCE * Math.max(Number.MIN_VALUE, ...groups.flat().map((i) => Math.abs(i.value)));
  const capSlack = WEIGHT_TOLERANCE * Math.max(Number.MIN_VALUE, ...totals);
  const state = new Int8Array(totals.length);
  let best: KnapsackSolution | null = null;
  const relaxations = new Map<string, KnapsackSolution | null>();

  const visit = (paid: number): void => {
    const room = cap.limit - paid + capSlack;
    const allowed = (e: number): boolean => state[e] === INCLUDED || (state[e] === UNDECIDED && totals[e] <= room);
    // Different include/exclude paths often leave the same experts allowed: solve each set once.
    const key = totals.map((_, e) => (allowed(e) ? '1' : '0')).join('');
    let relaxed = relaxations.get(key);
    if (relaxed === undefined) {
      const restricted = groups.map((g) => g.filter((item) => allowed(item.expert)));
      relaxed = restricted.some((g) => g.length === 0) ? null : solveUncapped({ groups: restricted, capacity });
      relaxations.set(key, relaxed);
    }
    if (relaxed === null || (best !== null && relaxed.value <= best.value + valueSlack)) return;
    const newlyUsed = [...new Set(relaxed.items.map((i) => i.expert))].filter((e) => state[e] !== INCLUDED);
    if (newlyUsed.reduce((sum, e) => sum + totals[e], 0) <= room) {
      best = relaxed;
      return;
    }
    // Branch on the largest expert: deciding it moves the cap the most.
    const pivot = newlyUsed.reduce((a, b) => (totals[b] > totals[a] ? b : a));
    for (const decision of BRANCH_ORDER) {
      state[pivot] = decision;
      visit(decision === INCLUDED ? paid + totals[pivot] : paid);
    }
    state[pivot] = UNDECIDED;
  };
  visit(0);
  return best;
}

