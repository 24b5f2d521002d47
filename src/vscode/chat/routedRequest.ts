import type * as vscode from 'vscode';
import type { ExpertConfig } from '../../common/config/schema';
import type { ChatMessage, ContextAttachment } from '../../common/conversation/messages';
import type { DecisionSource } from '../../common/decisions/decisionRecord';
import type { RoutingDecision } from '../../common/routing/decision';
import { runChat } from '../../node/chat/chatPipeline';
import type { ChatEvent, ChatOutcome } from '../../node/chat/chatTypes';
import type { ExpertClientFor } from '../../node/experts/createExpertClient';
import { createEditorExpertClientFactory } from '../experts/editorExpertClients';
import { bindVscodeLanguageModels } from '../experts/vscodeLanguageModels';
import type { CoeServices } from '../core/services';

export interface RoutedRequest {
  source: DecisionSource;
  text: string;
  history?: readonly ChatMessage[];
  attachments?: readonly ContextAttachment[];
  override?: string;
  stickyExpert?: string;
  conversationId?: string;
  signal: AbortSignal;
}

const EXCERPT_CHARS = 120;

/** Bridges VS Code's cancellation to the AbortSignal every request in the core expects. */
export function abortSignalFrom(token: vscode.CancellationToken): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const subscription = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => subscription.dispose() };
}

/**
 * Expert clients for one request. API keys are read up front (SecretStorage is async; the
 * pipeline's factory is not), so a key changed mid-request applies to the next one.
 */
export async function editorClientFactory(services: CoeServices, experts: readonly ExpertConfig[]): Promise<ExpertClientFor> {
  const keys = new Map<string, string>();
  await Promise.all(experts.map(async (expert) => {
    const key = await services.secrets.get(expert.id);
    if (key) keys.set(expert.id, key);
  }));
  return createEditorExpertClientFactory({
    config: services.config.config,
    lm: bindVscodeLanguageModels(),
    apiKeyFor: (expert) => keys.get(expert.id),
    apiKeyHint: (expert) => `run "CoE: Set API Key" for expert "${expert.id}"`,
  });
}

/**
 * One routed request from any editor surface (panel, @coe, code action) through the shared chat
 * pipeline. Every decision lands in the decision log with its source, so the inspector sees it; the
 * prompt is logged only when `coe.logPrompts` allows it.
 */
export async function runRoutedRequest(
  services: CoeServices,
  request: RoutedRequest,
  onEvent: (event: ChatEvent) => void,
): Promise<ChatOutcome> {
  const config = services.config.config;
  const clientFor = await editorClientFactory(services, config.experts);
  const logPrompts = config.logPrompts;
  let logged: RoutingDecision | undefined;
  const record = (decision: RoutingDecision): void => {
    if (!logged) {
      services.decisions.add({
        decision,
        source: request.source,
        promptExcerpt: logPrompts ? request.text.slice(0, EXCERPT_CHARS) : null,
        prompt: request.text,
        conversationId: request.conversationId,
        outcome: 'streaming',
      });
      services.log.info(`${request.source}: routed to ${decision.expert} (${decision.category ?? 'no category'}, ${decision.fallbackReason ?? 'routed'})${logPrompts ? ` prompt: ${JSON.stringify(request.text)}` : ''}`);
    } else {
      services.decisions.update(logged.id, { decision: { ...decision, id: logged.id } });
      services.log.info(`${request.source}: failed over to ${decision.expert} (${decision.fallbackDetail ?? ''})`);
    }
    logged ??= decision;
  };
  const outcome = await runChat(
    {
      text: request.text, history: request.history, attachments: request.attachments,
      override: request.override, stickyExpert: request.stickyExpert, signal: request.signal,
    },
    { config, route: services.router.route, clientFor },
    (event) => {
      if (event.type === 'decision') record(event.decision);
      onEvent(event);
    },
  );
  if (logged) {
    services.decisions.update(logged.id, {
      outcome: outcome.type === 'error' ? 'error' : outcome.finishReason === 'cancelled' ? 'cancelled' : 'ok',
      ...(outcome.type === 'error' ? { error: outcome.message } : {}),
      ...(outcome.type === 'done' && outcome.usage
        ? { usage: { promptTokens: outcome.usage.promptTokens, completionTokens: outcome.usage.completionTokens } }
        : {}),
    });
  }
  if (outcome.type === 'error') services.log.warn(`${request.source}: ${outcome.kind}: ${outcome.message}`);
  return outcome;
}
