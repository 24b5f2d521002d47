import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { paretoFrontier } from '../../../src/common/optimize/frontier';
import { evaluateIndices, type CategoryProblem, type MappingPoint } from '../../../src/common/optimize/problem';
import { solveUncapped } from '../../../src/common/optimize/branchAndBound';
import { cheapestFeasibleBudget, optimizeMapping, trafficGroups } from '../../../src/common/optimize/solve';
import { randomProblem, seededRandom, type RandomShape } from './randomInstances';

/** Every mapping that uses only scored pairs. */
function allMappings(problem: CategoryProblem): MappingPoint[] {
  const options = problem.categories.map((_, c) => problem.experts.map((_, e) => e).filter((e) => problem.scores[c][e] !== null));
  const points: MappingPoint[] = [];
  const choice: number[] = [];
  const walk = (c: number): void => {
    if (c === options.length) {
      points.push(evaluateIndices(problem, choice));
      return;
    }
    for (const e of options[c]) {
      choice[c] = e;
      walk(c + 1);
    }
  };
  walk(0);
  return points;
}

const close = (a: number, b: number, scale = 1): boolean => Math.abs(a - b) <= 1e-7 * Math.max(scale, Math.abs(a), Math.abs(b));

function bruteBest(points: MappingPoint[], budget: number, cap?: number): MappingPoint | null {
  // The cap is met up to rounding: summed in another order, the same experts' totals differ in the last bit.
  const feasible = points.filter((p) => p.avgActiveParams <= budget && (cap === undefined || p.distinctTotalParams <= cap * (1 + 1e-12)));
  if (feasible.length === 0) return null;
  const top = Math.max(...feasible.map((p) => p.expectedScore));
  const best = feasible.filter((p) => close(p.expectedScore, top));
  return best.reduce((a, b) => (b.avgActiveParams < a.avgActiveParams ? b : a));
}

/** Asserts the optimiser's answer is brute force's (none when none exists); true when there was one to compare. */
function matchesBruteForce(actual: ReturnType<typeof optimizeMapping>, expected: MappingPoint | null, where: string, scale: number, budget: number, cap?: number): boolean {
  if (expected === null) {
    assert.equal(actual, null, where);
    return false;
  }
  assert.ok(actual !== null, where);
  assert.ok(close(actual.expectedScore, expected.expectedScore), `${where}: ${actual.expectedScore} vs ${expected.expectedScore}`);
  assert.ok(close(actual.avgActiveParams, expected.avgActiveParams, scale), `${where}: cost ${actual.avgActiveParams} vs ${expected.avgActiveParams}`);
  assert.ok(actual.avgActiveParams <= budget * (1 + 1e-9), where);
  if (cap !== undefined) assert.ok(actual.distinctTotalParams <= cap * (1 + 1e-9), where);
  return true;
}

const SHAPES: RandomShape[] = [
  { categories: 4, experts: 4 },
  { categories: 5, experts: 3, missing: 0.3 },
  { categories: 3, experts: 6, scoreLevels: 4 },
  { categories: 6, experts: 3, zeroFrequency: 0.3, scoreLevels: 10 },
];

