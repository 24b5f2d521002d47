/**
 * The category→expert table optimisation problem, in index form for the solver and named form for
 * callers. Expected score and average active parameters are frequency-weighted over categories:
 *   score(m)  = Σ_c p(c)·s(c, m(c))
 *   active(m) = routerParams + Σ_c p(c)·activeParams(m(c))
 * and the optional cap is on the total parameters of the distinct experts a mapping uses.
 */
export interface ExpertCost {
  activeParams: number;
  /** Counted against the cap on distinct experts' parameters; defaults to activeParams. */
  totalParams?: number;
}

export interface OptimizeInput {
  experts: Readonly<Record<string, ExpertCost>>;
  /** category → expert → score; a missing pair means the expert may not serve that category. */
  scores: Readonly<Record<string, Readonly<Record<string, number>>>>;
  routerParams?: number;
  /** category → weight, normalised here; uniform over the scored categories when absent. */
  frequencies?: Readonly<Record<string, number>>;
}

export interface CategoryProblem {
  categories: string[];
  experts: string[];
  /** p(c), aligned with categories, summing to 1. */
  frequencies: number[];
  /** scores[c][e], null where the pair is not scored. */
  scores: (number | null)[][];
  activeParams: number[];
  totalParams: number[];
  routerParams: number;
}

/** category → expert id. */
export type Mapping = Record<string, string>;

export interface MappingPoint {
  mapping: Mapping;
  expectedScore: number;
  avgActiveParams: number;
  /** Total parameters of the distinct experts the mapping uses. */
  distinctTotalParams: number;
}

/** Input that cannot describe a problem; the message says which entry to fix. */
export class OptimizeInputError extends Error {
  override readonly name = 'OptimizeInputError';
}

function normalisedFrequencies(categories: string[], raw: OptimizeInput['frequencies'], warnings: string[]): number[] {
  if (raw === undefined) return categories.map(() => 1 / categories.length);
  for (const [category, weight] of Object.entries(raw)) {
    if (!Number.isFinite(weight) || weight < 0) throw new OptimizeInputError(`frequency of "${category}" must be a number ≥ 0 (got ${weight})`);
    if (!categories.includes(category)) warnings.push(`frequency for "${category}" ignored: it has no scores`);
  }
  const missing = categories.filter((c) => raw[c] === undefined);
  if (missing.length > 0) warnings.push(`no frequency for ${missing.join(', ')}: treated as 0`);
  const weights = categories.map((c) => raw[c] ?? 0);
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) throw new OptimizeInputError('the frequencies of the scored categories sum to 0');
  return weights.map((w) => w / sum);
}

/** Validates named input and turns it into index form. Warnings are for the user, not failures. */
export function buildProblem(input: OptimizeInput): { problem: CategoryProblem; warnings: string[] } {
  const warnings: string[] = [];
  const experts = Object.keys(input.experts);
  const categories = Object.keys(input.scores);
  if (experts.length === 0) throw new OptimizeInputError('no experts given');
  if (categories.length === 0) throw new OptimizeInputError('no categories scored');
  const costs = experts.map((id) => input.experts[id]);
  costs.forEach((cost, i) => {
    const total = cost.totalParams ?? cost.activeParams;
    if (!(cost.activeParams > 0) || !Number.isFinite(cost.activeParams)) {
      throw new OptimizeInputError(`expert "${experts[i]}": activeParams must be a positive number`);
    }
    if (!(total >= cost.activeParams) || !Number.isFinite(total)) {
      throw new OptimizeInputError(`expert "${experts[i]}": totalParams must be a number ≥ activeParams`);
    }
  });
  const routerParams = input.routerParams ?? 0;
  if (!(routerParams >= 0) || !Number.isFinite(routerParams)) throw new OptimizeInputError('routerParams must be a number ≥ 0');

  const scores = categories.map((category) => {
    const row = input.scores[category];
    for (const [expert, score] of Object.entries(row)) {
      if (!experts.includes(expert)) throw new OptimizeInputError(`scores.${category}: unknown expert "${expert}" (add it to "experts")`);
      if (!Number.isFinite(score)) throw new OptimizeInputError(`scores.${category}.${expert}: must be a finite number`);
    }
    const scored = experts.map((e) => row[e] ?? null);
    if (scored.every((s) => s === null)) throw new OptimizeInputError(`scores.${category}: no expert is scored for this category`);
    return scored;
  });
  const problem: CategoryProblem = {
    categories,
    experts,
    frequencies: normalisedFrequencies(categories, input.frequencies, warnings),
    scores,
    activeParams: costs.map((c) => c.activeParams),
    totalParams: costs.map((c) => c.totalParams ?? c.activeParams),
    routerParams,
  };
  return { problem, warnings };
}

/** Scores a mapping given as an expert index per category. */
export function evaluateIndices(problem: CategoryProblem, choice: readonly number[]): MappingPoint {
  let expectedScore = 0;
  let avgActiveParams = problem.routerParams;
  const mapping: Mapping = {};
  const used = new Set<number>();
  problem.categories.forEach((category, c) => {
    const e = choice[c];
    const score = problem.scores[c][e];
    if (score === null || score === undefined) throw new OptimizeInputError(`"${problem.experts[e]}" is not scored for "${category}"`);
    expectedScore += problem.frequencies[c] * score;
    avgActiveParams += problem.frequencies[c] * problem.activeParams[e];
    mapping[category] = problem.experts[e];
    used.add(e);
  });
  const distinctTotalParams = [...used].reduce((sum, e) => sum + problem.totalParams[e], 0);
  return { mapping, expectedScore, avgActiveParams, distinctTotalParams };
}

/** Scores a named mapping; every category needs a scored expert. */
export function evaluateMapping(problem: CategoryProblem, mapping: Readonly<Mapping>): MappingPoint {
  const choice = problem.categories.map((category) => {
    const expert = mapping[category];
    if (expert === undefined) throw new OptimizeInputError(`the mapping has no expert for "${category}"`);
    const index = problem.experts.indexOf(expert);
    if (index < 0) throw new OptimizeInputError(`the mapping names unknown expert "${expert}" for "${category}"`);
    return index;
  });
  return evaluateIndices(problem, choice);
}
