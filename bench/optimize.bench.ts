// Optimiser speed on random instances (default 30 categories × 20 experts):
//   npm run bench:optimize [-- --instances 200 --capped 100 --frontiers 10 --categories 30 --experts 20 --slowest 5]
// Plain performance.now() after a warm-up; every instance is solved once and its time recorded.
// --slowest N lists the N slowest capped instances with the search's counters (what makes the tail).
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { paretoFrontier } from '../src/common/optimize/frontier';
import { newSearchStats, type SearchStats } from '../src/common/optimize/knapsack';
import type { CategoryProblem } from '../src/common/optimize/problem';
import { optimizeMapping } from '../src/common/optimize/solve';
import { randomProblem, seededRandom } from '../test/unit/optimize/randomInstances';

const { values } = parseArgs({
  options: {
    instances: { type: 'string', default: '200' },
    capped: { type: 'string', default: '100' },
    frontiers: { type: 'string', default: '10' },
    categories: { type: 'string', default: '30' },
    experts: { type: 'string', default: '20' },
    seed: { type: 'string', default: '20241201' },
    slowest: { type: 'string', default: '0' },
  },
});
const shape = { categories: Number(values.categories), experts: Number(values.experts) };
const random = seededRandom(Number(values.seed));

/** A budget between the cheapest and the dearest mapping, where the budget actually binds. */
function budgetAt(problem: CategoryProblem, fraction: number): number {
  const perCategory = problem.scores.map((row) => row.flatMap((s, e) => (s === null ? [] : [problem.activeParams[e]])));
  const cheapest = perCategory.reduce((sum, costs, c) => sum + problem.frequencies[c] * Math.min(...costs), 0);
  const dearest = perCategory.reduce((sum, costs, c) => sum + problem.frequencies[c] * Math.max(...costs), 0);
  return problem.routerParams + cheapest + fraction * (dearest - cheapest);
}

interface Timing {
  wallMs: number;
  /** Process CPU time: on a shared machine, wall time also counts the waits for a core. */
  cpuMs: number;
}

function timeEach(count: number, run: (problem: CategoryProblem) => unknown, source = random): Timing[] {
  return Array.from({ length: count }, () => {
    const problem = randomProblem(source, shape);
    const cpu = process.cpuUsage();
    const start = performance.now();
    run(problem);
    const wallMs = performance.now() - start;
    const used = process.cpuUsage(cpu);
    return { wallMs, cpuMs: (used.user + used.system) / 1000 };
  });
}

function quantiles(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): string => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)].toFixed(2);
  return `p50 ${at(0.5)}  p99 ${at(0.99)}  max ${sorted[sorted.length - 1].toFixed(2)} ms`;
}

function report(label: string, timings: Timing[]): void {
  if (timings.length === 0) return;
  process.stdout.write(`${label.padEnd(38)} n=${String(timings.length).padEnd(4)} wall ${quantiles(timings.map((t) => t.wallMs))}` +
    `  | cpu ${quantiles(timings.map((t) => t.cpuMs))}\n`);
}

const fraction = (): number => 0.1 + 0.8 * random();
const cap = (p: CategoryProblem): number => p.totalParams.reduce((a, b) => a + b, 0) * (0.1 + 0.3 * random());

// Warm-up on instances of their own (the measured ones stay those of --seed): let the JIT settle on
// both the uncapped and the capped search, so no measured instance pays for compilation.
const warmUp = seededRandom(Number(values.seed) + 1);
timeEach(30, (p) => optimizeMapping(p, budgetAt(p, 0.1 + 0.8 * warmUp())), warmUp);
timeEach(10, (p) => optimizeMapping(p, budgetAt(p, 0.1 + 0.8 * warmUp()), { maxDistinctTotalParams: p.totalParams.reduce((a, b) => a + b, 0) * (0.1 + 0.3 * warmUp()) }), warmUp);
process.stdout.write(`optimiser benchmark: ${shape.categories} categories × ${shape.experts} experts, Node ${process.version}\n`);
report('optimizeMapping, budget', timeEach(Number(values.instances), (p) => optimizeMapping(p, budgetAt(p, fraction()))));
const cappedStats: SearchStats[] = [];
const capped = timeEach(Number(values.capped), (p) => {
  const stats = newSearchStats();
  cappedStats.push(stats);
  return optimizeMapping(p, budgetAt(p, fraction()), { maxDistinctTotalParams: cap(p), stats });
});
report('optimizeMapping, budget + expert cap', capped);
const slowest = capped.map((t, i) => ({ ...t, i, stats: cappedStats[i] })).sort((a, b) => b.cpuMs - a.cpuMs).slice(0, Number(values.slowest));
for (const { i, wallMs, cpuMs, stats } of slowest) {
  process.stdout.write(`  capped #${i}: cpu ${cpuMs.toFixed(1)} ms, wall ${wallMs.toFixed(1)} ms, nodes ${stats.nodes}, exact solves ${stats.exactSolves}, ` +
    `Lagrangian steps ${stats.lagrangianSteps}, tie leaves ${stats.tieLeaves}, capped searches for the lightest ${stats.lightestSearches}\n`);
}
const sizes: number[] = [];
report('paretoFrontier, all budgets', timeEach(Number(values.frontiers), (p) => sizes.push(paretoFrontier(p, { maxPoints: Infinity }).points.length)));
if (sizes.length > 0) process.stdout.write(`  frontier points: min ${Math.min(...sizes)}, max ${Math.max(...sizes)}\n`);
