import { certaintyOverExperts } from '../routing/entropy';
import { OptimizeInputError, type CategoryProblem, type Mapping } from './problem';

/** One validation prompt as the router saw it. */
export interface CalibrationSample {
  topCategory: string;
  /** Top category's probability. */
  confidence: number;
  /** Normalised entropy over categories in [0, 1], as in ClassifierResult. */
  entropy: number;
  /**
   * Every category's probability. With it the sweep tests what the router tests — the summed probability of the
   * categories that go to the top category's expert, and the entropy over experts; without it (runs recorded
   * before), `confidence` and `entropy`.
   */
  probabilities?: Readonly<Record<string, number>>;
  /** Whether the router's top category was the right one. */
  correct: boolean;
  /** The right category, when known; otherwise inferred from `correct` (see below). */
  trueCategory?: string;
}

export type ThresholdKind = 'minConfidence' | 'maxEntropy';

export interface SweepOptions {
  kind: ThresholdKind;
  /** Values to try; default 0, 0.05, …, 1. */
  thresholds?: readonly number[];
  /** The other threshold, held fixed (defaults disable it: minConfidence 0, maxEntropy 1). */
  minConfidence?: number;
  maxEntropy?: number;
  /**
   * The first expert of a category's table row, for categories in a sample's probabilities that `mapping` leaves
   * out (they still carry probability mass to an expert).
   */
  expertOf?: (category: string) => string | undefined;
}

/** What a sample is tested on: expert-level figures when it carries every category's probability. */
export type SweepBasis = 'expert' | 'topCategory';

/** The basis the sweep uses for these samples: 'expert' only when every sample has its probabilities. */
export function sweepBasis(samples: readonly CalibrationSample[]): SweepBasis {
  return samples.length > 0 && samples.every((s) => s.probabilities !== undefined) ? 'expert' : 'topCategory';
}

export interface SweepPoint {
  threshold: number;
  fallbackRate: number;
  expectedScore: number;
  avgActiveParams: number;
  /** Router accuracy on the prompts it kept (NaN when it kept none). */
  routedAccuracy: number;
}

interface Outcome {
  confidence: number;
  entropy: number;
  correct: boolean;
  routedScore: number;
  fallbackScore: number;
  routedParams: number;
}

const DEFAULT_THRESHOLDS = Array.from({ length: 21 }, (_, i) => i / 20);

/**
 * How expected quality and average active parameters move as the fallback threshold moves: a prompt
 * falls back to the generalist when confidence < minConfidence or entropy > maxEntropy (the routing
 * policy's rule), with confidence and entropy at the expert level, as the router computes them through
 * `mapping` (see `CalibrationSample.probabilities`): the recommended numbers mean what coe.minConfidence and
 * coe.maxEntropy mean. The score of an answer is s(true category, expert). With no true category, a correct
 * prompt's is its top category; a wrong one's is unknown, so we take the frequency-weighted mean of the
 * expert's scores over the other categories. Samples weigh equally: they stand for the traffic.
 */
export function sweepFallbackThreshold(
  problem: CategoryProblem,
  mapping: Readonly<Mapping>,
  generalist: string,
  samples: readonly CalibrationSample[],
  options: SweepOptions,
): SweepPoint[] {
  const indexOf = (category: string): number => {
    const c = problem.categories.indexOf(category);
    if (c < 0) throw new OptimizeInputError(`calibration sample names category "${category}", which has no scores`);
    return c;
  };
  const expertIndex = (id: string, role: string): number => {
    const e = problem.experts.indexOf(id);
    if (e < 0) throw new OptimizeInputError(`${role} "${id}" has no scores`);
    return e;
  };
  const generalistIndex = expertIndex(generalist, 'generalist');
  const scoreFor = (sample: CalibrationSample, top: number, e: number): number => {
    if (sample.trueCategory !== undefined) return scoreOrFail(problem, indexOf(sample.trueCategory), e);
    if (sample.correct) return scoreOrFail(problem, top, e);
    return meanOverOthers(problem, top, e);
  };
  const outcomes: Outcome[] = samples.map((sample) => {
    const top = indexOf(sample.topCategory);
    const routed = expertIndex(mapping[sample.topCategory] ?? '', `mapping for "${sample.topCategory}"`);
    const certainty = sample.probabilities ? expertCertainty(sample.probabilities, problem.experts[routed], mapping, options.expertOf) : sample;
    return {
      confidence: certainty.confidence,
      entropy: certainty.entropy,
      correct: sample.trueCategory !== undefined ? sample.trueCategory === sample.topCategory : sample.correct,
      routedScore: scoreFor(sample, top, routed),
      fallbackScore: scoreFor(sample, top, generalistIndex),
      routedParams: problem.activeParams[routed],
    };
  });
  const minConfidence = options.minConfidence ?? 0;
  const maxEntropy = options.maxEntropy ?? 1;
  return (options.thresholds ?? DEFAULT_THRESHOLDS).map((threshold) => {
    const floor = options.kind === 'minConfidence' ? threshold : minConfidence;
    const ceiling = options.kind === 'maxEntropy' ? threshold : maxEntropy;
    let fallbacks = 0;
    let score = 0;
    let params = 0;
    let keptCorrect = 0;
    for (const o of outcomes) {
      const fallback = o.confidence < floor || o.entropy > ceiling;
      fallbacks += fallback ? 1 : 0;
      score += fallback ? o.fallbackScore : o.routedScore;
      params += fallback ? problem.activeParams[generalistIndex] : o.routedParams;
      keptCorrect += !fallback && o.correct ? 1 : 0;
    }
    const n = Math.max(1, outcomes.length);
    const kept = outcomes.length - fallbacks;
    return {
      threshold,
      fallbackRate: fallbacks / n,
      expectedScore: score / n,
      avgActiveParams: problem.routerParams + params / n,
      routedAccuracy: kept === 0 ? Number.NaN : keptCorrect / kept,
    };
  });
}

/**
 * The router's uncertainty statistics (certaintyOverExperts, as routeRequest's expertView uses it): the summed probability of the
 * categories that go to `expert`, and the normalised entropy of the per-expert masses.
 */
export function expertCertainty(
  probabilities: Readonly<Record<string, number>>,
  expert: string,
  mapping: Readonly<Mapping>,
  expertOf?: (category: string) => string | undefined,
): { confidence: number; entropy: number } {
  const to = (category: string): string => {
    const mapped = mapping[category] ?? expertOf?.(category);
    if (mapped === undefined) throw new OptimizeInputError(`calibration sample gives a probability to "${category}", which maps to no expert`);
    return mapped;
  };
  const { confidence, entropy } = certaintyOverExperts(Object.entries(probabilities), to, expert);
  return { confidence, entropy };
}

function scoreOrFail(problem: CategoryProblem, c: number, e: number): number {
  const score = problem.scores[c][e];
  if (score === null) throw new OptimizeInputError(`"${problem.experts[e]}" has no score for "${problem.categories[c]}"`);
  return score;
}

function meanOverOthers(problem: CategoryProblem, top: number, e: number): number {
  let weighted = 0;
  let weight = 0;
  problem.categories.forEach((_, c) => {
    const score = problem.scores[c][e];
    if (c === top || score === null) return;
    // Uniform weights where frequencies are all zero elsewhere keep the mean defined.
    const w = problem.frequencies[c] > 0 ? problem.frequencies[c] : 1e-12;
    weighted += w * score;
    weight += w;
  });
  return weight > 0 ? weighted / weight : scoreOrFail(problem, top, e);
}
