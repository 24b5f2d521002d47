import type { Domain } from '../../src/common/categories';
import { hashString } from '../../src/common/router/train/random';
import { categoryFor } from './categories';
import type { DatasetRow } from './loadData';

/** A cleaned training row with its category, group (for splits) and sample weight. */
export interface PreparedRow {
  text: string;
  domain: Domain;
  category: string;
  /** The dataset (file stem) the row came from. */
  source: string;
  /** Rows sharing a group (same slug / same problem) always land on the same side of a split. */
  group: string;
  weight: number;
  /** Made by a template or augmentation: trained on, never counted in evaluation. */
  synthetic?: boolean;
}

export interface PreparationPolicy {
  /** Most rows kept per source (deterministic subsample): large single-register sources would dominate. */
  caps: Record<string, number>;
  /** Multiplier on each row of a source: chat-style sources are the register the product sees. */
  sourceWeights: Record<string, number>;
  ambiguousWeight: number;
  /** A source of n rows carries total weight ∝ n^balancePower (1: as many rows, as much say; 0: all equal). */
  balancePower: number;
  /** Share of LaTeX maths rows whose `$` delimiters are removed, so `$` alone cannot mean "math". */
  dollarStripShare: number;
  seed: number;
}

export const DEFAULT_POLICY: PreparationPolicy = {
  // Chosen by grouped held-out-source CV (media/router/MODEL_CARD.md): roughly twice the earlier caps, with
  // per-source balancing (balancePower) doing the evening-out, and chat sources no longer up-weighted.
  caps: {
    code_nl2bash: 3000,
    general_mmlu: 8000,
    math_gsm8k: 5000,
    math_hendrycks_math: 6000,
    general_nq_open: 5000,
    code_debugbench: 2400,
    code_gpteacher_codegen: 4500,
    clinc150_assistant: 2267,
    math_qwen25math_eval_en: 3163,
    code_conala: 2073,
    staqc_sql_titles: 1500,
  },
  sourceWeights: {
    clinc150_assistant: 0.5,
  },
  balancePower: 0.5,
  ambiguousWeight: 0.5,
  dollarStripShare: 0.5,
  seed: 1,
};

const DEBUGBENCH_PREFIX = /^Observe the following .{1,40}? faulty code which is complete with no extra context\. Your task is to fix up the code and explain on the modification in less than 20 words\.\s*/;
const MMLU_OPTIONS = /(\n[A-D]\. [^\n]*)+\s*$/;

export interface CleaningCounts {
  debugbenchPrefixStripped: number;
  mmluOptionsStripped: number;
  dollarsStripped: number;
  emptyAfterCleaning: number;
  duplicatesDropped: number;
  conflictingDuplicatesDropped: number;
  cappedOut: Record<string, number>;
}

/** Removes the source-specific shortcuts that would let the model learn the source instead of the task. */
function cleanText(row: DatasetRow, policy: PreparationPolicy, counts: CleaningCounts): string {
  let text = row.text;
  if (row.dataset === 'code_debugbench' && DEBUGBENCH_PREFIX.test(text)) {
    text = text.replace(DEBUGBENCH_PREFIX, '');
    counts.debugbenchPrefixStripped++;
  }
  if (row.dataset === 'general_mmlu' && MMLU_OPTIONS.test(text)) {
    text = text.replace(MMLU_OPTIONS, '');
    counts.mmluOptionsStripped++;
  }
  const latexDollars = row.label === 'math' && row.dataset !== 'math_gsm8k' && text.includes('$');
  if (latexDollars && hashString(text, policy.seed) / 2 ** 32 < policy.dollarStripShare) {
    text = text.replace(/\$/g, '');
    counts.dollarsStripped++;
  }
  return text.trim();
}

export function normalizedForDedupe(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Cleans, de-duplicates, caps and weights the raw rows. Deterministic for a policy seed. */
export function prepareRows(raw: readonly DatasetRow[], policy: PreparationPolicy = DEFAULT_POLICY): { rows: PreparedRow[]; counts: CleaningCounts; reserve: Record<string, PreparedRow[]> } {
  const counts: CleaningCounts = {
    debugbenchPrefixStripped: 0,
    mmluOptionsStripped: 0,
    dollarsStripped: 0,
    emptyAfterCleaning: 0,
    duplicatesDropped: 0,
    conflictingDuplicatesDropped: 0,
    cappedOut: {},
  };
  const byKey = new Map<string, { row: PreparedRow; conflict: boolean }>();
  for (const r of raw) {
    const text = cleanText(r, policy, counts);
    if (!text) {
      counts.emptyAfterCleaning++;
      continue;
    }
    const key = normalizedForDedupe(text);
    const existing = byKey.get(key);
    if (existing) {
      counts.duplicatesDropped++;
      if (existing.row.domain !== r.label) existing.conflict = true;
      continue;
    }
    const weight = (policy.sourceWeights[r.dataset] ?? 1) * (r.ambiguous ? policy.ambiguousWeight : 1);
    const group = `${r.dataset}:${r.slug ?? key}`;
    byKey.set(key, { row: { text, domain: r.label, category: categoryFor(r.fine_label, r.label), source: r.dataset, group, weight }, conflict: false });
  }
  const bySource = new Map<string, PreparedRow[]>();
  for (const { row, conflict } of byKey.values()) {
    // Identical text labelled with two domains is label noise we cannot resolve: drop it.
    if (conflict) {
      counts.conflictingDuplicatesDropped++;
      continue;
    }
    const list = bySource.get(row.source) ?? [];
    list.push(row);
    bySource.set(row.source, list);
  }
  const rows: PreparedRow[] = [];
  // Capped-out rows stay available as raw material for augmentation (never as plain duplicates).
  const reserve: Record<string, PreparedRow[]> = {};
  for (const source of [...bySource.keys()].sort()) {
    const list = bySource.get(source) ?? [];
    const cap = policy.caps[source] ?? Infinity;
    if (list.length > cap) {
      // Keep a hash-ordered subsample: deterministic and independent of file order.
      list.sort((a, b) => hashString(a.text, policy.seed) - hashString(b.text, policy.seed));
      counts.cappedOut[source] = list.length - cap;
      reserve[source] = list.slice(cap);
      list.length = cap;
    }
    rows.push(...list);
  }
  return { rows, counts, reserve };
}
