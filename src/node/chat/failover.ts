import { expertActiveParams, type CoeConfig } from '../../common/config/schema';
import type { ExpertClient, ExpertStreamRequest, ExpertStreamResult } from '../../common/conversation/expertClient';
import { ExpertError } from '../../common/conversation/expertError';
import type { RoutingDecision } from '../../common/routing/decision';
import type { RetryPolicy } from './chatTypes';

/**
 * The experts to try, in order: the chosen one, the rest of its category's table row after it,
 * then the generalist. Unknown ids are skipped (the config parser already reported them).
 */
export function failoverOrder(decision: RoutingDecision, config: CoeConfig): string[] {
  const row = decision.tableRow?.experts ?? [];
  const at = row.indexOf(decision.expert);
  const order = [decision.expert, ...(at >= 0 ? row.slice(at + 1) : row), config.generalist];
  const known = new Set(config.experts.map((e) => e.id));
  return [...new Set(order)].filter((id) => known.has(id));
}

/** The decision after `failed` could not answer and `next` takes over; the step says why. */
export function withFailover(decision: RoutingDecision, next: string, cause: string, config: CoeConfig): RoutingDecision {
  const expert = config.experts.find((e) => e.id === next);
  const params = expert ? expertActiveParams(expert) : 0;
  return {
    ...decision,
    expert: next,
    fallbackReason: 'expertUnavailable',
    fallbackDetail: cause,
    steps: [...decision.steps, { kind: 'expertUnavailable', expert: next, detail: cause }],
    expertActiveParams: params,
    activeParams: decision.routerParams + params,
  };
}

/** Resolves after `ms`, or early (without throwing) when the request is cancelled. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

function asExpertError(expertId: string, error: unknown): ExpertError {
  if (error instanceof ExpertError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new ExpertError('unavailable', expertId, `${expertId}: ${detail}`, { cause: error });
}

function annotated(error: ExpertError, note: string): ExpertError {
  return new ExpertError(error.kind, error.expertId, `${error.message} (${note})`, {
    status: error.status, retryAfterMs: error.retryAfterMs, partialText: error.partialText, cause: error.cause,
  });
}

/**
 * Streams from one expert with a single retry for transient failures before the first token
 * (refused/reset connections, 5xx, 429 honouring a bounded Retry-After). After the first token a
 * retry would repeat text the user has already seen, so the error goes straight to the caller.
 */
export async function streamWithRetry(
  client: ExpertClient,
  request: ExpertStreamRequest,
  onToken: (text: string) => void,
  policy: RetryPolicy,
  sleep: (ms: number, signal: AbortSignal) => Promise<void>,
): Promise<ExpertStreamResult> {
  let tokens = 0;
  const counting = (text: string) => {
    tokens += 1;
    onToken(text);
  };
  try {
    return await client.stream(request, counting);
  } catch (raw) {
    const error = asExpertError(client.expertId, raw);
    if (tokens > 0 || !error.retryable) throw error;
    const delay = error.retryAfterMs ?? policy.defaultDelayMs;
    if (delay > policy.maxRetryAfterMs) {
      throw annotated(error, `Retry-After ${Math.round(delay)} ms exceeds the ${policy.maxRetryAfterMs} ms limit; not retried`);
    }
    await sleep(delay, request.signal);
    if (request.signal.aborted) return { text: '', finishReason: 'cancelled' };
    try {
      return await client.stream(request, counting);
    } catch (second) {
      const retried = asExpertError(client.expertId, second);
      throw tokens > 0 ? retried : annotated(retried, 'after 1 retry');
    }
  }
}
