import type { JudgeMode } from './judgePrompt';
import { RATING_MAX, RATING_MIN } from './judgeVerdict';

/** One judged answer: a 1–10 rating (single) or a 0/½/1 result against the reference (pairwise). */
export interface ScoreSample {
  itemId: string;
  category: string;
  expertId: string;
  score: number;
}

/** How a cell's 95 % interval was computed, so the view and the files can say it. */
export type IntervalMethod = 'student-t' | 'wilson' | 'exact' | 'none';

export interface CellScore {
  category: string;
  expertId: string;
  /** Mean rating (1–10) or win rate (0–1). */
  score: number;
  ciLow: number;
  ciHigh: number;
  n: number;
  method: IntervalMethod;
}

/** Two-sided 97.5 % quantiles of Student's t for 1–30 degrees of freedom; beyond, the normal 1.96. */
const T_975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];
const Z_975 = 1.959964;

export function tQuantile975(degreesOfFreedom: number): number {
  return degreesOfFreedom >= 1 && degreesOfFreedom <= T_975.length ? T_975[degreesOfFreedom - 1] : Z_975;
}

/**
 * Mean rating with a Student-t interval (normal approximation of the mean, widened for the 4–6
 * samples a category usually has), clipped to the rating scale. One sample has no interval.
 */
export function ratingInterval(scores: readonly number[]): Omit<CellScore, 'category' | 'expertId'> {
  const n = scores.length;
  const mean = scores.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { score: mean, ciLow: RATING_MIN, ciHigh: RATING_MAX, n, method: 'none' };
  const variance = scores.reduce((sum, s) => sum + (s - mean) ** 2, 0) / (n - 1);
  const half = tQuantile975(n - 1) * Math.sqrt(variance / n);
  return { score: mean, ciLow: Math.max(RATING_MIN, mean - half), ciHigh: Math.min(RATING_MAX, mean + half), n, method: 'student-t' };
}

/**
 * Win rate with a Wilson score interval (ties count half a win): unlike the normal approximation it
 * stays inside 0–1 and does not collapse to zero width when an expert wins every one of few prompts.
 */
export function winRateInterval(scores: readonly number[]): Omit<CellScore, 'category' | 'expertId'> {
  const n = scores.length;
  const p = scores.reduce((a, b) => a + b, 0) / n;
  const z2 = Z_975 * Z_975;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z_975 / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { score: p, ciLow: Math.max(0, centre - half), ciHigh: Math.min(1, centre + half), n, method: 'wilson' };
}

/** Groups samples by (category, expert) and summarises each group; empty groups are absent. */
export function aggregateScores(samples: readonly ScoreSample[], mode: JudgeMode): CellScore[] {
  const groups = new Map<string, { category: string; expertId: string; scores: number[] }>();
  for (const s of samples) {
    const key = JSON.stringify([s.category, s.expertId]);
    const group = groups.get(key) ?? { category: s.category, expertId: s.expertId, scores: [] };
    group.scores.push(s.score);
    groups.set(key, group);
  }
  const summarise = mode === 'single' ? ratingInterval : winRateInterval;
  return [...groups.values()].map((g) => ({ category: g.category, expertId: g.expertId, ...summarise(g.scores) }));
}

/** The pairwise reference against itself: a tie by definition, asked of nobody. */
export function referenceSelfScore(category: string, expertId: string, n: number): CellScore {
  return { category, expertId, score: 0.5, ciLow: 0.5, ciHigh: 0.5, n, method: 'exact' };
}

/** category → expert → score, the shape `coe optimize --scores` reads. */
export function scoreMatrix(cells: readonly CellScore[]): Record<string, Record<string, number>> {
  const matrix: Record<string, Record<string, number>> = {};
  for (const c of cells) (matrix[c.category] ??= {})[c.expertId] = c.score;
  return matrix;
}
