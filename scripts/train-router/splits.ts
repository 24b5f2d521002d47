import type { Domain } from '../../src/common/categories';
import { hashString } from '../../src/common/router/train/random';
import type { PreparedRow } from './prepare';

/** Random split by group (slug / normalised text), so near-duplicates never straddle the split. */
export function randomSplit(rows: readonly PreparedRow[], validationShare: number, seed: number): { train: number[]; validation: number[] } {
  const train: number[] = [];
  const validation: number[] = [];
  rows.forEach((r, i) => (hashString(r.group, seed) / 2 ** 32 < validationShare ? validation : train).push(i));
  return { train, validation };
}

/**
 * Assigns whole datasets to `folds` folds, round-robin within each majority domain so that every fold
 * holds out some code, some maths and some general sources. Only real datasets are assigned: template
 * sources of our own are always trained on (as in the shipped model), and copies of real rows (persona,
 * contest frame) carry their dataset's name, so they leave with it.
 */
export function sourceFolds(rows: readonly PreparedRow[], folds: number): string[][] {
  const counts = new Map<string, Record<Domain, number>>();
  for (const r of rows) {
    if (r.synthetic) continue;
    const c = counts.get(r.source) ?? { code: 0, math: 0, general: 0 };
    c[r.domain] += 1;
    counts.set(r.source, c);
  }
  const majority = (c: Record<Domain, number>): Domain => (['code', 'math', 'general'] as const).reduce((a, b) => (c[b] > c[a] ? b : a));
  const ordered = [...counts.entries()]
    .map(([source, c]) => ({ source, domain: majority(c) }))
    .sort((a, b) => a.domain.localeCompare(b.domain) || a.source.localeCompare(b.source));
  const result: string[][] = Array.from({ length: folds }, () => []);
  ordered.forEach((s, i) => result[i % folds].push(s.source));
  return result;
}
