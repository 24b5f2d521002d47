import type { ExpertConfig } from '../config/schema';
import type { ChatMessage } from '../conversation/messages';
import { answerKey, judgmentKey, type CachedAnswer, type CachedJudgment, type HashText } from './calibrationCache';
import type { CalibrationItem } from './calibrationSet';
import {
  JUDGE_PROMPT_VERSIONS,
  expertMessages,
  pairwiseJudgeMessages,
  singleJudgeMessages,
  type JudgeMode,
} from './judgePrompt';

/** What one calibration run compares: every item asked of every expert, graded by one judge. */
export interface CalibrationRequest {
  items: readonly CalibrationItem[];
  experts: readonly ExpertConfig[];
  judge: ExpertConfig;
  mode: JudgeMode;
  /** Pairwise mode: the expert every other one is compared against. */
  reference?: ExpertConfig;
}

/** A request that cannot run, with a message that says what to change. */
export class CalibrationSetupError extends Error {
  override readonly name = 'CalibrationSetupError';
}

export function validateRequest(request: CalibrationRequest): void {
  if (request.items.length === 0) throw new CalibrationSetupError('the calibration set is empty: add prompts or pick another set');
  if (request.experts.length === 0) throw new CalibrationSetupError('no expert selected to calibrate');
  if (request.mode === 'pairwise' && request.reference === undefined) {
    throw new CalibrationSetupError('pairwise mode needs a reference expert (e.g. --reference ID)');
  }
}

export interface AnswerJob {
  key: string;
  item: CalibrationItem;
  expert: ExpertConfig;
  messages: ChatMessage[];
}

/** One expert's answer to one item, and, in pairwise mode, the reference's answer to compare it with. */
export interface JudgeJob {
  key: string;
  item: CalibrationItem;
  expertId: string;
  /** Pairwise: which side the candidate was shown on. */
  candidateSide?: 'A' | 'B';
  messages: ChatMessage[];
}

/** One job per (item, expert); in pairwise mode the reference joins the experts when it is not one of them. */
export function answerJobs(request: CalibrationRequest, hash: HashText): AnswerJob[] {
  const experts = [...request.experts];
  if (request.mode === 'pairwise' && request.reference && !experts.some((e) => e.id === request.reference?.id)) {
    experts.push(request.reference);
  }
  return request.items.flatMap((item) =>
    experts.map((expert) => {
      const messages = expertMessages(item, expert.systemPrompt);
      return { key: answerKey(hash, expert, messages), item, expert, messages };
    }),
  );
}

/**
 * The judge calls that grade `expert`'s answer to `item`: one in single mode, the two orders in
 * pairwise mode, none for the reference against itself.
 */
export function judgeJobs(
  request: CalibrationRequest,
  hash: HashText,
  item: CalibrationItem,
  expertId: string,
  answer: string,
  referenceAnswer?: string,
): JudgeJob[] {
  const version = JUDGE_PROMPT_VERSIONS[request.mode];
  const job = (messages: ChatMessage[], candidateSide?: 'A' | 'B'): JudgeJob => ({
    key: judgmentKey(hash, request.judge, request.mode, version, messages),
    item,
    expertId,
    ...(candidateSide ? { candidateSide } : {}),
    messages,
  });
  if (request.mode === 'single') return [job(singleJudgeMessages(item, answer))];
  if (expertId === request.reference?.id || referenceAnswer === undefined) return [];
  return [job(pairwiseJudgeMessages(item, answer, referenceAnswer), 'A'), job(pairwiseJudgeMessages(item, referenceAnswer, answer), 'B')];
}

/** Read-only view of the cache that planning needs. */
export interface CacheLookup {
  answer(key: string): CachedAnswer | undefined;
  judgment(key: string): CachedJudgment | undefined;
}
