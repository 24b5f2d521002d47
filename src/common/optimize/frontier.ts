import { VALUE_TOLERANCE } from './branchAndBound';
import { undominated, type Item } from './lpBound';
import { evaluateIndices, evaluateMapping, type CategoryProblem, type Mapping, type MappingPoint } from './problem';
import { completeMapping, optimizeMapping, trafficGroups, type SolveOptions } from './solve';

export interface FrontierOptions extends SolveOptions {
  /**
   * Most points to return; default 1000. Without a cap the whole frontier is computed and thinned
   * evenly (both ends kept); with a cap the walk from the top stops, so the cheapest are missing.
   */
  maxPoints?: number;
}

export interface Frontier {
  /** Pareto-optimal mappings, cheapest first: each is strictly better and strictly dearer than the last. */
  points: MappingPoint[];
  /** True when some Pareto-optimal mappings are not in `points` (see maxPoints). */
  truncated: boolean;
}

const MAX_PARTIAL_STATES = 200_000;

interface PartialState {
  weight: number;
  value: number;
  parent: number;
  item: Item | null;
}

/**
 * Without a cap the frontier is a Nemhauser–Ullmann dynamic programme: after each category keep only
 * the partial mappings no other beats on both cost and score. Exact, and one pass for all budgets.
 */
function frontierByDominance(problem: CategoryProblem, maxPoints: number): Frontier | null {
  const groups = trafficGroups(problem);
  const slack = VALUE_TOLERANCE * Math.max(1, ...groups.groups.flat().map((i) => Math.abs(i.value)));
  const layers: PartialState[][] = [[{ weight: 0, value: 0, parent: -1, item: null }]];
  for (const group of groups.groups) {
    const items = undominated(group);
    const previous = layers[layers.length - 1];
    const candidates: PartialState[] = [];
    previous.forEach((state, parent) => {
      for (const item of items) candidates.push({ weight: state.weight + item.weight, value: state.value + item.value, parent, item });
    });
    candidates.sort((a, b) => a.weight - b.weight || b.value - a.value);
    const kept: PartialState[] = [];
    for (const candidate of candidates) {
      if (kept.length === 0 || candidate.value > kept[kept.length - 1].value + slack) kept.push(candidate);
    }
    // Partial frontiers can outgrow any chart; past this, walking budgets down is the cheaper way.
    if (kept.length > MAX_PARTIAL_STATES) return null;
    layers.push(kept);
  }
  const finals = layers[layers.length - 1];
  const chosen = finals.length <= maxPoints
    ? finals.map((_, i) => i)
    : Array.from({ length: maxPoints }, (_, k) => Math.round((k * (finals.length - 1)) / Math.max(1, maxPoints - 1)));
  const points = [...new Set(chosen)].map((index) => {
    const items = new Array<Item>(groups.groups.length);
    for (let layer = layers.length - 1, at = index; layer > 0; layer--) {
      const state = layers[layer][at];
      items[layer - 1] = state.item as Item;
      at = state.parent;
    }
    const value = items.reduce((sum, i) => sum + i.value, 0);
    const weight = items.reduce((sum, i) => sum + i.weight, 0);
    return evaluateIndices(problem, completeMapping(problem, groups, { items, value, weight }, {}));
  });
  return { points, truncated: finals.length > maxPoints };
}

/**
 * The exact quality-vs-average-active-parameters frontier over all budgets. With a cap on distinct
 * experts, partial mappings cannot be compared by cost and score alone, so it walks down from an
 * unlimited budget: the optimum at budget B is the cheapest of the best mappings, so the next point is
 * the optimum just below its cost. Every Pareto-optimal (cost, score) pair is visited exactly once.
 */
export function paretoFrontier(problem: CategoryProblem, options: FrontierOptions = {}): Frontier {
  const maxPoints = options.maxPoints ?? 1000;
  if (options.maxDistinctTotalParams === undefined) {
    const frontier = frontierByDominance(problem, maxPoints);
    if (frontier !== null) return frontier;
  }
  // Costs closer than this are the same cost; far below anything a reader could see.
  const step = 1e-7 * Math.max(...problem.activeParams);
  const slack = VALUE_TOLERANCE * Math.max(1, ...problem.scores.flat().map((s) => Math.abs(s ?? 0)));
  const descending: MappingPoint[] = [];
  let budget = Number.POSITIVE_INFINITY;
  let truncated = false;
  for (;;) {
    const point = optimizeMapping(problem, budget, options);
    if (point === null) break;
    const last = descending[descending.length - 1];
    if (last !== undefined && point.expectedScore >= last.expectedScore - slack) {
      descending[descending.length - 1] = point;
    } else if (descending.length >= maxPoints) {
      truncated = true;
      break;
    } else {
      descending.push(point);
    }
    budget = point.avgActiveParams - step;
  }
  return { points: descending.reverse(), truncated };
}

export interface FrontierPlacement {
  current: MappingPoint;
  /** The best any mapping does at no more than the current cost. */
  bestAtSameCost: MappingPoint;
  /** The cheapest frontier mapping at least as good as the current one. */
  cheapestAsGood: MappingPoint | null;
  /** The current mapping is Pareto-optimal (nothing is as good and cheaper, or better at its cost). */
  onFrontier: boolean;
}

/** Where a mapping (e.g. the configured table) sits relative to the frontier. */
export function placeOnFrontier(
  problem: CategoryProblem,
  mapping: Readonly<Mapping>,
  frontier: Frontier,
  options: SolveOptions = {},
): FrontierPlacement {
  const current = evaluateMapping(problem, mapping);
  const slack = VALUE_TOLERANCE * Math.max(1, Math.abs(current.expectedScore));
  // The current mapping itself fits its own cost, so this cannot be null.
  const bestAtSameCost = optimizeMapping(problem, current.avgActiveParams, options) ?? current;
  const cheapestAsGood = frontier.points.find((p) => p.expectedScore >= current.expectedScore - slack) ?? null;
  const costSlack = 1e-7 * Math.max(...problem.activeParams);
  const onFrontier =
    bestAtSameCost.expectedScore <= current.expectedScore + slack &&
    (cheapestAsGood === null || cheapestAsGood.avgActiveParams >= current.avgActiveParams - costSlack);
  return { current, bestAtSameCost, cheapestAsGood, onFrontier };
}
