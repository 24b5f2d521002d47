import { aggregateScores, referenceSelfScore, type ScoreSample } from '../../common/calibration/aggregate';
import { MAX_EXPLANATION_CHARS, type CachedAnswer, type CachedJudgment, type HashText } from '../../common/calibration/calibrationCache';
import { answerJobs, judgeJobs, validateRequest, type AnswerJob, type CalibrationRequest, type JudgeJob } from '../../common/calibration/calibrationPlan';
import type { CalibrationFailure, CalibrationResult } from '../../common/calibration/calibrationResult';
import { categoriesOf } from '../../common/calibration/calibrationSet';
import { JUDGE_PROMPT_VERSIONS } from '../../common/calibration/judgePrompt';
import { pairScore, parsePairVerdict, parseRating, type PairVerdict } from '../../common/calibration/judgeVerdict';
import type { ExpertConfig } from '../../common/config/schema';
import type { ExpertClient, ExpertStreamResult } from '../../common/conversation/expertClient';
import { isExpertError } from '../../common/conversation/expertError';
import { createCallLimiter, SKIPPED } from './callLimiter';

/** Where the runner reads and writes cached answers and judgments (a `CalibrationCacheFile` in practice). */
export interface CalibrationCacheStore {
  answer(key: string): CachedAnswer | undefined;
  judgment(key: string): CachedJudgment | undefined;
  putAnswer(key: string, value: CachedAnswer): void;
  putJudgment(key: string, value: CachedJudgment): void;
  save(): Promise<void>;
}

export interface CalibrationProgress {
  /** Answers and judgments finished (asked, cached, failed or skipped) out of `total`. */
  completed: number;
  total: number;
  failed: number;
  calls: number;
}

export interface CalibrationRunOptions {
  request: CalibrationRequest;
  /** The transport for an expert (the judge included); one client per expert is reused. */
  clientFor: (expert: ExpertConfig) => ExpertClient;
  cache: CalibrationCacheStore;
  hash: HashText;
  signal: AbortSignal;
  /** Calls in flight at once, across all experts and the judge. Default 4. */
  concurrency?: number;
  onProgress?: (progress: CalibrationProgress) => void;
  /** Save the cache after this many new entries, so a crash loses little. Default 10. */
  saveEvery?: number;
}

/** Failures after which an expert is not asked again in this run: every further call would fail alike. */
const FATAL_KINDS = new Set(['connectionRefused', 'authFailed', 'notFound', 'unavailable']);

/**
 * Asks every expert every item, has the judge grade each answer and aggregates the grades. Never
 * throws for a failed call: each one is listed, and whatever completed is scored and cached, also
 * when the run is cancelled.
 */
