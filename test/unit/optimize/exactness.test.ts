import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { paretoFrontier } from '../../../src/common/optimize/frontier';
import { evaluateIndices, type CategoryProblem, type MappingPoint } from '../../../src/common/optimize/problem';
import { cheapestFeasibleBudget, optimizeMapping } from '../../../src/common/optimize/solve';
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
  const feasible = points.filter((p) => p.avgActiveParams <= budget && (cap === undefined || p.distinctTotalParams <= cap));
  if (feasible.length === 0) return null;
  const top = Math.max(...feasible.map((p) => p.expectedScore));
  const best = feasible.filter((p) => close(p.expectedScore, top));
  return best.reduce((a, b) => (b.avgActiveParams < a.avgActiveParams ? b : a));
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
        const where = `seed ${seed} trial ${trial}`;
        if (expected === null) {
          assert.equal(actual, null, where);
          continue;
        }
        assert.ok(actual !== null, where);
        assert.ok(close(actual.expectedScore, expected.expectedScore), `${where}: ${actual.expectedScore} vs ${expected.expectedScore}`);
        assert.ok(close(actual.avgActiveParams, expected.avgActiveParams, hi), `${where}: cost ${actual.avgActiveParams} vs ${expected.avgActiveParams}`);
        assert.ok(actual.avgActiveParams <= budget * (1 + 1e-9), where);
        if (cap !== undefined) assert.ok(actual.distinctTotalParams <= cap * (1 + 1e-9), where);
        checked++;
      }
    }
    assert.ok(checked > 300, `only ${checked} feasible cases were checked`);
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
