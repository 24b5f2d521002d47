import type { LoadedFile } from './loadData';
import { NO_COUNTERFACTUALS, counterfactualRows, type CounterfactualCounts } from './syntheticCounterfactual';
import { prepareRows, type CleaningCounts, type PreparationPolicy, type PreparedRow } from './prepare';
import { DEFAULT_SYNTHETIC_COUNTS, chatFramedRows, codeChatRows, contestFramedRows, syntheticChatRows, technicalChatRows, type SyntheticCounts } from './synthetic';

/** How much synthetic material goes into training (all of it trained on, never scored). */
export interface AugmentationOptions {
  chat: SyntheticCounts;
  /** Share of code / maths rows copied with a persona prefix. */
  personaShare: number;
  /** Spare DebugBench bodies wrapped in explain / fix / refactor asks. */
  wrappedCode: number;
  /** Spare maths word problems framed as programming-contest tasks (labelled code). */
  contestFramed: number;
  /** Share of real rows copied with everyday chat framing (prefix / suffix). */
  chatFramedShare: number;
  /** Template coding requests in the chat register. */
  codeChat: number;
  /** Counterfactual template rows: numbers in non-maths questions, maths in everyday wording, database/shell titles. */
  counterfactual: CounterfactualCounts;
}

export const DEFAULT_AUGMENTATION: AugmentationOptions = {
  chat: DEFAULT_SYNTHETIC_COUNTS,
  personaShare: 0.12,
  wrappedCode: 800,
  contestFramed: 800,
  chatFramedShare: 0,
  codeChat: 1000,
  counterfactual: { numericGeneral: 1200, numericMath: 1200, techTitles: 1200 },
};

export const NO_AUGMENTATION: AugmentationOptions = {
  chat: { writing: 0, advice: 0, textEditing: 0, knowledge: 0 },
  personaShare: 0,
  wrappedCode: 0,
  contestFramed: 0,
  chatFramedShare: 0,
  codeChat: 0,
  counterfactual: NO_COUNTERFACTUALS,
};

/**
 * Multiplies each source's row weights so that a source of n rows carries total weight ∝ n^power
 * (power 1: unchanged; 0: every source equal), rescaled so the mean row weight is unchanged.
 */
export function balanceSources(rows: PreparedRow[], power: number): void {
  if (power === 1) return;
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.source, (counts.get(r.source) ?? 0) + 1);
  let balanced = 0;
  for (const n of counts.values()) balanced += n ** power;
  const scale = rows.length / balanced;
  for (const r of rows) r.weight *= scale * (counts.get(r.source) ?? 1) ** (power - 1);
}

export interface TrainingRows {
  /** Real rows first (in prepared order), then synthetic rows. */
  rows: PreparedRow[];
  realCount: number;
  counts: CleaningCounts;
}

/** Prepared real rows plus deterministic synthetic rows: what both the shipped model and every CV fit train on. */
export function buildTrainingRows(files: readonly LoadedFile[], policy: PreparationPolicy, augmentation: AugmentationOptions, balancePower = policy.balancePower): TrainingRows {
  const prepared = prepareRows(files.flatMap((f) => f.rows), policy);
  const real = prepared.rows;
  balanceSources(real, balancePower);
  const a = augmentation;
  const generalPassages = real.filter((r) => r.domain === 'general' && r.source !== 'general_gpteacher_roleplay').map((r) => r.text);
  const spareMath = [...(prepared.reserve.math_gsm8k ?? []), ...(prepared.reserve.math_qwen25math_eval_en ?? [])];
  const synthetic = [
    ...syntheticChatRows(generalPassages, a.chat, policy.seed, 1),
    ...technicalChatRows(real, prepared.reserve.code_debugbench ?? [], a.personaShare, a.wrappedCode, policy.seed),
    ...contestFramedRows(spareMath, a.contestFramed, policy.seed),
    ...chatFramedRows(real, a.chatFramedShare, policy.seed),
    ...codeChatRows(a.codeChat, policy.seed),
    ...counterfactualRows(a.counterfactual, policy.seed),
  ];
  return { rows: [...real, ...synthetic], realCount: real.length, counts: prepared.counts };
}
