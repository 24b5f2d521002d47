import { VALUE_TOLERANCE } from './branchAndBound';
import { evaluateMapping, type CategoryProblem, type Mapping, type MappingPoint } from './problem';
import { optimizeMapping, type SolveOptions } from './solve';

export interface FrontierOptions extends SolveOptions {
  /** Stop after this many points (the cheapest ones are then missing); default 1000. */
  maxPoints?: number;
}

export interface Frontier {
  /** Pareto-optimal mappings, cheapest first: each is strictly better and strictly dearer than the last. */
  points: MappingPoint[];
  /** True when maxPoints cut the walk short before the cheapest feasible mapping. */
  truncated: boolean;
}

/**
 * The exact quality-vs-average-active-parameters frontier over all budgets. Walks down from an
 * unlimited budget: the optimum at budget B is the cheapest of the best mappings, so the next point is
 * the optimum just below its cost. Every Pareto-optimal (cost, score) pair is visited exactly once.
 */
export function paretoFrontier(problem: CategoryProblem, options: FrontierOptions = {}): Frontier {
  const maxPoints = options.maxPoints ?? 1000;
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
