import type { Domain } from '../categories';
import type { CoeConfig, ExpertConfig } from '../config/schema';
import { paretoFrontier, placeOnFrontier } from '../optimize/frontier';
import { buildProblem, OptimizeInputError, type CategoryProblem, type Mapping, type MappingPoint } from '../optimize/problem';
import { sweepBasis, sweepFallbackThreshold, type CalibrationSample, type SweepBasis, type SweepPoint } from '../optimize/thresholdSweep';
import type { CellScore } from './aggregate';
import { toScoresFile, type CalibrationFailure, type CalibrationResult } from './calibrationResult';
import type { JudgeMode } from './judgePrompt';

/** Everything the calibration view shows; built on the host, rendered as-is by the webview. */
export interface CalibrationViewState {
  mode: JudgeMode;
  judgeId: string;
  referenceId?: string;
  promptVersion: string;
  /** The score scale, for the heat map's colours. */
  scale: { min: number; max: number };
  categories: { id: string; frequency: number }[];
  experts: { id: string; activeParams: number }[];
  cells: CellScore[];
  failures: CalibrationFailure[];
  cancelled: boolean;
  frequencySource: 'history' | 'uniform';
  /** Pareto-optimal mappings, cheapest first; empty when the scores cannot form a problem. */
  frontier: MappingPoint[];
  /** The configured table's mapping, placed against the frontier; null with a reason when impossible. */
  current: (MappingPoint & { onFrontier: boolean }) | null;
  /**
   * How quality and cost move with the minimum-confidence threshold for the configured table, from
   * the router's own predictions on the calibration prompts; null without router samples.
   */
  sweep: {
    points: SweepPoint[];
    configured: number;
    samples: number;
    /**
     * 'expert': thresholds apply to the router's expert's summed probability (what coe.minConfidence tests);
     * 'topCategory': a run recorded without probabilities, swept on the top category's probability.
     */
    basis?: SweepBasis;
  } | null;
  notes: string[];
}

export interface CalibrationViewInput {
  result: CalibrationResult;
  experts: readonly ExpertConfig[];
  config: Pick<CoeConfig, 'categoryTable' | 'generalist'> & Partial<Pick<CoeConfig, 'minConfidence' | 'maxEntropy'>>;
  domainOf: (category: string) => Domain | undefined;
  /** Routed requests per category (the user's history); uniform when absent or too thin. */
  history?: Readonly<Record<string, number>>;
  routerParams?: number;
  /** The router's prediction for each calibration prompt whose true category is known. */
  routerSamples?: readonly CalibrationSample[];
}

/** Below this many routed requests in calibrated categories, history is noise: use uniform p(c). */
export const MIN_HISTORY_REQUESTS = 20;

/** The table row that serves a category today: its own row, else its domain's, else the generalist. */
export function effectiveRow(category: string, config: CalibrationViewInput['config'], domain: Domain | undefined): string[] {
  return config.categoryTable[category] ?? (domain ? config.categoryTable[domain] : undefined) ?? [config.generalist];
}

export function currentMapping(categories: readonly string[], input: Pick<CalibrationViewInput, 'config' | 'domainOf'>): Mapping {
  return Object.fromEntries(categories.map((c) => [c, effectiveRow(c, input.config, input.domainOf(c))[0]]));
}

