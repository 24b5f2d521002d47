import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ExpertConfig } from '../../common/config/schema';
import type { ExpertClient, ExpertHealth, ExpertStreamRequest, ExpertStreamResult } from '../../common/conversation/expertClient';
import { ExpertError } from '../../common/conversation/expertError';
import { readCompletion } from './completionStream';
import { httpStatusError, transportError } from './httpFailure';
import { REQUEST_ID_HEADER, whenRequestSent } from './requestSentChannel';
import { RequestWatchdog, type TimeoutPhase } from './requestWatchdog';

export interface OpenAiClientOptions {
  expert: ExpertConfig;
  /** Resolved by the caller (VS Code SecretStorage, CLI environment); never logged. */
  apiKey?: string;
  /** Where the key comes from, for the message when authentication fails. */
  apiKeyHint: string;
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  fetch?: typeof fetch;
}

const MAX_LISTED_MODELS = 20;

export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path}`;
}

/** Ollama lists `llama3.1:8b` and accepts `llama3.1`, meaning `:latest`. */
export function modelListed(model: string, ids: readonly string[]): boolean {
  const bare = model.replace(/:latest$/, '');
  return ids.some((id) => id === model || id.replace(/:latest$/, '') === bare);
}

/** Streaming Chat Completions against any OpenAI-compatible endpoint (Ollama, vLLM, SambaNova, …). */
export class OpenAiExpertClient implements ExpertClient {
  readonly expertId: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: OpenAiClientOptions) {
    this.expertId = options.expert.id;
    this.fetchImpl = options.fetch ?? fetch;
  }

  async stream(request: ExpertStreamRequest, onToken: (text: string) => void): Promise<ExpertStreamResult> {
    try {
      return await this.streamOnce(request, onToken, true);
    } catch (error) {
      // Some older servers reject `stream_options`; usage is optional, the answer is not.
      if (error instanceof ExpertError && error.kind === 'badRequest' && /stream_options/.test(error.message)) {
        return this.streamOnce(request, onToken, false);
      }
      throw error;
    }
  }

  async health(signal: AbortSignal): Promise<ExpertHealth> {
    const { expert, connectTimeoutMs } = this.options;
    const url = joinUrl(expert.baseUrl ?? '', 'models');
    const watchdog = new RequestWatchdog(signal, connectTimeoutMs, connectTimeoutMs);
    const headers = this.headers();
    const stopWatching = whenRequestSent(headers[REQUEST_ID_HEADER], () => watchdog.requestSent());
    const started = performance.now();
    const base = { expertId: expert.id, latencyMs: 0 };
    try {
      const response = await watchdog.race(this.fetchImpl(url, { headers, signal: watchdog.signal }));
      watchdog.connected();
      if (!response.ok) {
        const failure = await watchdog.race(httpStatusError(expert.id, response, this.options.apiKeyHint));
        return { ...base, reachable: true, modelPresent: null, latencyMs: performance.now() - started, error: failure.message };
      }
      const ids = modelIds(await watchdog.race(response.json()).catch((error: unknown) => {
        if (watchdog.signal.aborted) throw error;
        return null; // not JSON: an endpoint that does not list models
      }));
      const latencyMs = performance.now() - started;
      if (ids === null) return { ...base, reachable: true, modelPresent: null, latencyMs, error: `${expert.id}: ${url} does not list models` };
      const present = modelListed(expert.model, ids);
      return {
        ...base, reachable: true, modelPresent: present, latencyMs,
        ...(present ? {} : { error: `${expert.id}: model "${expert.model}" is not offered by ${expert.baseUrl}`, availableModels: ids.slice(0, MAX_LISTED_MODELS) }),
      };
    } catch (error) {
      const latencyMs = performance.now() - started;
      if (watchdog.timedOut !== undefined && watchdog.timedOut !== 'connectTimeout') {
        const error = `${expert.id}: ${url} accepted the connection but did not answer within ${connectTimeoutMs} ms`;
        return { ...base, reachable: true, modelPresent: null, latencyMs, error };
      }
      const reason = watchdog.timedOut
        ? `${expert.id}: could not connect to ${url} within ${connectTimeoutMs} ms`
        : signal.aborted ? `${expert.id}: health check cancelled` : transportError(expert.id, url, error).message;
      return { ...base, reachable: false, modelPresent: null, latencyMs, error: reason };
    } finally {
      stopWatching();
      watchdog.dispose();
    }
  }

  private headers(): Record<string, string> {
    const { apiKey, expert } = this.options;
    return {
      [REQUEST_ID_HEADER]: randomUUID(),
      accept: 'text/event-stream, application/json',
      ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
      ...expert.headers,
    };
  }

  private requestBody(request: ExpertStreamRequest, includeUsage: boolean): string {
    const { expert } = this.options;
    return JSON.stringify({
      model: expert.model,
      messages: request.messages,
      stream: true,
      ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
      ...(expert.temperature === undefined ? {} : { temperature: expert.temperature }),
      ...(expert.maxTokens === undefined ? {} : { max_tokens: expert.maxTokens }),
    });
  }

  private async streamOnce(request: ExpertStreamRequest, onToken: (text: string) => void, includeUsage: boolean): Promise<ExpertStreamResult> {
    const { expert, connectTimeoutMs, idleTimeoutMs } = this.options;
    const url = joinUrl(expert.baseUrl ?? '', 'chat/completions');
    const watchdog = new RequestWatchdog(request.signal, connectTimeoutMs, idleTimeoutMs);
    const headers: Record<string, string> = { 'content-type': 'application/json', ...this.headers() };
    const stopWatching = whenRequestSent(headers[REQUEST_ID_HEADER], () => watchdog.requestSent());
    let streamed = '';
    try {
      const response = await watchdog.race(this.fetchImpl(url, {
        method: 'POST',
        headers,
        body: this.requestBody(request, includeUsage),
        signal: watchdog.signal,
      }));
      watchdog.connected();
      if (!response.ok) throw await watchdog.race(httpStatusError(expert.id, response, this.options.apiKeyHint));
      const result = await readCompletion(response, {
        expertId: expert.id,
        onToken: (text) => {
          streamed += text;
          onToken(text);
        },
        onActivity: () => watchdog.activity(),
        raceAbort: (promise) => watchdog.race(promise),
      });
      // A token handler may cancel while the last events are parsed: that is still a cancellation.
      return request.signal.aborted ? { text: streamed, finishReason: 'cancelled' } : result;
    } catch (error) {
      // Cancellation is the user's choice, not a failure: return what arrived.
      if (request.signal.aborted) return { text: streamed, finishReason: 'cancelled' };
      const typed = watchdog.timedOut ? this.timeoutError(watchdog.timedOut, url) : transportError(expert.id, url, error);
      throw streamed === '' ? typed : typed.withPartialText(streamed);
    } finally {
      stopWatching();
      watchdog.dispose();
    }
  }

  private timeoutError(phase: TimeoutPhase, url: string): ExpertError {
    const { expert, connectTimeoutMs, idleTimeoutMs } = this.options;
    if (phase === 'connectTimeout') {
      return new ExpertError('connectTimeout', expert.id, `${expert.id}: could not connect to ${url} within ${connectTimeoutMs} ms (connect timeout)`);
    }
    const message = phase === 'responseTimeout'
      ? `${expert.id}: ${url} accepted the request but sent no response for ${idleTimeoutMs} ms (idle timeout; a model that is still loading may need a longer one)`
      : `${expert.id}: the stream stalled for ${idleTimeoutMs} ms (idle timeout)`;
    return new ExpertError('idleTimeout', expert.id, message);
  }
}

function modelIds(body: unknown): string[] | null {
  if (typeof body !== 'object' || body === null || !('data' in body) || !Array.isArray(body.data)) return null;
  return body.data.flatMap((m: unknown) => (typeof m === 'object' && m !== null && 'id' in m && typeof m.id === 'string' ? [m.id] : []));
}
