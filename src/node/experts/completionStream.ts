import { createParser, type EventSourceMessage, type ParseError } from 'eventsource-parser';
import type { ExpertStreamResult, FinishReason } from '../../common/conversation/expertClient';
import { ExpertError } from '../../common/conversation/expertError';
import type { TokenUsage } from '../../common/conversation/messages';
import { jsonErrorMessage, readBoundedText, summariseErrorBody } from './httpFailure';

export interface CompletionReadOptions {
  expertId: string;
  onToken: (text: string) => void;
  /** Called for every chunk received, so the caller can reset its idle timer. */
  onActivity: () => void;
  /** Makes every wait give up at once when the request is aborted (see RequestWatchdog.race). */
  raceAbort: <T>(promise: Promise<T>) => Promise<T>;
}

/** One streamed chunk is a few hundred bytes; a megabyte without a line break is not an event stream. */
const MAX_EVENT_CHARS = 1_000_000;

const FINISH_REASONS: Readonly<Record<string, FinishReason>> = {
  stop: 'stop',
  eos: 'stop',
  length: 'length',
  content_filter: 'contentFilter',
  tool_calls: 'toolCalls',
  function_call: 'toolCalls',
};

/**
 * Reads a successful Chat Completions response: an SSE stream (the normal case), or a plain JSON
 * completion from a server that ignored `stream: true`. Anything else becomes a typed error.
 * Aborts surface as the fetch AbortError; the client decides whether that was a cancel or a timeout.
 */
export async function readCompletion(response: Response, options: CompletionReadOptions): Promise<ExpertStreamResult> {
  const contentType = response.headers.get('content-type') ?? '';
  if (/application\/json/i.test(contentType)) return readJsonCompletion(response, options);
  if (/text\/html/i.test(contentType)) {
    const summary = summariseErrorBody(await options.raceAbort(readBoundedText(response)), contentType);
    throw notEventStream(options.expertId, `got ${summary || 'an HTML page'} — is baseUrl the API root (usually ending in /v1)?`);
  }
  return readEventStream(response, options, /text\/event-stream/i.test(contentType));
}

function notEventStream(expertId: string, detail: string): ExpertError {
  return new ExpertError('notEventStream', expertId, `${expertId}: expected a server-sent event stream, ${detail}`);
}

async function readJsonCompletion(response: Response, options: CompletionReadOptions): Promise<ExpertStreamResult> {
  const body = await options.raceAbort(readBoundedText(response));
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw notEventStream(options.expertId, `got invalid JSON: ${body.slice(0, 120)}`);
  }
  const failure = jsonErrorMessage(parsed);
  const chunk = parsed as CompletionChunk;
  const content = chunk.choices?.[0]?.message?.content;
  if (typeof content !== 'string') {
    throw new ExpertError('streamError', options.expertId, `${options.expertId}: ${failure ?? 'response has no message content'}`);
  }
  options.onActivity();
  if (content !== '') options.onToken(content);
  return { text: content, usage: toUsage(chunk.usage), finishReason: toFinishReason(chunk.choices?.[0]?.finish_reason) };
}

interface CompletionChunk {
  choices?: { delta?: { content?: unknown }; message?: { content?: unknown }; finish_reason?: unknown }[];
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown; total_tokens?: unknown } | null;
}

function toFinishReason(value: unknown): FinishReason {
  return typeof value === 'string' ? FINISH_REASONS[value] ?? 'unknown' : 'unknown';
}

function toUsage(value: CompletionChunk['usage']): TokenUsage | undefined {
  if (!value || typeof value.prompt_tokens !== 'number' || typeof value.completion_tokens !== 'number') return undefined;
  const total = typeof value.total_tokens === 'number' ? value.total_tokens : value.prompt_tokens + value.completion_tokens;
  return { promptTokens: value.prompt_tokens, completionTokens: value.completion_tokens, totalTokens: total };
}

/** What the events of one stream added up to. */
class StreamState {
  text = '';
  usage: TokenUsage | undefined;
  finishReason: FinishReason | undefined;
  sawDone = false;
  events = 0;
  failure: ExpertError | undefined;

