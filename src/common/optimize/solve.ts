import { VALUE_TOLERANCE } from './branchAndBound';
import { solveCappedKeepingTies, solveKnapsack, type DistinctCap, type KnapsackSolution, type SearchStats, type TieLeaf } from './knapsack';
import type { Item } from './lpBound';
import { evaluateIndices, type CategoryProblem, type MappingPoint } from './problem';

export interface SolveOptions {
  /** Cap on the total parameters of the distinct experts a mapping uses (the paper's cumulative budget). */
  maxDistinctTotalParams?: number;
  /** Filled with the capped search's counters (benchmarks, diagnosis). */
  stats?: SearchStats;
}

export interface Groups {
  /** Categories that carry traffic; the others cannot change score or cost. */
  active: number[];
  groups: Item[][];
}

/**
 * One knapsack group per category that carries traffic. With `withIdle`, categories without traffic get
 * a group too (every item worth 0 and weighing 0): under a cap on distinct experts they still need an
 * expert, and only one the mapping already pays for keeps it within the cap.
 */
export function trafficGroups(problem: CategoryProblem, withIdle = false): Groups {
  const active = problem.categories.map((_, c) => c).filter((c) => withIdle || problem.frequencies[c] > 0);
  const groups = active.map((c) => {
    const items: Item[] = [];
    problem.scores[c].forEach((score, e) => {
      if (score !== null) {
        items.push({ value: problem.frequencies[c] * score, weight: problem.frequencies[c] * problem.activeParams[e], expert: e });
      }
    });
    return items;
  });
  return { active, groups };
}

function capOf(problem: CategoryProblem, options: SolveOptions): DistinctCap | undefined {
  const limit = options.maxDistinctTotalParams;
  return limit === undefined ? undefined : { expertTotals: problem.totalParams, limit };
}

/**
 * Among mappings worth at least `minValue`, the lightest: the same knapsack with the roles of value
 * and weight swapped (weights shifted so they stay ≥ 0). Makes optimal answers canonical.
 */
function lightestReaching(groups: Item[][], minValue: number, cap: DistinctCap | undefined, start: KnapsackSolution, stats?: SearchStats): KnapsackSolution | null {
  const top = groups.map((g) => Math.max(...g.map((i) => i.value)));
  const swapped = groups.map((g, k) => g.map((i) => ({ value: -i.weight, weight: top[k] - i.value, expert: i.expert })));
  const capacity = top.reduce((a, b) => a + b, 0) - minValue;
  // The mapping that set minValue reaches it: with a cap, it is the search's first incumbent.
  if (cap !== undefined && stats) stats.lightestSearches++;
  const solution = solveKnapsack({ groups: swapped, capacity: Math.max(0, capacity), cap, start: start.items.map((i) => i.expert) }, stats);
  if (solution === null) return null;
  const items = solution.items.map((item, k) => groups[k].find((i) => i.expert === item.expert) ?? item);
  return { items, value: items.reduce((s, i) => s + i.value, 0), weight: items.reduce((s, i) => s + i.weight, 0) };
}

/**
 * The lightest mapping worth at least `minValue` inside the capped search's tie leaves (which hold all
 * of them). Within a leaf, the lightest over its allowed experts ignoring the cap is a lower bound; when
 * its experts fit the leaf's room it is the leaf's answer. Null when one does not fit (then only a
 * capped search for the lightest is exact).
 */
function lightestInLeaves(groups: Item[][], cap: DistinctCap, leaves: readonly TieLeaf[], minValue: number, best: KnapsackSolution): KnapsackSolution | null {
  let lightest = best;
  for (const leaf of leaves) {
    const restricted = groups.map((g) => g.filter((item) => leaf.allowed[item.expert] === 1));
    const candidate = lightestReaching(restricted, minValue, undefined, best);
    if (candidate === null) continue;
    const newlyUsed = [...new Set(candidate.items.map((i) => i.expert))].filter((e) => leaf.included[e] === 0);
    if (newlyUsed.reduce((sum, e) => sum + cap.expertTotals[e], 0) > leaf.room) return null;
    if (candidate.weight < lightest.weight) lightest = candidate;
  }
  return lightest;
}

/** Completes a solution with the categories that carry no traffic: best score among experts already used. */
export function completeMapping(problem: CategoryProblem, groups: Groups, solution: KnapsackSolution, options: SolveOptions): number[] {
  const choice = new Array<number>(problem.categories.length).fill(-1);
  groups.active.forEach((c, k) => {
    choice[c] = solution.items[k].expert;
  });
  const used = new Set(choice.filter((e) => e >= 0));
  const capped = options.maxDistinctTotalParams !== undefined;
  problem.categories.forEach((_, c) => {
    // Categories without traffic take the best-scored expert among those used (with a cap, their group
    // only made sure one of those can serve them), else the best-scored one.
    if (choice[c] >= 0 && problem.frequencies[c] > 0) return;
    const rank = (e: number): number => problem.scores[c][e] ?? Number.NEGATIVE_INFINITY;
    const pool = problem.experts.map((_, e) => e).filter((e) => problem.scores[c][e] !== null);
    const preferred = capped && pool.some((e) => used.has(e)) ? pool.filter((e) => used.has(e)) : pool;
    choice[c] = preferred.reduce((a, b) => (rank(b) > rank(a) || (rank(b) === rank(a) && problem.activeParams[b] < problem.activeParams[a]) ? b : a));
  });
  return choice;
}

/**
 * The exact best category→expert mapping whose average active parameters (router included) stay
 * within `budgetParams`; among equally good mappings, the cheapest. Null when the budget is infeasible.
 */
export function optimizeMapping(problem: CategoryProblem, budgetParams: number, options: SolveOptions = {}): MappingPoint | null {
  const cap = capOf(problem, options);
  const groups = trafficGroups(problem, cap !== undefined);
  const capacity = budgetParams - problem.routerParams;
  const slack = VALUE_TOLERANCE * Math.max(1, ...groups.groups.flat().map((i) => Math.abs(i.value)));
  let canonical: KnapsackSolution;
  if (cap === undefined) {
    const best = solveKnapsack({ groups: groups.groups, capacity });
    if (best === null) return null;
    const lightest = lightestReaching(groups.groups, best.value - slack, undefined, best);
    canonical = lightest !== null && lightest.weight <= best.weight ? lightest : best;
  } else {
    // One capped search that keeps near-ties, then the lightest of them leaf by leaf; a second capped
    // search (value and weight swapped) only when a leaf's lightest breaks the cap.
    const tied = solveCappedKeepingTies({ groups: groups.groups, capacity, cap }, slack, options.stats);
    if (tied === null) return null;
    const { best, leaves } = tied;
    const lightest = lightestInLeaves(groups.groups, cap, leaves, best.value - slack, best) ?? lightestReaching(groups.groups, best.value - slack, cap, best, options.stats);
    canonical = lightest !== null && lightest.weight <= best.weight ? lightest : best;
  }
  return evaluateIndices(problem, completeMapping(problem, groups, canonical, options));
}

/** The smallest budget any mapping fits (under the cap, if given); null when the cap admits none. */
export function cheapestFeasibleBudget(problem: CategoryProblem, options: SolveOptions = {}): number | null {
  const cap = capOf(problem, options);
  const groups = trafficGroups(problem, cap !== undefined);
  const costGroups = groups.groups.map((g) => g.map((i) => ({ value: -i.weight, weight: 0, expert: i.expert })));
  const cheapest = solveKnapsack({ groups: costGroups, capacity: 0, cap });
  return cheapest === null ? null : problem.routerParams - cheapest.value;
}
