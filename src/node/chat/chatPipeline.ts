import { performance } from 'node:perf_hooks';
import type { ExpertConfig } from '../../common/config/schema';
import { buildContext, promptBudget, type BuiltContext } from '../../common/conversation/contextBudget';
import { ExpertError } from '../../common/conversation/expertError';
import type { RoutingDecision } from '../../common/routing/decision';
import { DEFAULT_RETRY_POLICY, type ChatDependencies, type ChatEvent, type ChatOutcome, type ChatRequest } from './chatTypes';
import { abortableSleep, failoverOrder, streamWithRetry, withFailover } from './failover';

/** The messages one expert receives: its system prompt, the history and attachments within its budget. */
export function buildExpertRequest(expert: ExpertConfig, prompt: string, request: ChatRequest, maxContextTokens: number): BuiltContext {
  return buildContext({
    systemPrompt: expert.systemPrompt,
    history: request.history ?? [],
    attachments: request.attachments ?? [],
    prompt,
    budgetTokens: promptBudget(expert.contextLength, maxContextTokens, expert.maxTokens),
  });
}

/**
 * One chat request from prompt to answer, independent of any editor: route, build the expert's
 * request, stream with retry and failover, and report everything as events. Never throws for expert
 * failures (they end in an `error` event); the returned outcome equals the last event.
 */
export async function runChat(request: ChatRequest, deps: ChatDependencies, emit: (event: ChatEvent) => void): Promise<ChatOutcome> {
  const now = deps.now ?? (() => performance.now());
  const started = now();
  const { config } = deps;
  const { decision: routed, prompt } = await deps.route({
    text: request.text, override: request.override, stickyExpert: request.stickyExpert, signal: request.signal,
  });
  const routeMs = now() - started;
  let firstTokenAt: number | null = null;
  const timings = () => ({ routeMs, firstTokenMs: firstTokenAt === null ? null : firstTokenAt - started, totalMs: now() - started });

  let decision: RoutingDecision = routed;
  emit({ type: 'decision', decision });
  const candidates = failoverOrder(decision, config);
  const failures: string[] = [];
  let last: { expert: string; error: ExpertError; built: BuiltContext } | undefined;

  for (const [index, expertId] of candidates.entries()) {
    const expert = config.experts.find((e) => e.id === expertId);
    if (!expert) continue;
    if (index > 0 && last) {
      decision = withFailover(decision, expertId, last.error.message, config);
      emit({ type: 'decision', decision });
    }
    const built = buildExpertRequest(expert, prompt, request, config.maxContextTokens);
    try {
      const result = await streamWithRetry(
        deps.clientFor(expert),
        { messages: built.messages, signal: request.signal },
        (text) => {
          firstTokenAt ??= now();
          emit({ type: 'token', text, expert: expertId });
        },
        deps.retry ?? DEFAULT_RETRY_POLICY,
        deps.sleep ?? abortableSleep,
      );
      return finish(emit, {
        type: 'done', expert: expertId, text: result.text, usage: result.usage, finishReason: result.finishReason,
        decision, trimmed: built.trimmed, timings: timings(),
      });
    } catch (raw) {
      const error = raw instanceof ExpertError ? raw : new ExpertError('unavailable', expertId, `${expertId}: ${String(raw)}`);
      if (error.partialText !== '' || firstTokenAt !== null) {
        // The user has seen part of an answer: keep it and say what went wrong, no silent restart.
        return fail(emit, expertId, error, decision, built, timings());
      }
      failures.push(error.message);
      last = { expert: expertId, error, built };
    }
  }
  if (!last) throw new Error(`no configured expert for decision ${decision.id}`);
  const summary = failures.length > 1 ? `no expert could answer: ${failures.join('; ')}` : last.error.message;
  return fail(emit, last.expert, new ExpertError(last.error.kind, last.expert, summary, { status: last.error.status }), decision, last.built, timings());
}

function finish(emit: (event: ChatEvent) => void, outcome: ChatOutcome): ChatOutcome {
  emit(outcome);
  return outcome;
}

function fail(
  emit: (event: ChatEvent) => void,
  expert: string,
  error: ExpertError,
  decision: RoutingDecision,
  built: BuiltContext,
  timings: ChatOutcome['timings'],
): ChatOutcome {
  return finish(emit, {
    type: 'error', expert, kind: error.kind, message: error.message, partialText: error.partialText,
    decision, trimmed: built.trimmed, timings,
  });
}
