import { expertActiveParams, type ExpertConfig } from '../config/schema';
import { scoreMatrix, type CellScore, type ScoreSample } from './aggregate';
import type { ScoresFile } from '../optimize/scoresFile';
import type { JudgeMode } from './judgePrompt';

export type { ScoresFile };

/** Where in the pipeline a call failed. */
export type FailureStage = 'answer' | 'judge';

/** One call that gave no usable result: listed, never silently scored. */
export interface CalibrationFailure {
  itemId: string;
  category: string;
  /** The expert whose score the failure leaves out (for a judge failure: the expert being judged). */
  expertId: string;
  stage: FailureStage;
  /** ExpertError kind (`connectionRefused`, …) or verdict failure (`ambiguous`, `missing`, …). */
  kind: string;
  message: string;
}

export interface CalibrationResult {
  mode: JudgeMode;
  judgeId: string;
  referenceId?: string;
  promptVersion: string;
  /** Experts in the order they were selected (columns of the matrix). */
  expertIds: string[];
  /** Categories in set order (rows of the matrix). */
  categories: string[];
  cells: CellScore[];
  samples: ScoreSample[];
  failures: CalibrationFailure[];
  /** True when the run was stopped before every call was made: the scores are partial. */
  cancelled: boolean;
  calls: { answers: number; judgments: number; cachedAnswers: number; cachedJudgments: number };
  /** Tokens the servers reported (calls whose server sent no usage are not counted). */
  usage: { promptTokens: number; completionTokens: number };
}

/** The file `coe optimize --scores` reads (issue 7), built from a calibration. */
export function toScoresFile(result: CalibrationResult, experts: readonly ExpertConfig[], routerParams?: number): ScoresFile {
  const byId = new Map(experts.map((e) => [e.id, e]));
  const scored = new Set(result.cells.map((c) => c.expertId));
  const fileExperts: ScoresFile['experts'] = {};
  for (const id of result.expertIds) {
    const expert = byId.get(id);
    if (!expert || !scored.has(id)) continue;
    const activeParams = expertActiveParams(expert);
    // totalParams only for mixture-of-experts models: it feeds the optimiser's cap on distinct experts' size.
    fileExperts[id] = expert.totalParams === activeParams ? { activeParams } : { activeParams, totalParams: expert.totalParams };
  }
  return {
    experts: fileExperts,
    scores: scoreMatrix(result.cells.filter((c) => fileExperts[c.expertId] !== undefined)),
    ...(routerParams === undefined ? {} : { routerParams }),
  };
}

/** Cells keyed for lookup by (category, expert). */
export function cellIndex(cells: readonly CellScore[]): Map<string, CellScore> {
  return new Map(cells.map((c) => [`${c.category}\u0000${c.expertId}`, c]));
}

export function cellAt(index: ReadonlyMap<string, CellScore>, category: string, expertId: string): CellScore | undefined {
  return index.get(`${category}\u0000${expertId}`);
}

/** Plain-text score matrix for a terminal: `mean ±half (n)` per cell, `—` where nothing was scored. */
export function formatScoreMatrix(result: CalibrationResult): string {
  const index = cellIndex(result.cells);
  const digits = result.mode === 'single' ? 1 : 2;
  const cellText = (category: string, expertId: string): string => {
    const cell = cellAt(index, category, expertId);
    if (!cell) return '—';
    const half = cell.method === 'none' ? '?' : ((cell.ciHigh - cell.ciLow) / 2).toFixed(digits);
    return `${cell.score.toFixed(digits)} ±${half} (${cell.n})`;
  };
  const header = ['category', ...result.expertIds];
  const rows = result.categories.map((c) => [c, ...result.expertIds.map((e) => cellText(c, e))]);
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((r) => r[col].length)));
  const line = (cells: string[]) => cells.map((text, col) => (col === 0 ? text.padEnd(widths[col]) : text.padStart(widths[col]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}
