import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VALUE_TOLERANCE } from '../../../src/common/optimize/branchAndBound';
import { newSearchStats, solveCappedKeepingTies, type TieLeaf } from '../../../src/common/optimize/knapsack';
import type { Item } from '../../../src/common/optimize/lpBound';
import { buildProblem } from '../../../src/common/optimize/problem';
import { optimizeMapping, trafficGroups } from '../../../src/common/optimize/solve';
import { randomProblem, seededRandom, type RandomShape } from './randomInstances';

/** Every choice of one item per group. */
function allChoices(groups: Item[][]): Item[][] {
  let choices: Item[][] = [[]];
  for (const group of groups) choices = choices.flatMap((prefix) => group.map((item) => [...prefix, item]));
  return choices;
}

/** Whether a leaf holds the mapping: its experts are allowed there, and those not yet paid fit the room. */
function holds(leaf: TieLeaf, choice: Item[], totals: readonly number[]): boolean {
  const experts = new Set(choice.map((i) => i.expert));
  let extra = 0;
  for (const e of experts) {
    if (leaf.allowed[e] === 0) return false;
    if (leaf.included[e] === 0) extra += totals[e];
  }
  return extra <= leaf.room;
}

// Few score levels: many mappings tie, which is what the tie-keeping search must not lose.
const SHAPES: RandomShape[] = [
  { categories: 5, experts: 6, scoreLevels: 2 },
  { categories: 6, experts: 5, scoreLevels: 3, missing: 0.2 },
  { categories: 4, experts: 7, scoreLevels: 2, zeroFrequency: 0.25 },
  { categories: 5, experts: 5 },
];

void describe('capped search keeping near-ties', () => {
  void it('returns the optimum, and leaves that hold every feasible mapping within the tie slack of it', () => {
    let tiedMappings = 0;
    let multiLeaf = 0;
    for (let seed = 900; seed < 1020; seed++) {
      const random = seededRandom(seed);
      const problem = randomProblem(random, SHAPES[seed % SHAPES.length]);
      const { groups } = trafficGroups(problem, true);
      const totals = problem.totalParams;
      const limit = Math.min(...totals) + random() * 0.5 * totals.reduce((a, b) => a + b, 0);
      const choices = allChoices(groups).map((choice) => ({
        choice,
        value: choice.reduce((s, i) => s + i.value, 0),
        weight: choice.reduce((s, i) => s + i.weight, 0),
        total: [...new Set(choice.map((i) => i.expert))].reduce((s, e) => s + totals[e], 0),
      }));
      const weights = choices.map((c) => c.weight);
      const capacity = Math.min(...weights) + random() * (Math.max(...weights) - Math.min(...weights));
      const feasible = choices.filter((c) => c.weight <= capacity && c.total <= limit);
      // A coarse slack (1e-3) so near-ties, not only exact ones, are asked for.
      const tieSlack = seed % 2 === 0 ? 1e-3 : VALUE_TOLERANCE;
      const where = `seed ${seed}`;
      const tied = solveCappedKeepingTies({ groups, capacity, cap: { expertTotals: totals, limit } }, tieSlack);
      if (feasible.length === 0) {
        assert.equal(tied, null, where);
        continue;
      }
      assert.ok(tied !== null, where);
      const top = Math.max(...feasible.map((c) => c.value));
      assert.ok(Math.abs(tied.best.value - top) <= 1e-9, `${where}: ${tied.best.value} vs ${top}`);
      for (const leaf of tied.leaves) assert.ok(leaf.value >= tied.best.value - tieSlack, `${where}: a leaf below the tie floor was returned`);
      for (const near of feasible.filter((c) => c.value >= top - tieSlack + 1e-12)) {
        assert.ok(tied.leaves.some((leaf) => holds(leaf, near.choice, totals)), `${where}: a mapping worth ${near.value} (optimum ${top}) is in no leaf`);
        tiedMappings++;
      }
      if (tied.leaves.length > 1) multiLeaf++;
    }
    // The check must have had near-ties to look for, spread over more than one leaf at times.
    assert.ok(tiedMappings > 200, `only ${tiedMappings} near-tied mappings were checked`);
    assert.ok(multiLeaf >= 2, `only ${multiLeaf} searches returned several leaves`);
  });

  void it('breaks ties towards the lightest mapping within the cap, not the lightest ignoring it', () => {
    // a, b and c all score 1 where scored. Best-scoring mappings: a|a (a: 6e9 total), b|a (12e9: over the
    // 10e9 cap), a|c and b|c (10e9). The lightest ignoring the cap is b|a (1e9 + 3e9 active); the
    // lightest within it is b|c (1e9 + 4e9).
    const { problem } = buildProblem({
      experts: { a: { activeParams: 3e9, totalParams: 6e9 }, b: { activeParams: 1e9, totalParams: 6e9 }, c: { activeParams: 4e9, totalParams: 4e9 } },
      scores: { first: { a: 1, b: 1 }, second: { a: 1, c: 1 } },
    });
    const stats = newSearchStats();
    const point = optimizeMapping(problem, Number.POSITIVE_INFINITY, { maxDistinctTotalParams: 10e9, stats });
    assert.deepEqual(point?.mapping, { first: 'b', second: 'c' });
    assert.equal(point?.distinctTotalParams, 10e9);
    assert.ok(stats.nodes > 0 && stats.tieLeaves > 0, 'the counters describe the search');
    // Without the cap, b|a is the answer.
    assert.deepEqual(optimizeMapping(problem, Number.POSITIVE_INFINITY)?.mapping, { first: 'b', second: 'a' });
  });
});
