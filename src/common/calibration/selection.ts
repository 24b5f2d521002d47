import { expertActiveParams, type CoeConfig, type ExpertConfig } from '../config/schema';
import { CalibrationSetupError, type CalibrationRequest } from './calibrationPlan';
import type { CalibrationItem } from './calibrationSet';
import type { JudgeMode } from './judgePrompt';

/** What the user picked; anything left out gets the documented default. */
export interface CalibrationSelection {
  /** Experts to calibrate; default: every configured expert this host can call. */
  expertIds?: readonly string[];
  /** Default: the strongest configured expert (most active parameters). */
  judgeId?: string;
  mode?: JudgeMode;
  /** Pairwise reference; default: the generalist. */
  referenceId?: string;
}

/** "Normally the strongest" (issue 7): the most active parameters, first configured on a tie. */
export function strongestExpert(experts: readonly ExpertConfig[]): ExpertConfig | undefined {
  return experts.reduce<ExpertConfig | undefined>(
    (best, e) => (best === undefined || expertActiveParams(e) > expertActiveParams(best) ? e : best),
    undefined,
  );
}

/**
 * Judges grade more consistently without sampling noise, and a deterministic judge makes cached
 * judgments reproducible: unless the user set a temperature for it, the judge runs at 0.
 */
export function asJudge(expert: ExpertConfig): ExpertConfig {
  return expert.temperature === undefined ? { ...expert, temperature: 0 } : expert;
}

function find(config: CoeConfig, id: string, role: string): ExpertConfig {
  const expert = config.experts.find((e) => e.id === id);
  if (!expert) {
    const known = config.experts.map((e) => e.id).join(', ');
    throw new CalibrationSetupError(`unknown ${role} "${id}"; configured experts: ${known}`);
  }
  return expert;
}

/**
 * Turns a selection into a request. `callable` says which experts this host can reach (the CLI
 * cannot use VS Code language models); they are left out of the default selection and refused
 * when named.
 */
export function buildCalibrationRequest(
  config: CoeConfig,
  items: readonly CalibrationItem[],
  selection: CalibrationSelection,
  callable: (expert: ExpertConfig) => boolean = () => true,
): CalibrationRequest {
  const mode = selection.mode ?? 'single';
  const experts = selection.expertIds
    ? [...new Set(selection.expertIds)].map((id) => find(config, id, 'expert'))
    : config.experts.filter(callable);
  const uncallable = experts.filter((e) => !callable(e)).map((e) => e.id);
  if (uncallable.length > 0) throw new CalibrationSetupError(`cannot call ${uncallable.join(', ')} from here (kind "vscode-lm" works only inside VS Code)`);
  const judge = selection.judgeId ? find(config, selection.judgeId, 'judge') : strongestExpert(config.experts.filter(callable));
  if (!judge) throw new CalibrationSetupError('no expert can act as judge: configure one this host can call');
  if (!callable(judge)) throw new CalibrationSetupError(`the judge "${judge.id}" cannot be called from here`);
  const reference = mode === 'pairwise' ? find(config, selection.referenceId ?? config.generalist, 'reference expert') : undefined;
  if (reference && !callable(reference)) throw new CalibrationSetupError(`the reference "${reference.id}" cannot be called from here`);
  return { items, experts, judge: asJudge(judge), mode, ...(reference ? { reference } : {}) };
}
