import type { ExpertConfig } from '../../common/config/schema';
import type { ExpertClient, ExpertHealth, ExpertStreamRequest, ExpertStreamResult } from '../../common/conversation/expertClient';
import { ExpertError, type ExpertErrorKind } from '../../common/conversation/expertError';
import type { ChatMessage } from '../../common/conversation/messages';
import type { LanguageModelAccess, LmMessage, LmModelHandle } from './languageModelAccess';

export interface VscodeLmClientOptions {
  expert: ExpertConfig;
  lm: LanguageModelAccess;
  connectTimeoutMs: number;
  idleTimeoutMs: number;
}

/** LanguageModelError codes (compared by name, as the API documents) → our kinds. */
const LM_ERROR_KINDS: Readonly<Record<string, ExpertErrorKind>> = {
  NoPermissions: 'authFailed',
  Blocked: 'rateLimited',
  NotFound: 'notFound',
};

type Race<T> = { kind: 'value'; value: T } | { kind: 'aborted' } | { kind: 'timeout' };

/**
 * Waits for `promise`, but gives up at once when the request is cancelled or after `ms`: a provider
 * that ignores cancellation must not keep the user waiting.
 */
function race<T>(promise: Promise<T>, signal: AbortSignal, ms: number): Promise<Race<T>> {
  return new Promise((resolve, reject) => {
    const onAbort = () => finish({ kind: 'aborted' });
    const timer = setTimeout(() => finish({ kind: 'timeout' }), ms);
    function finish(result: Race<T>) {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(result);
    }
    if (signal.aborted) return finish({ kind: 'aborted' });
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then((value) => finish({ kind: 'value', value }), (error: unknown) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
  });
}

/**
 * VS Code's language-model API has no system role: the system prompt becomes the first user
 * message so the model still sees it, and consecutive user messages are merged.
 */
export function toLmMessages(messages: readonly ChatMessage[]): LmMessage[] {
  const out: LmMessage[] = [];
  for (const message of messages) {
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const content = message.role === 'system' ? `Instructions:\n${message.content}` : message.content;
    const previous = out.at(-1);
    if (previous && previous.role === role && role === 'user') previous.content = `${previous.content}\n\n${content}`;
    else out.push({ role, content });
  }
  return out;
}

/** An expert served by a VS Code language-model provider (Copilot or any other extension). */
export class VscodeLmExpertClient implements ExpertClient {
  readonly expertId: string;

  constructor(private readonly options: VscodeLmClientOptions) {
    this.expertId = options.expert.id;
  }

  async stream(request: ExpertStreamRequest, onToken: (text: string) => void): Promise<ExpertStreamResult> {
    const { idleTimeoutMs, expert } = this.options;
    let text = '';
    try {
      const model = await this.selectModel();
      // There is no connection to time: the provider's wait counts as silence (idle timeout).
      const started = await race(model.send(toLmMessages(request.messages), this.sendOptions(), request.signal), request.signal, idleTimeoutMs);
      if (started.kind === 'aborted') return { text, finishReason: 'cancelled' };
      if (started.kind === 'timeout') throw new ExpertError('idleTimeout', expert.id, `${expert.id}: ${model.name} did not start answering within ${idleTimeoutMs} ms (idle timeout)`);
      const iterator = started.value[Symbol.asyncIterator]();
      for (;;) {
        const next = await race(iterator.next(), request.signal, idleTimeoutMs);
        if (next.kind !== 'value') void iterator.return?.().catch(() => undefined);
        if (next.kind === 'aborted') return { text, finishReason: 'cancelled' };
        if (next.kind === 'timeout') throw new ExpertError('idleTimeout', expert.id, `${expert.id}: the answer stalled for ${idleTimeoutMs} ms (idle timeout)`);
        if (next.value.done) return { text, finishReason: 'stop' };
        text += next.value.value;
        onToken(next.value.value);
      }
    } catch (error) {
      if (request.signal.aborted) return { text, finishReason: 'cancelled' };
      const typed = this.toExpertError(error);
      throw text === '' ? typed : typed.withPartialText(text);
    }
  }

  async health(signal: AbortSignal): Promise<ExpertHealth> {
    const started = Date.now();
    const base = { expertId: this.expertId, reachable: true };
    try {
      const outcome = await race(this.candidates(), signal, this.options.connectTimeoutMs);
      const latencyMs = Date.now() - started;
      if (outcome.kind !== 'value') return { ...base, reachable: false, modelPresent: null, latencyMs, error: 'no answer from VS Code language models' };
      const present = outcome.value.length > 0;
      return { ...base, modelPresent: present, latencyMs, ...(present ? {} : { error: this.missingMessage() }) };
    } catch (error) {
      return { ...base, reachable: false, modelPresent: null, latencyMs: Date.now() - started, error: this.toExpertError(error).message };
    }
  }

  private sendOptions() {
    const { expert } = this.options;
    const modelOptions: Record<string, unknown> = {};
    if (expert.temperature !== undefined) modelOptions.temperature = expert.temperature;
    if (expert.maxTokens !== undefined) modelOptions.max_tokens = expert.maxTokens;
    return { justification: `CoE routed this request to the "${expert.id}" expert`, modelOptions };
  }

  /** `model` is tried as a model id first, then as a family (e.g. "gpt-4o"). */
  private async candidates(): Promise<LmModelHandle[]> {
    const { expert, lm } = this.options;
    const vendor = expert.vendor;
    const byId = await lm.select({ ...(vendor ? { vendor } : {}), id: expert.model });
    return byId.length > 0 ? byId : lm.select({ ...(vendor ? { vendor } : {}), family: expert.model });
  }

  private async selectModel(): Promise<LmModelHandle> {
    const [model] = await this.candidates();
    if (!model) throw new ExpertError('notFound', this.expertId, this.missingMessage());
    return model;
  }

  private missingMessage(): string {
    const { expert } = this.options;
    return `${expert.id}: no VS Code language model matches "${expert.model}"${expert.vendor ? ` from vendor "${expert.vendor}"` : ''} — is the provider extension (e.g. Copilot) installed and signed in?`;
  }

  private toExpertError(error: unknown): ExpertError {
    if (error instanceof ExpertError) return error;
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    const detail = error instanceof Error ? error.message : String(error);
    const kind = LM_ERROR_KINDS[code] ?? 'unavailable';
    const hint = kind === 'authFailed' ? ' — allow CoE to use this model when VS Code asks' : '';
    return new ExpertError(kind, this.expertId, `${this.expertId}: ${code ? `${code}: ` : ''}${detail}${hint}`, { cause: error });
  }
}
