import type { CategorySet, Domain } from '../categories';
import { classificationReport } from '../metrics/classification';
import { hashString } from '../router/train/random';
import { AdapterLookup, type RouterAdapter } from './adapter';
import { labelSatisfied, type ResolvedLabel } from './teachLabels';

/** A correction with everything the gate needs: features, base logits, resolved label, weight. */
export interface GateRow {
  /** Stable identity (the prompt text's hash): decides held-back membership deterministically. */
  key: string;
  ids: Int32Array;
  values: Float32Array;
  baseLogits: Float64Array;
  label: ResolvedLabel;
  weight: number;
}

/** A team-written prompt the adapter should leave alone: trained toward the base model's own output. */
export interface AnchorRow {
  ids: Int32Array;
  values: Float32Array;
  baseLogits: Float64Array;
}

/** A canary prompt written by the team: only its domain is checked, so it fits any category set. */
export interface CanaryRow {
  ids: Int32Array;
  values: Float32Array;
  baseLogits: Float64Array;
  domain: Domain;
}

export interface GatePolicy {
  /** Share of the corrections held back to measure the adapter. */
  heldBackShare: number;
  minHeldBack: number;
  /** Fewer usable corrections than this: nothing meaningful can be learned or measured. */
  minCorrections: number;
  /** Largest canary drop (accuracy and macro-F1, as fractions) still accepted: 0.01 = one point. */
  canaryTolerance: number;
  /** Largest drop of either held-back figure still accepted when the other one improves. */
  heldBackTolerance: number;
  seed: number;
}

export const DEFAULT_GATE_POLICY: Readonly<GatePolicy> = Object.freeze({
  heldBackShare: 0.25,
  minHeldBack: 2,
  minCorrections: 6,
  canaryTolerance: 0.01,
  heldBackTolerance: 0.01,
  seed: 11,
});

export interface GateFigures {
  n: number;
  accuracyBefore: number;
  accuracyAfter: number;
  /** Macro-F1 over the coarse domains (code / math / general). */
  macroF1Before: number;
  macroF1After: number;
}

/** Splits corrections into training and held-back rows by a hash of their key (stable as more arrive). */
export function splitHeldBack<T extends { key: string }>(rows: readonly T[], policy: GatePolicy): { train: T[]; heldBack: T[] } {
  const scored = rows.map((row) => ({ row, score: hashString(row.key, policy.seed) / 2 ** 32 }));
  const wanted = Math.min(rows.length - 1, Math.max(policy.minHeldBack, Math.round(rows.length * policy.heldBackShare)));
  const ranked = [...scored].sort((a, b) => a.score - b.score);
  const heldBackSet = new Set(ranked.slice(0, Math.max(0, wanted)).map((s) => s.row));
  return { train: rows.filter((r) => !heldBackSet.has(r)), heldBack: rows.filter((r) => heldBackSet.has(r)) };
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** Predicted category index with the adapter (or the base alone when `lookup` is null). */
export function predictIndex(row: { ids: Int32Array; values: Float32Array; baseLogits: Float64Array }, lookup: AdapterLookup | null): number {
  if (!lookup) return argmax(row.baseLogits);
  return argmax(lookup.addLogits(row.ids, row.values, Float64Array.from(row.baseLogits)));
}

function domainOf(index: number, categories: CategorySet): string {
  return categories.list[index]?.domain ?? 'unknown';
}

function correctionScore(rows: readonly GateRow[], lookup: AdapterLookup | null, categories: CategorySet): { accuracy: number; macroF1: number } {
  const predicted = rows.map((r) => predictIndex(r, lookup));
  const correct = rows.filter((r, i) => labelSatisfied(r.label, predicted[i], categories)).length;
  const report = classificationReport(rows.map((r) => r.label.domain), predicted.map((p) => domainOf(p, categories)));
  return { accuracy: rows.length ? correct / rows.length : 0, macroF1: report.macroF1 };
}

function canaryScore(rows: readonly CanaryRow[], lookup: AdapterLookup | null, categories: CategorySet): { accuracy: number; macroF1: number } {
  const report = classificationReport(rows.map((r) => r.domain), rows.map((r) => domainOf(predictIndex(r, lookup), categories)));
  return { accuracy: report.accuracy, macroF1: report.macroF1 };
}

function figures(n: number, before: { accuracy: number; macroF1: number }, after: { accuracy: number; macroF1: number }): GateFigures {
  return { n, accuracyBefore: before.accuracy, accuracyAfter: after.accuracy, macroF1Before: before.macroF1, macroF1After: after.macroF1 };
}

/** Before = the base model alone; after = base + adapter. */
export function measureHeldBack(rows: readonly GateRow[], adapter: RouterAdapter, categories: CategorySet): GateFigures {
  return figures(rows.length, correctionScore(rows, null, categories), correctionScore(rows, new AdapterLookup(adapter), categories));
}

export function measureCanary(rows: readonly CanaryRow[], adapter: RouterAdapter, categories: CategorySet): GateFigures {
  return figures(rows.length, canaryScore(rows, null, categories), canaryScore(rows, new AdapterLookup(adapter), categories));
}

const EPSILON = 1e-9;

/**
 * Null when the held-back corrections show a gain: accuracy or macro-F1 goes up and neither drops by more than
 * the tolerance (on a small held-back set one row moves accuracy by several points; macro-F1 sees rare domains).
 */
export function heldBackVerdict(f: GateFigures, tolerance = 0): string | null {
  const accuracyGain = f.accuracyAfter - f.accuracyBefore;
  const f1Gain = f.macroF1After - f.macroF1Before;
  if (accuracyGain < -tolerance - EPSILON || f1Gain < -tolerance - EPSILON) {
    return `it made the ${f.n} held-back corrections worse (accuracy ${pct(f.accuracyBefore)} → ${pct(f.accuracyAfter)}, macro-F1 ${pct(f.macroF1Before)} → ${pct(f.macroF1After)})`;
  }
  if (accuracyGain <= EPSILON && f1Gain <= EPSILON) {
    return `it did not improve the ${f.n} held-back corrections (accuracy stays ${pct(f.accuracyBefore)}); the corrections may disagree with each other, or more are needed`;
  }
  return null;
}

/** Null when the canaries hold within the tolerance; otherwise which figure dropped. */
export function canaryVerdict(f: GateFigures, tolerance: number): string | null {
  const accuracyDrop = f.accuracyBefore - f.accuracyAfter;
  const f1Drop = f.macroF1Before - f.macroF1After;
  if (accuracyDrop > tolerance + EPSILON || f1Drop > tolerance + EPSILON) {
    return `it would break prompts the router already gets right: canary accuracy ${pct(f.accuracyBefore)} → ${pct(f.accuracyAfter)}, macro-F1 ${pct(f.macroF1Before)} → ${pct(f.macroF1After)} (tolerance ${(tolerance * 100).toFixed(1)} points); some corrections may carry wrong labels`;
  }
  return null;
}

export function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