export async function runCalibration(options: CalibrationRunOptions): Promise<CalibrationResult> {
  const { request, cache, hash, signal } = options;
  validateRequest(request);
  const limit = createCallLimiter(Math.max(1, options.concurrency ?? 4), signal);
  // Keyed by config object: the judge's config (temperature 0) may differ from the same expert's own.
  const clients = new Map<ExpertConfig, ExpertClient>();
  const clientOf = (expert: ExpertConfig): ExpertClient => {
    const client = clients.get(expert) ?? options.clientFor(expert);
    clients.set(expert, client);
    return client;
  };
  const failures: CalibrationFailure[] = [];
  const fatal = new Map<string, string>();
  const samples: ScoreSample[] = [];
  const result: CalibrationResult = {
    mode: request.mode,
    judgeId: request.judge.id,
    ...(request.reference ? { referenceId: request.reference.id } : {}),
    promptVersion: JUDGE_PROMPT_VERSIONS[request.mode],
    expertIds: request.experts.map((e) => e.id),
    categories: categoriesOf(request.items),
    cells: [],
    samples,
    failures,
    cancelled: false,
    calls: { answers: 0, judgments: 0, cachedAnswers: 0, cachedJudgments: 0 },
    usage: { promptTokens: 0, completionTokens: 0 },
  };
  const ajobs = answerJobs(request, hash);
  const graded = request.experts.filter((e) => request.mode === 'single' || e.id !== request.reference?.id);
  const judgesPerAnswer = request.mode === 'single' ? 1 : 2;
  const progress: CalibrationProgress = { completed: 0, total: ajobs.length + request.items.length * graded.length * judgesPerAnswer, failed: 0, calls: 0 };
  let unsaved = 0;
  let saving: Promise<void> = Promise.resolve();
  const stored = () => {
    unsaved += 1;
    if (unsaved >= (options.saveEvery ?? 10)) {
      unsaved = 0;
      saving = saving.then(() => cache.save()).catch(() => undefined);
    }
  };
  const advance = (steps = 1) => {
    progress.completed += steps;
    options.onProgress?.({ ...progress });
  };
  const fail = (failure: CalibrationFailure) => {
    failures.push(failure);
    progress.failed += 1;
  };

  async function call(expert: ExpertConfig, messages: AnswerJob['messages'], urgent: boolean): Promise<ExpertStreamResult | typeof SKIPPED> {
    const outcome = await limit(async () => {
      const known = fatal.get(expert.id);
      if (known) throw new SkippedExpert(known);
      progress.calls += 1;
      const reply = await clientOf(expert).stream({ messages, signal }, () => undefined);
      if (reply.usage) {
        result.usage.promptTokens += reply.usage.promptTokens;
        result.usage.completionTokens += reply.usage.completionTokens;
      }
      return reply;
    }, urgent);
    return outcome === SKIPPED || outcome.finishReason === 'cancelled' ? SKIPPED : outcome;
  }

  function describeError(error: unknown, expert: ExpertConfig): { kind: string; message: string } {
    if (error instanceof SkippedExpert) return { kind: 'skipped', message: `not asked: ${error.message}` };
    if (isExpertError(error)) {
      if (FATAL_KINDS.has(error.kind)) fatal.set(expert.id, error.message);
      return { kind: error.kind, message: error.message };
    }
    return { kind: 'unexpected', message: error instanceof Error ? error.message : String(error) };
  }

  async function answer(job: AnswerJob): Promise<string | undefined> {
    const cached = cache.answer(job.key);
    if (cached) {
      result.calls.cachedAnswers += 1;
      return cached.text;
    }
    try {
      const reply = await call(job.expert, job.messages, false);
      if (reply === SKIPPED) return undefined;
      result.calls.answers += 1;
      cache.putAnswer(job.key, { text: reply.text, finishReason: reply.finishReason, ...(reply.usage ? { usage: reply.usage } : {}) });
      stored();
      return reply.text;
    } catch (error) {
      fail({ itemId: job.item.id, category: job.item.category, expertId: job.expert.id, stage: 'answer', ...describeError(error, job.expert) });
      return undefined;
    }
  }

  async function judge(job: JudgeJob): Promise<CachedJudgment | undefined> {
    const cached = cache.judgment(job.key);
    if (cached) {
      result.calls.cachedJudgments += 1;
      return cached;
    }
    try {
      const reply = await call(request.judge, job.messages, true);
      if (reply === SKIPPED) return undefined;
      result.calls.judgments += 1;
      const verdict = toJudgment(reply.text, request.mode);
      if ('reason' in verdict) {
        fail({ itemId: job.item.id, category: job.item.category, expertId: job.expertId, stage: 'judge', kind: verdict.reason, message: verdict.detail });
        return undefined;
      }
      cache.putJudgment(job.key, verdict);
      stored();
      return verdict;
    } catch (error) {
      fail({ itemId: job.item.id, category: job.item.category, expertId: job.expertId, stage: 'judge', ...describeError(error, request.judge) });
      return undefined;
    }
  }

  const answers = new Map(ajobs.map((job) => [`${job.item.id}\u0000${job.expert.id}`, answer(job).finally(() => advance())]));
  const answerOf = (itemId: string, expertId: string) => answers.get(`${itemId}\u0000${expertId}`) ?? Promise.resolve(undefined);

  await Promise.all(
    request.items.flatMap((item) =>
      graded.map(async (expert) => {
        const [text, referenceText] = await Promise.all([
          answerOf(item.id, expert.id),
          request.reference ? answerOf(item.id, request.reference.id) : Promise.resolve(undefined),
        ]);
        const jobs = text === undefined ? [] : judgeJobs(request, hash, item, expert.id, text, referenceText);
        if (jobs.length === 0) return advance(judgesPerAnswer);
        const verdicts = await Promise.all(jobs.map((job) => judge(job).finally(() => advance())));
        const score = scoreOf(jobs, verdicts);
        if (score !== undefined) samples.push({ itemId: item.id, category: item.category, expertId: expert.id, score });
      }),
    ),
  );
  await saving;
  await cache.save();
  result.cancelled = signal.aborted;
  result.cells = aggregateScores(samples, request.mode);
  const reference = request.reference;
  if (request.mode === 'pairwise' && reference && request.experts.some((e) => e.id === reference.id)) {
    const referenceAnswers = await Promise.all(request.items.map((i) => answerOf(i.id, reference.id)));
    result.cells.push(...referenceCells(request.items, reference.id, referenceAnswers));
  }
  return result;
}

class SkippedExpert extends Error {}

function toJudgment(text: string, mode: CalibrationRequest['mode']): CachedJudgment | { reason: string; detail: string } {
  const explanation = text.slice(0, MAX_EXPLANATION_CHARS);
  if (mode === 'single') {
    const rating = parseRating(text);
    if (!rating.ok) return rating;
    return { kind: 'rating', value: rating.value, ...(rating.clamped ? { clamped: true } : {}), explanation };
  }
  const verdict = parsePairVerdict(text);
  return verdict.ok ? { kind: 'pair', value: verdict.value, explanation } : verdict;
}

/** A prompt counts only when all its judgments came back (pairwise needs both orders). */
function scoreOf(jobs: readonly JudgeJob[], verdicts: readonly (CachedJudgment | undefined)[]): number | undefined {
  if (verdicts.some((v) => v === undefined)) return undefined;
  const given = verdicts as CachedJudgment[];
  if (given[0].kind === 'rating') return given[0].value;
  const bySide = (side: 'A' | 'B'): PairVerdict | undefined => {
    const verdict = given[jobs.findIndex((j) => j.candidateSide === side)];
    return verdict?.kind === 'pair' ? verdict.value : undefined;
  };
  const asA = bySide('A');
  const asB = bySide('B');
  return asA === undefined || asB === undefined ? undefined : pairScore(asA, asB);
}

function referenceCells(items: CalibrationRequest['items'], referenceId: string, referenceAnswers: readonly (string | undefined)[]) {
  const counts = new Map<string, number>();
  items.forEach((item, i) => {
    if (referenceAnswers[i] !== undefined) counts.set(item.category, (counts.get(item.category) ?? 0) + 1);
  });
  return [...counts].map(([category, n]) => referenceSelfScore(category, referenceId, n));
}
