import type { CategorySet } from '../categories';
import { softmaxInPlace } from '../router/train/softmaxRegression';
import type { AdapterBase, RouterAdapter } from './adapter';
import {
  canaryVerdict,
  DEFAULT_GATE_POLICY,
  heldBackVerdict,
  measureCanary,
  measureHeldBack,
  pct,
  splitHeldBack,
  type AnchorRow,
  type CanaryRow,
  type GateFigures,
  type GatePolicy,
  type GateRow,
} from './gate';
import { targetDistribution } from './teachLabels';
import { DEFAULT_ADAPTER_TRAINING, runToEnd, trainAdapterSteps, TrainingState, type AdapterTrainingOptions, type TeachExample } from './trainAdapter';

export interface TeachInput {
  rows: readonly GateRow[];
  canary: readonly CanaryRow[];
  /**
   * Rehearsal prompts (media/teach/anchors.jsonl), kept apart from the canaries: trained toward the base
   * model's own probabilities, so words every prompt shares ("the", "how", "write") gain no adapter
   * weight just because all of a user's corrections happen to point one way.
   */
  anchors?: readonly AnchorRow[];
  categories: CategorySet;
  base: AdapterBase;
  training?: AdapterTrainingOptions;
  policy?: GatePolicy;
}

export interface TeachOutcome {
  accepted: boolean;
  /** One sentence a user can read: why the adapter is used, or why the old one stays. */
  reason: string;
  /** The adapter to use (null when refused). */
  adapter: RouterAdapter | null;
  /** The adapter the gate measured (trained without the held-back rows), even when refused. */
  candidate: RouterAdapter | null;
  heldBack: GateFigures;
  canary: GateFigures & { tolerance: number };
  corrections: number;
  trainedOn: number;
  /** True when the used adapter was retrained on every correction after the gate accepted the candidate. */
  refit: boolean;
}

function anchorExample(row: AnchorRow, weight: number): TeachExample {
  return { ids: row.ids, values: row.values, baseLogits: row.baseLogits, target: softmaxInPlace(Float64Array.from(row.baseLogits)), weight };
}

function toExample(row: GateRow, classes: number): TeachExample {
  const probabilities = softmaxInPlace(Float64Array.from(row.baseLogits));
  return {
    ids: row.ids,
    values: row.values,
    baseLogits: row.baseLogits,
    target: targetDistribution(row.label, probabilities, new Float64Array(classes)),
    weight: row.weight,
  };
}

const EMPTY: GateFigures = { n: 0, accuracyBefore: 0, accuracyAfter: 0, macroF1Before: 0, macroF1After: 0 };

export function teachRouter(input: TeachInput): TeachOutcome {
  return runToEnd(teachRouterSteps(input));
}

/**
 * Trains an adapter on part of the corrections, measures it on the held-back rest and on the canaries, and
 * accepts it only if it helps the held-back corrections and keeps the canaries within the tolerance. An
 * accepted adapter then gets one more pass over every correction (so a held-back correction still teaches)
 * and is used if it too keeps the canaries; otherwise the measured one is used.
 */
export function* teachRouterSteps(input: TeachInput): Generator<number, TeachOutcome> {
  const policy = input.policy ?? DEFAULT_GATE_POLICY;
  const training = input.training ?? DEFAULT_ADAPTER_TRAINING;
  const C = input.categories.list.length;
  const tolerance = policy.canaryTolerance;
  const refused = (reason: string, extra: Partial<TeachOutcome> = {}): TeachOutcome => ({
    accepted: false,
    reason,
    adapter: null,
    candidate: null,
    heldBack: EMPTY,
    canary: { ...EMPTY, tolerance },
    corrections: input.rows.length,
    trainedOn: 0,
    refit: false,
    ...extra,
  });
  if (input.rows.length < policy.minCorrections) {
    return refused(`not enough corrections yet: ${input.rows.length} usable, at least ${policy.minCorrections} are needed to learn and to measure`);
  }
  const { train, heldBack } = splitHeldBack(input.rows, policy);
  const anchors = (input.anchors ?? []).map((a) => anchorExample(a, training.anchorWeight));
  const state = new TrainingState(input.base);
  const candidate = yield* trainAdapterSteps([...train.map((r) => toExample(r, C)), ...anchors], input.base, training, state);
  const heldBackFigures = measureHeldBack(heldBack, candidate, input.categories);
  const canaryFigures = measureCanary(input.canary, candidate, input.categories);
  const measured = { candidate, heldBack: heldBackFigures, canary: { ...canaryFigures, tolerance }, trainedOn: train.length };
  const whyNot = heldBackVerdict(heldBackFigures, policy.heldBackTolerance) ?? canaryVerdict(canaryFigures, tolerance);
  if (whyNot) return refused(`the new adapter was not used: ${whyNot}`, measured);

  // Refit: one more pass over every correction, resumed from the measured adapter (a fresh fit would double
  // the training time for little difference), so the held-back corrections teach too.
  const full = yield* trainAdapterSteps([...input.rows.map((r) => toExample(r, C)), ...anchors], input.base, training, state, 1);
  const fullCanary = measureCanary(input.canary, full, input.categories);
  const refit = canaryVerdict(fullCanary, tolerance) === null;
  const gain = `held-back accuracy ${pct(heldBackFigures.accuracyBefore)} → ${pct(heldBackFigures.accuracyAfter)} on ${heldBackFigures.n} corrections`;
  const canaryText = `canary accuracy ${pct(canaryFigures.accuracyBefore)} → ${pct((refit ? fullCanary : canaryFigures).accuracyAfter)}`;
  return {
    accepted: true,
    reason: `the new adapter is used: ${gain}; ${canaryText}`,
    adapter: refit ? full : candidate,
    ...measured,
    canary: { ...(refit ? { ...canaryFigures, accuracyAfter: fullCanary.accuracyAfter, macroF1After: fullCanary.macroF1After } : canaryFigures), tolerance },
    corrections: input.rows.length,
    trainedOn: refit ? input.rows.length : train.length,
    refit,
  };
}
