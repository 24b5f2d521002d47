import { seededRandom } from '../../../src/common/router/train/random';
import { buildProblem, type CategoryProblem, type OptimizeInput } from '../../../src/common/optimize/problem';

export interface RandomShape {
  categories: number;
  experts: number;
  /** Probability that a (category, expert) pair is left unscored. */
  missing?: number;
  /** Round scores to this many levels to create ties (0 = continuous). */
  scoreLevels?: number;
  zeroFrequency?: number;
}

/** Experts sized like real LLMs (1–80B, some MoE), scores loosely increasing with size, as win rates. */
export function randomInput(random: () => number, shape: RandomShape): OptimizeInput {
  const experts: OptimizeInput['experts'] = {};
  const size: number[] = [];
  for (let e = 0; e < shape.experts; e++) {
    const active = (1 + random() * 79) * 1e9;
    size.push(active);
    (experts as Record<string, { activeParams: number; totalParams: number }>)[`e${e}`] = { activeParams: active, totalParams: active * (random() < 0.2 ? 4 : 1) };
  }
  const scores: Record<string, Record<string, number>> = {};
  const frequencies: Record<string, number> = {};
  for (let c = 0; c < shape.categories; c++) {
    const row: Record<string, number> = {};
    for (let e = 0; e < shape.experts; e++) {
      if (e > 0 && random() < (shape.missing ?? 0)) continue;
      let score = Math.min(1, Math.max(0, 0.3 * (size[e] / 80e9) + 0.7 * random()));
      if (shape.scoreLevels) score = Math.round(score * shape.scoreLevels) / shape.scoreLevels;
      row[`e${e}`] = score;
    }
    scores[`c${c}`] = row;
    frequencies[`c${c}`] = random() < (shape.zeroFrequency ?? 0) ? 0 : random();
  }
  if (Object.values(frequencies).every((f) => f === 0)) frequencies.c0 = 1;
  return { experts, scores, frequencies, routerParams: random() < 0.5 ? 0 : random() * 1e9 };
}

export function randomProblem(random: () => number, shape: RandomShape): CategoryProblem {
  return buildProblem(randomInput(random, shape)).problem;
}

/** Re-exported: the tests seed the same mulberry32 generator the trainer uses. */
export { seededRandom };