void describe('optimizeMapping is exact (against brute force)', () => {
  void it('finds the best score, and the cheapest such mapping, at random budgets', () => {
    let checked = 0;
    for (let seed = 1; seed <= 160; seed++) {
      const random = seededRandom(seed);
      const problem = randomProblem(random, SHAPES[seed % SHAPES.length]);
      const points = allMappings(problem);
      const costs = points.map((p) => p.avgActiveParams);
      const [lo, hi] = [Math.min(...costs), Math.max(...costs)];
      for (let trial = 0; trial < 4; trial++) {
        const budget = lo - 0.05 * (hi - lo) + random() * 1.1 * (hi - lo);
        const capped = trial % 2 === 1;
        const cap = capped ? Math.min(...problem.totalParams) + random() * problem.totalParams.reduce((a, b) => a + b, 0) * 0.6 : undefined;
        const expected = bruteBest(points, budget, cap);
        const actual = optimizeMapping(problem, budget, { maxDistinctTotalParams: cap });
        if (!matchesBruteForce(actual, expected, `seed ${seed} trial ${trial}`, hi, budget, cap)) continue;
        checked++;
      }
    }
    assert.ok(checked > 300, `only ${checked} feasible cases were checked`);
  });

  void it('is exact under the expert cap: infeasible, boundary, tight, loose and non-binding caps', () => {
    // Larger instances than above (up to 7 776 mappings), so the cap prunes and fixes experts for real.
    const capShapes: RandomShape[] = [
      { categories: 5, experts: 6 },
      { categories: 6, experts: 5, missing: 0.25 },
      { categories: 4, experts: 8, scoreLevels: 5 },
      // Categories without traffic still need an expert within the cap; unscored pairs make that bind.
      { categories: 7, experts: 3, zeroFrequency: 0.3, missing: 0.4 },
      { categories: 5, experts: 5, scoreLevels: 3, missing: 0.15 },
    ];
    const kinds = ['infeasible', 'boundary', 'tight', 'loose', 'unbound'] as const;
    const seen = new Map<string, number>();
    for (let seed = 400; seed < 520; seed++) {
      const random = seededRandom(seed);
      const problem = randomProblem(random, capShapes[seed % capShapes.length]);
      const points = allMappings(problem);
      const costs = points.map((p) => p.avgActiveParams);
      const [lo, hi] = [Math.min(...costs), Math.max(...costs)];
      const distinct = [...new Set(points.map((p) => p.distinctTotalParams))].sort((a, b) => a - b);
      const allTotals = problem.totalParams.reduce((a, b) => a + b, 0);
      for (const kind of kinds) {
        const cap = {
          infeasible: distinct[0] * (1 - 1e-6),
          // Exactly some mapping's distinct total: feasible at equality.
          boundary: distinct[Math.floor(random() * distinct.length)],
          tight: distinct[0] + random() * (distinct[Math.min(2, distinct.length - 1)] - distinct[0]),
          loose: distinct[0] + random() * (distinct[distinct.length - 1] - distinct[0]),
          unbound: allTotals,
        }[kind];
        for (const budget of [lo - 0.05 * (hi - lo) + random() * 1.1 * (hi - lo), lo + random() * (hi - lo), Number.POSITIVE_INFINITY]) {
          const where = `seed ${seed} ${kind} cap ${cap} budget ${budget}`;
          const expected = bruteBest(points, budget, cap);
          const actual = optimizeMapping(problem, budget, { maxDistinctTotalParams: cap });
          if (!matchesBruteForce(actual, expected, where, hi, budget, cap)) continue;
          seen.set(kind, (seen.get(kind) ?? 0) + 1);
        }
        const cheapest = cheapestFeasibleBudget(problem, { maxDistinctTotalParams: cap });
        const feasible = points.filter((p) => p.distinctTotalParams <= cap * (1 + 1e-12));
        if (feasible.length === 0) assert.equal(cheapest, null, `seed ${seed} ${kind}`);
        else assert.ok(cheapest !== null && close(cheapest, Math.min(...feasible.map((p) => p.avgActiveParams)), hi), `seed ${seed} ${kind}`);
      }
    }
    // Every kind but the infeasible one must have produced real solutions to compare.
    for (const kind of kinds.slice(1)) assert.ok((seen.get(kind) ?? 0) > 100, `${kind}: only ${seen.get(kind) ?? 0} feasible cases`);
    assert.equal(seen.get('infeasible'), undefined);
  });

  void it('is exact under the expert cap on instances too large for brute force (expert-set oracle)', () => {
    // Oracle independent of the capped search: the best uncapped optimum over every maximal expert set
    // within the cap (a superset never does worse, so maximal sets suffice).
    const oracle = (problem: CategoryProblem, budget: number, cap: number): number | null => {
      const { groups } = trafficGroups(problem);
      const m = problem.experts.length;
      let best: number | null = null;
      for (let set = 1; set < 1 << m; set++) {
        let total = 0;
        for (let e = 0; e < m; e++) if (set & (1 << e)) total += problem.totalParams[e];
        if (total > cap) continue;
        let maximal = true;
        for (let e = 0; e < m; e++) if (!(set & (1 << e)) && total + problem.totalParams[e] <= cap) maximal = false;
        if (!maximal) continue;
        const restricted = groups.map((g) => g.filter((item) => set & (1 << item.expert)));
        if (restricted.some((g) => g.length === 0)) continue;
        const solution = solveUncapped({ groups: restricted, capacity: budget - problem.routerParams });
        if (solution !== null && (best === null || solution.value > best)) best = solution.value;
      }
      return best;
    };
    let compared = 0;
    for (let seed = 700; seed < 760; seed++) {
      const random = seededRandom(seed);
      const problem = randomProblem(random, { categories: 10 + (seed % 5), experts: 9 + (seed % 3), missing: seed % 2 === 0 ? 0.2 : 0 });
      const cheapest = cheapestFeasibleBudget(problem)!;
      const dearest = cheapestFeasibleBudget(problem)! * 3;
      const allTotals = problem.totalParams.reduce((a, b) => a + b, 0);
      for (const share of [0.12, 0.25, 0.45]) {
        const cap = allTotals * share * (0.8 + 0.4 * random());
        const budget = cheapest + random() * (dearest - cheapest);
        const where = `seed ${seed} cap ${cap} budget ${budget}`;
        const expected = oracle(problem, budget, cap);
        const actual = optimizeMapping(problem, budget, { maxDistinctTotalParams: cap });
        if (expected === null) {
          assert.equal(actual, null, where);
          continue;
        }
        assert.ok(actual !== null, where);
        assert.ok(close(actual.expectedScore, expected), `${where}: ${actual.expectedScore} vs ${expected}`);
        assert.ok(actual.avgActiveParams <= budget * (1 + 1e-9) && actual.distinctTotalParams <= cap * (1 + 1e-9), where);
        compared++;
      }
    }
    assert.ok(compared > 120, `only ${compared} feasible cases were compared`);
  });

  void it('the capped optimum matches the uncapped one when the cap cannot bind', () => {
    for (let seed = 600; seed < 640; seed++) {
      const random = seededRandom(seed);
      const problem = randomProblem(random, { categories: 12, experts: 8, missing: 0.1 });
      const budget = cheapestFeasibleBudget(problem)! * (1 + random());
      const uncapped = optimizeMapping(problem, budget);
      const capped = optimizeMapping(problem, budget, { maxDistinctTotalParams: problem.totalParams.reduce((a, b) => a + b, 0) });
      assert.ok(uncapped !== null && capped !== null, `seed ${seed}`);
      assert.ok(close(capped.expectedScore, uncapped.expectedScore), `seed ${seed}`);
      assert.ok(close(capped.avgActiveParams, uncapped.avgActiveParams, budget), `seed ${seed}`);
    }
  });

  void it('names the cheapest feasible budget, with and without a cap', () => {
    for (let seed = 200; seed < 260; seed++) {
      const random = seededRandom(seed);
      const problem = randomProblem(random, SHAPES[seed % SHAPES.length]);
      const points = allMappings(problem);
      const cap = seed % 2 === 0 ? undefined : Math.min(...problem.totalParams) * (1 + 2 * random());
      const feasible = points.filter((p) => cap === undefined || p.distinctTotalParams <= cap);
      const budget = cheapestFeasibleBudget(problem, { maxDistinctTotalParams: cap });
      if (feasible.length === 0) {
        assert.equal(budget, null, `seed ${seed}`);
        continue;
      }
      const expected = Math.min(...feasible.map((p) => p.avgActiveParams));
      assert.ok(budget !== null && close(budget, expected), `seed ${seed}: ${budget} vs ${expected}`);
      assert.notEqual(optimizeMapping(problem, expected * (1 + 1e-12), { maxDistinctTotalParams: cap }), null);
    }
  });

  void it('the frontier equals the brute-force Pareto set, with and without a cap', () => {
    for (let seed = 300; seed < 380; seed++) {
      const random = seededRandom(seed);
      const problem = randomProblem(random, SHAPES[seed % SHAPES.length]);
      const cap = seed % 2 === 0 ? undefined : Math.max(...problem.totalParams) * (1 + random());
      const points = allMappings(problem).filter((p) => cap === undefined || p.distinctTotalParams <= cap);
      const pareto = points
        .filter((p) => !points.some((q) =>
          (q.expectedScore > p.expectedScore + 1e-9 && q.avgActiveParams <= p.avgActiveParams + 1) ||
          (q.expectedScore >= p.expectedScore - 1e-9 && q.avgActiveParams < p.avgActiveParams - 1)))
        .sort((a, b) => a.avgActiveParams - b.avgActiveParams)
        .filter((p, i, all) => i === 0 || !close(p.avgActiveParams, all[i - 1].avgActiveParams));
      const frontier = paretoFrontier(problem, { maxDistinctTotalParams: cap });
      assert.equal(frontier.truncated, false);
      assert.deepEqual(
        frontier.points.map((p) => [p.expectedScore.toFixed(9), (p.avgActiveParams / 1e9).toFixed(6)]),
        pareto.map((p) => [p.expectedScore.toFixed(9), (p.avgActiveParams / 1e9).toFixed(6)]),
        `seed ${seed}`,
      );
      if (cap !== undefined) for (const p of frontier.points) assert.ok(p.distinctTotalParams <= cap * (1 + 1e-9));
    }
  });

  void it('thins a long frontier evenly, keeping both ends', () => {
    const problem = randomProblem(seededRandom(7), { categories: 8, experts: 6 });
    const full = paretoFrontier(problem);
    const thin = paretoFrontier(problem, { maxPoints: 5 });
    assert.ok(full.points.length > 5 && !full.truncated);
    assert.equal(thin.points.length, 5);
    assert.equal(thin.truncated, true);
    assert.deepEqual(thin.points[0], full.points[0]);
    assert.deepEqual(thin.points[4], full.points[full.points.length - 1]);
  });
});
