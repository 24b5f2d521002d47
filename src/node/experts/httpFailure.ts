import { ExpertError, type ExpertErrorKind } from '../../common/conversation/expertError';

/** Error bodies are read only this far: enough for a message, bounded against huge HTML pages. */
const MAX_ERROR_BODY_BYTES = 16_384;

const CONNECTION_CODES: Readonly<Record<string, ExpertErrorKind>> = {
  ECONNREFUSED: 'connectionRefused',
  ECONNRESET: 'connectionReset',
  EPIPE: 'connectionReset',
  UND_ERR_SOCKET: 'connectionReset',
  UND_ERR_CLOSED: 'connectionReset',
  UND_ERR_CONNECT_TIMEOUT: 'connectTimeout',
  UND_ERR_HEADERS_TIMEOUT: 'connectTimeout',
  UND_ERR_BODY_TIMEOUT: 'idleTimeout',
  ENOTFOUND: 'unavailable',
  EAI_AGAIN: 'unavailable',
  EHOSTUNREACH: 'unavailable',
  ENETUNREACH: 'unavailable',
  Z_DATA_ERROR: 'malformedStream',
  Z_BUF_ERROR: 'malformedStream',
};

/** undici wraps the socket error in `cause`, sometimes in an AggregateError (IPv4 + IPv6 attempts). */
function errorCodes(error: unknown, depth = 0): string[] {
  if (typeof error !== 'object' || error === null || depth > 4) return [];
  const codes: string[] = [];
  if ('code' in error && typeof error.code === 'string') codes.push(error.code);
  if ('cause' in error) codes.push(...errorCodes(error.cause, depth + 1));
  if (error instanceof AggregateError) for (const inner of error.errors) codes.push(...errorCodes(inner, depth + 1));
  return codes;
}

const TRANSPORT_MESSAGES: Readonly<Record<string, string>> = {
  connectionRefused: 'connection refused — is the server running and is baseUrl right?',
  connectionReset: 'the server closed the connection unexpectedly',
  connectTimeout: 'no response from the server in time (connect timeout)',
  idleTimeout: 'the stream stalled (idle timeout)',
  unavailable: 'the host cannot be reached — check baseUrl and the network',
  malformedStream: 'the response body could not be decompressed',
};

/** Maps a rejected fetch or body read to a typed error. */
export function transportError(expertId: string, url: string, error: unknown): ExpertError {
  if (error instanceof ExpertError) return error;
  const codes = errorCodes(error);
  const code = codes.find((c) => c in CONNECTION_CODES);
  if (code !== undefined) {
    const kind = CONNECTION_CODES[code];
    return new ExpertError(kind, expertId, `${expertId}: ${TRANSPORT_MESSAGES[kind]} (${code} at ${url})`, { cause: error });
  }
  // undici says only "fetch failed"; the reason (e.g. "bad port", a TLS error) is in `cause`.
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  const detail = error instanceof Error ? `${error.message}${cause}` : String(error);
  return new ExpertError('unavailable', expertId, `${expertId}: request to ${url} failed: ${detail}`, { cause: error });
}

/** `Retry-After` as seconds or an HTTP date; OpenAI also sends `retry-after-ms`. */
export function parseRetryAfter(headers: Headers, now = Date.now()): number | undefined {
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.has('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export async function readBoundedText(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  try {
    while (bytes < MAX_ERROR_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  return text;
}

function stripHtml(html: string): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html) ?? /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(html);
  const text = (title ? title[1] : html).replace(/<[^>]*>/g, ' ');
  return text.replace(/\s+/g, ' ').trim();
}

/** The human part of an error body: an OpenAI `{error:{message}}`, a framework `detail`, an HTML title. */
export function summariseErrorBody(body: string, contentType: string | null): string {
  const trimmed = body.trim();
  if (trimmed === '') return '';
  if (/html/i.test(contentType ?? '') || /^<(!doctype|html)/i.test(trimmed)) return `HTML page: ${stripHtml(trimmed).slice(0, 160)}`;
  try {
    const parsed = JSON.parse(trimmed) as unknown;
    const message = jsonErrorMessage(parsed);
    if (message !== undefined) return message.slice(0, 300);
  } catch {
    // not JSON: fall through to the raw text
  }
  return trimmed.replace(/\s+/g, ' ').slice(0, 200);
}

/** Finds the message in the error shapes used by OpenAI, vLLM, Ollama and FastAPI servers. */
export function jsonErrorMessage(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const error = record.error;
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null) {
    const message = (error as Record<string, unknown>).message;
    if (typeof message === 'string') return message;
  }
  if (typeof record.message === 'string') return record.message;
  if (typeof record.detail === 'string') return record.detail;
  return undefined;
}

function kindForStatus(status: number): ExpertErrorKind {
  if (status === 429) return 'rateLimited';
  if (status >= 500) return 'serverError';
  if (status === 401 || status === 403) return 'authFailed';
  if (status === 404) return 'notFound';
  if (status === 400 || status === 413 || status === 422) return 'badRequest';
  return 'httpError';
}

const STATUS_HINTS: Partial<Record<ExpertErrorKind, string>> = {
  rateLimited: 'rate limited',
  serverError: 'server error',
  notFound: 'not found — check the model name and that baseUrl ends in /v1',
  badRequest: 'request rejected',
};

/** Turns a non-2xx response into a typed error (reads a bounded part of the body). */
export async function httpStatusError(expertId: string, response: Response, apiKeyHint: string): Promise<ExpertError> {
  const kind = kindForStatus(response.status);
  const summary = summariseErrorBody(await readBoundedText(response), response.headers.get('content-type'));
  const hint = kind === 'authFailed' ? `authentication failed — ${apiKeyHint}` : STATUS_HINTS[kind] ?? 'request failed';
  const message = `${expertId}: HTTP ${response.status} ${hint}${summary ? `: ${summary}` : ''}`;
  return new ExpertError(kind, expertId, message, {
    status: response.status,
    retryAfterMs: parseRetryAfter(response.headers),
  });
}
