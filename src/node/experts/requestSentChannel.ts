import diagnosticsChannel from 'node:diagnostics_channel';

/**
 * Tells when Node's fetch (undici) has written a request's headers to a connected socket, so the
 * connect timeout can end there. Without this, "connect timeout" would have to cover the wait for
 * response headers too, and a local server that loads a model before answering (Ollama's first
 * request) would be cut off after a few seconds. Requests are matched by their
 * `x-client-request-id` header; when the channel never fires (another fetch implementation), the
 * connect timeout simply lasts until the response headers arrive.
 */
export const REQUEST_ID_HEADER = 'x-client-request-id';

const CHANNEL = 'undici:client:sendHeaders';
const waiting = new Map<string, () => void>();
let subscribed = false;

/** undici keeps headers as a flat [name, value, …] array (v6+) or as raw "name: value\r\n" text. */
function requestIdOf(headers: unknown): string | undefined {
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) {
      if (String(headers[i]).toLowerCase() === REQUEST_ID_HEADER) return String(headers[i + 1]);
    }
    return undefined;
  }
  if (typeof headers === 'string') {
    return new RegExp(`^${REQUEST_ID_HEADER}:\\s*(\\S+)`, 'im').exec(headers)?.[1];
  }
  return undefined;
}

function onSendHeaders(message: unknown): void {
  if (waiting.size === 0 || typeof message !== 'object' || message === null || !('request' in message)) return;
  const request = message.request;
  const id = typeof request === 'object' && request !== null && 'headers' in request ? requestIdOf(request.headers) : undefined;
  if (id === undefined) return;
  const callback = waiting.get(id);
  waiting.delete(id);
  callback?.();
}

/** Calls `onSent` once the request tagged with `requestId` is on the wire; returns an unsubscribe. */
export function whenRequestSent(requestId: string, onSent: () => void): () => void {
  if (!subscribed) {
    diagnosticsChannel.subscribe(CHANNEL, onSendHeaders);
    subscribed = true;
  }
  waiting.set(requestId, onSent);
  return () => waiting.delete(requestId);
}