  constructor(private readonly options: CompletionReadOptions) {}

  onEvent(event: EventSourceMessage): void {
    if (this.sawDone || this.failure) return;
    this.events += 1;
    const id = this.options.expertId;
    if (event.data === '[DONE]') {
      this.sawDone = true;
      return;
    }
    if (event.event === 'error') {
      this.failure = new ExpertError('streamError', id, `${id}: the server reported an error mid-stream: ${summariseErrorBody(event.data, null)}`);
      return;
    }
    let chunk: CompletionChunk;
    try {
      chunk = JSON.parse(event.data) as CompletionChunk;
    } catch {
      this.failure = new ExpertError('malformedStream', id, `${id}: invalid JSON in stream event #${this.events}: ${event.data.slice(0, 80)}`);
      return;
    }
    const serverError = jsonErrorMessage(chunk);
    if (serverError !== undefined && chunk.choices === undefined) {
      this.failure = new ExpertError('streamError', id, `${id}: the server reported an error mid-stream: ${serverError}`);
      return;
    }
    const choice = chunk.choices?.[0];
    const content = choice?.delta?.content;
    if (typeof content === 'string' && content !== '') {
      this.text += content;
      this.options.onToken(content);
    }
    if (choice?.finish_reason != null) this.finishReason = toFinishReason(choice.finish_reason);
    this.usage = toUsage(chunk.usage) ?? this.usage;
  }

  onParseError(error: ParseError): void {
    if (error.type === 'max-buffer-size-exceeded' && !this.failure) {
      this.failure = new ExpertError('malformedStream', this.options.expertId, `${this.options.expertId}: an event or line of the stream exceeded ${MAX_EVENT_CHARS} characters`);
      return;
    }
    // Unknown fields are ignored by the SSE spec once a stream is established; before the first
    // event they mean the body is not an event stream at all.
    if (this.events === 0 && !this.failure) {
      this.failure = notEventStream(this.options.expertId, `got: ${(error.line ?? error.message).slice(0, 120)}`);
    }
  }
}

function looksLikeEventStream(text: string): boolean {
  const start = text.trimStart();
  return start === '' || /^(data|event|id|retry)?:/.test(start);
}

async function readEventStream(response: Response, options: CompletionReadOptions, declared: boolean): Promise<ExpertStreamResult> {
  const id = options.expertId;
  if (!response.body) throw notEventStream(id, 'got an empty body');
  const state = new StreamState(options);
  const parser = createParser({
    onEvent: (e) => state.onEvent(e),
    onError: (e) => state.onParseError(e),
    maxBufferSize: MAX_EVENT_CHARS,
  });
  const decoder = new TextDecoder('utf-8');
  const reader = response.body.getReader();
  let first = true;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await options.raceAbort(reader.read());
      if (done) {
        finished = true;
        break;
      }
      options.onActivity();
      if (first && value.byteLength >= 2 && value[0] === 0x1f && value[1] === 0x8b) {
        throw new ExpertError('malformedStream', id, `${id}: the body is gzip-compressed but the server did not declare Content-Encoding`);
      }
      const text = decoder.decode(value, { stream: true });
      if (first && !declared && !looksLikeEventStream(text)) throw notEventStream(id, `got: ${text.slice(0, 120)}`);
      first = first && text.trim() === '';
      parser.feed(text);
      if (state.failure) throw state.failure;
      if (state.sawDone) break;
    }
  } finally {
    if (!finished) void reader.cancel().catch(() => undefined);
  }
  if (state.failure) throw state.failure;
  parser.feed(decoder.decode());
  parser.reset({ consume: true });
  if (state.failure) throw state.failure;
  if (!state.sawDone && state.finishReason === undefined) {
    throw state.events === 0
      ? notEventStream(id, 'got a body without any events')
      : new ExpertError('truncatedStream', id, `${id}: the stream ended before the answer was complete (no finish_reason and no [DONE])`);
  }
  // A finish_reason without [DONE] is a complete answer from a lax server: accept it.
  return { text: state.text, usage: state.usage, finishReason: state.finishReason ?? 'stop' };
}
