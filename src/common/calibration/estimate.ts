import { estimateMessageTokens, estimateTokens } from '../conversation/tokenEstimate';
import type { HashText } from './calibrationCache';
import { answerJobs, judgeJobs, type CacheLookup, type CalibrationRequest } from './calibrationPlan';
import { categoriesOf } from './calibrationSet';

/** What a run will ask, shown before anything is sent so the user can decide whether to go on. */
export interface CalibrationEstimate {
  items: number;
  categories: number;
  experts: number;
  /** Expert calls still to make (answers not in the cache). */
  answerCalls: number;
  /** Judge calls still to make; a missing answer always means missing judgments. */
  judgeCalls: number;
  cachedAnswers: number;
  cachedJudgments: number;
  /** Estimated tokens of the calls still to make (answers not yet known are assumed). */
  promptTokens: number;
  completionTokens: number;
  /** Calls still to make, per expert id (the judge included under its own id). */
  callsByExpert: Record<string, number>;
}

/**
 * Answer length assumed for an answer not yet seen, when the expert sets no maxTokens: a typical
 * explanation-plus-code reply. The estimate is a guide, the run reports real usage when servers send it.
 */
export const ASSUMED_ANSWER_TOKENS = 400;
/** A judge replies with a short explanation and its verdict. */
export const ASSUMED_JUDGE_REPLY_TOKENS = 120;
/** The judge templates' own text, measured on single-v1/pairwise-v1 and rounded up. */
const JUDGE_TEMPLATE_TOKENS = 260;

export function estimateCalibration(request: CalibrationRequest, cache: CacheLookup, hash: HashText): CalibrationEstimate {
  const estimate: CalibrationEstimate = {
    items: request.items.length,
    categories: categoriesOf(request.items).length,
    experts: request.experts.length,
    answerCalls: 0,
    judgeCalls: 0,
    cachedAnswers: 0,
    cachedJudgments: 0,
    promptTokens: 0,
    completionTokens: 0,
    callsByExpert: {},
  };
  const count = (expertId: string) => (estimate.callsByExpert[expertId] = (estimate.callsByExpert[expertId] ?? 0) + 1);
  const jobs = answerJobs(request, hash);
  const known = new Map<string, string | undefined>();
  for (const job of jobs) {
    const cached = cache.answer(job.key);
    known.set(`${job.item.id}\u0000${job.expert.id}`, cached?.text);
    if (cached) {
      estimate.cachedAnswers += 1;
      continue;
    }
    estimate.answerCalls += 1;
    count(job.expert.id);
    estimate.promptTokens += job.messages.reduce((sum, m) => sum + estimateMessageTokens(m.content), 0);
    estimate.completionTokens += job.expert.maxTokens ?? ASSUMED_ANSWER_TOKENS;
  }
  const judgesPerAnswer = request.mode === 'single' ? 1 : 2;
  for (const item of request.items) {
    const referenceAnswer = request.reference ? known.get(`${item.id}\u0000${request.reference.id}`) : undefined;
    for (const expert of request.experts) {
      if (request.mode === 'pairwise' && expert.id === request.reference?.id) continue;
      const answer = known.get(`${item.id}\u0000${expert.id}`);
      const guidance = estimateTokens(`${item.prompt}${item.reference ?? ''}${item.gradingNotes ?? ''}`);
      const assumedAnswer = expert.maxTokens ?? ASSUMED_ANSWER_TOKENS;
      const answersShown = request.mode === 'single' ? 1 : 2;
      const judgePrompt = JUDGE_TEMPLATE_TOKENS + guidance + answersShown * assumedAnswer;
      if (answer === undefined || (request.mode === 'pairwise' && referenceAnswer === undefined)) {
        addJudgeCalls(judgesPerAnswer, judgePrompt);
        continue;
      }
      for (const job of judgeJobs(request, hash, item, expert.id, answer, referenceAnswer)) {
        if (cache.judgment(job.key)) estimate.cachedJudgments += 1;
        else addJudgeCalls(1, job.messages.reduce((sum, m) => sum + estimateMessageTokens(m.content), 0));
      }
    }
  }
  return estimate;

  function addJudgeCalls(calls: number, promptTokens: number): void {
    estimate.judgeCalls += calls;
    estimate.promptTokens += calls * promptTokens;
    estimate.completionTokens += calls * ASSUMED_JUDGE_REPLY_TOKENS;
    for (let i = 0; i < calls; i += 1) count(request.judge.id);
  }
}

export function describeEstimate(e: CalibrationEstimate): string {
  const calls = e.answerCalls + e.judgeCalls;
  const cached = e.cachedAnswers + e.cachedJudgments;
  return (
    `${e.items} prompts in ${e.categories} categories × ${e.experts} experts: ${calls} calls to make ` +
    `(${e.answerCalls} answers, ${e.judgeCalls} judgments), ${cached} answered from the cache; ` +
    `≈${e.promptTokens.toLocaleString('en-US')} prompt + ≈${e.completionTokens.toLocaleString('en-US')} completion tokens`
  );
}
