import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { placeOnFrontier, paretoFrontier } from '../../../src/common/optimize/frontier';
import { buildProblem, evaluateMapping, OptimizeInputError } from '../../../src/common/optimize/problem';
import { optimizeInputFromFiles } from '../../../src/common/optimize/scoresFile';
import { cheapestFeasibleBudget, optimizeMapping } from '../../../src/common/optimize/solve';

const SCORES = {
  experts: { small: { activeParams: 7e9 }, big: { activeParams: 70e9, totalParams: 70e9 } },
  scores: { code: { small: 0.5, big: 0.9 }, chat: { small: 0.6, big: 0.55 }, law: { big: 0.8 } },
  routerParams: 1e6,
};

void describe('optimiser input and accounting', () => {
  void it('normalises frequencies and warns about gaps instead of guessing silently', () => {
    const { problem, warnings } = buildProblem(optimizeInputFromFiles(SCORES, { code: 3, chat: 1, poetry: 2 }));
    assert.deepEqual(problem.frequencies, [0.75, 0.25, 0]);
    assert.equal(warnings.length, 2);
    assert.match(warnings.join('\n'), /poetry/);
    assert.match(warnings.join('\n'), /law/);
  });

  void it('is uniform without a frequency file and counts the router in active parameters', () => {
    const { problem } = buildProblem(optimizeInputFromFiles(SCORES));
    const point = evaluateMapping(problem, { code: 'big', chat: 'small', law: 'big' });
    assert.ok(Math.abs(point.avgActiveParams - (1e6 + (70e9 + 7e9 + 70e9) / 3)) < 1);
    assert.ok(Math.abs(point.expectedScore - (0.9 + 0.6 + 0.8) / 3) < 1e-12);
    assert.equal(point.distinctTotalParams, 77e9);
  });

  void it('never maps a category to an expert it has no score for', () => {
    const { problem } = buildProblem(optimizeInputFromFiles(SCORES));
    const best = optimizeMapping(problem, 1e12);
    assert.equal(best?.mapping.law, 'big');
    assert.equal(cheapestFeasibleBudget(problem), 1e6 + (7e9 + 7e9 + 70e9) / 3);
  });

  void it('counts the expert of a category without traffic against the cap', () => {
    const input = {
      experts: { small: { activeParams: 1e9 }, other: { activeParams: 2e9 } },
      scores: { busy: { small: 0.9, other: 0.4 }, idle: { other: 0.5 } },
      frequencies: { busy: 1, idle: 0 },
    };
    const { problem } = buildProblem(input);
    // Only "other" can serve idle: a cap that leaves it out admits no mapping at all.
    assert.equal(optimizeMapping(problem, 1e12, { maxDistinctTotalParams: 1.5e9 }), null);
    assert.equal(cheapestFeasibleBudget(problem, { maxDistinctTotalParams: 1.5e9 }), null);
    const withOther = optimizeMapping(problem, 1e12, { maxDistinctTotalParams: 2e9 });
    assert.deepEqual(withOther?.mapping, { busy: 'other', idle: 'other' });
    const both = optimizeMapping(problem, 1e12, { maxDistinctTotalParams: 3e9 });
    assert.deepEqual(both?.mapping, { busy: 'small', idle: 'other' });
    assert.equal(both?.distinctTotalParams, 3e9);
    assert.deepEqual(optimizeMapping(problem, 1e12)?.mapping, { busy: 'small', idle: 'other' });
  });

  void it('rejects files that cannot describe a problem, naming the entry', () => {
    assert.throws(() => optimizeInputFromFiles({ experts: {}, scores: 3 }), (e: unknown) => e instanceof OptimizeInputError && /scores/.test(e.message));
    assert.throws(() => buildProblem(optimizeInputFromFiles({ ...SCORES, scores: { code: { huge: 1 } } })), /unknown expert "huge"/);
    assert.throws(() => buildProblem(optimizeInputFromFiles(SCORES, { code: 0, chat: 0, law: 0 })), /sum to 0/);
    assert.throws(() => optimizeInputFromFiles({ ...SCORES, experts: { small: { activeParams: -1 } } }), /experts\.small\.activeParams/);
  });

  void it('places a dominated mapping below the frontier and an optimal one on it', () => {
    const { problem } = buildProblem(optimizeInputFromFiles(SCORES, { code: 1, chat: 1, law: 1 }));
    const frontier = paretoFrontier(problem);
    const monolith = placeOnFrontier(problem, { code: 'big', chat: 'big', law: 'big' }, frontier);
    assert.equal(monolith.onFrontier, false);
    assert.ok(monolith.cheapestAsGood !== null && monolith.cheapestAsGood.avgActiveParams < monolith.current.avgActiveParams);
    const routed = placeOnFrontier(problem, { code: 'big', chat: 'small', law: 'big' }, frontier);
    assert.equal(routed.onFrontier, true);
  });

  void it('a cap on distinct experts can force a single expert', () => {
    const { problem } = buildProblem(optimizeInputFromFiles(SCORES));
    assert.deepEqual(optimizeMapping(problem, 1e12, { maxDistinctTotalParams: 70e9 })?.mapping, { code: 'big', chat: 'big', law: 'big' });
    assert.equal(optimizeMapping(problem, 1e12, { maxDistinctTotalParams: 60e9 }), null);
    assert.equal(cheapestFeasibleBudget(problem, { maxDistinctTotalParams: 60e9 }), null);
  });
});