export function buildCalibrationView(input: CalibrationViewInput): CalibrationViewState {
  const { result } = input;
  const scores = toScoresFile(result, input.experts, input.routerParams);
  const notes: string[] = [];
  const scoredCategories = Object.keys(scores.scores);
  const historyTotal = scoredCategories.reduce((sum, c) => sum + (input.history?.[c] ?? 0), 0);
  const useHistory = historyTotal >= MIN_HISTORY_REQUESTS;
  const frequencies = useHistory ? Object.fromEntries(scoredCategories.map((c) => [c, input.history?.[c] ?? 0])) : undefined;
  let frontier: MappingPoint[] = [];
  let current: CalibrationViewState['current'] = null;
  let sweep: CalibrationViewState['sweep'] = null;
  try {
    const { problem, warnings } = buildProblem({ experts: scores.experts, scores: scores.scores, routerParams: scores.routerParams, frequencies });
    notes.push(...warnings);
    const walked = paretoFrontier(problem);
    frontier = walked.points;
    if (walked.truncated) notes.push('the frontier was cut short; the cheapest mappings are not shown');
    try {
      const mapping = currentMapping(problem.categories, input);
      const placement = placeOnFrontier(problem, mapping, walked);
      current = { ...placement.current, onFrontier: placement.onFrontier };
      sweep = thresholdSweep(problem, mapping, input, notes);
    } catch (error) {
      if (!(error instanceof OptimizeInputError)) throw error;
      notes.push(`the configured table cannot be placed on the frontier: ${error.message}`);
    }
  } catch (error) {
    if (!(error instanceof OptimizeInputError)) throw error;
    notes.push(`no frontier: ${error.message}`);
  }
  const total = frequencies ? Object.values(frequencies).reduce((a, b) => a + b, 0) : 0;
  return {
    mode: result.mode,
    judgeId: result.judgeId,
    ...(result.referenceId ? { referenceId: result.referenceId } : {}),
    promptVersion: result.promptVersion,
    scale: result.mode === 'single' ? { min: 1, max: 10 } : { min: 0, max: 1 },
    categories: result.categories.map((id) => ({
      id,
      frequency: frequencies ? (frequencies[id] ?? 0) / total : scoredCategories.includes(id) ? 1 / scoredCategories.length : 0,
    })),
    experts: Object.entries(scores.experts).map(([id, e]) => ({ id, activeParams: e.activeParams })),
    cells: result.cells,
    failures: result.failures,
    cancelled: result.cancelled,
    frequencySource: useHistory ? 'history' : 'uniform',
    frontier,
    current,
    sweep,
    notes,
  };
}

function thresholdSweep(
  problem: CategoryProblem,
  mapping: Mapping,
  input: CalibrationViewInput,
  notes: string[],
): CalibrationViewState['sweep'] {
  if (!input.routerSamples || input.routerSamples.length === 0) return null;
  // The sweep can only price prompts whose categories were scored.
  const samples = input.routerSamples.filter((s) => problem.categories.includes(s.topCategory) && (s.trueCategory === undefined || problem.categories.includes(s.trueCategory)));
  if (samples.length === 0) return null;
  try {
    // Categories the calibration did not score still carry probability mass to their table row's expert.
    const points = sweepFallbackThreshold(problem, mapping, input.config.generalist, samples, {
      kind: 'minConfidence',
      maxEntropy: input.config.maxEntropy ?? 1,
      expertOf: (category) => effectiveRow(category, input.config, input.domainOf(category))[0],
    });
    const basis = sweepBasis(samples);
    if (basis === 'topCategory') {
      notes.push('the threshold sweep uses the top category\'s probability: this run did not record the router\'s probabilities, so its thresholds are not on the scale of coe.minConfidence (the expert\'s summed probability); run the calibration again');
    }
    return { points, configured: input.config.minConfidence ?? 0, samples: samples.length, basis };
  } catch (error) {
    if (!(error instanceof OptimizeInputError)) throw error;
    notes.push(`no threshold sweep: ${error.message}`);
    return null;
  }
}

/** One changed table row, worded for the confirmation dialog. */
export interface TableChange {
  category: string;
  before: string[];
  after: string[];
}

/**
 * The table after applying a mapping: the chosen expert leads each calibrated category's row and
 * the row's other experts stay behind it as failover. Rows of other categories are untouched.
 */
export function applyMapping(
  mapping: Readonly<Mapping>,
  input: Pick<CalibrationViewInput, 'config' | 'domainOf'>,
): { table: Record<string, string[]>; changes: TableChange[] } {
  const table: Record<string, string[]> = structuredClone(input.config.categoryTable);
  const changes: TableChange[] = [];
  for (const [category, expert] of Object.entries(mapping)) {
    const before = effectiveRow(category, input.config, input.domainOf(category));
    if (before[0] === expert) continue;
    const after = [expert, ...before.filter((id) => id !== expert)];
    table[category] = after;
    changes.push({ category, before, after });
  }
  return { table, changes };
}

export function describeChanges(changes: readonly TableChange[]): string {
  return changes.map((c) => `${c.category}: ${c.before.join(', ')} → ${c.after.join(', ')}`).join('\n');
}
