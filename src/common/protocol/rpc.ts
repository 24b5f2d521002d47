/**
 * A tiny typed request/reply layer over `postMessage`, shared by extension hosts and webviews.
 * Fire-and-forget messages stay plain discriminated unions; this covers the few calls that need an
 * answer (e.g. "which expert would this text go to?"). Method maps are declared per panel:
 * `{ previewRoute: { params: { text: string }; result: RoutePreview } }`.
 */
export type RpcMethods = Record<string, { params: unknown; result: unknown }>;

export interface RpcRequest<M extends RpcMethods = RpcMethods, K extends keyof M & string = keyof M & string> {
  kind: 'rpcRequest';
  id: number;
  method: K;
  params: M[K]['params'];
}

export type RpcReply =
  | { kind: 'rpcReply'; id: number; ok: true; result: unknown }
  | { kind: 'rpcReply'; id: number; ok: false; error: string };

export class RpcError extends Error {
  override readonly name = 'RpcError';
}

export function isRpcReply(message: unknown): message is RpcReply {
  return typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === 'rpcReply';
}

export function isRpcRequest(message: unknown): message is RpcRequest {
  return typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === 'rpcRequest';
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** The calling side: `call` posts a request, `accept` must be fed every incoming message. */
export class RpcClient<M extends RpcMethods> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly post: (message: RpcRequest<M>) => void,
    private readonly timeoutMs = 10_000,
  ) {}

  call<K extends keyof M & string>(method: K, params: M[K]['params']): Promise<M[K]['result']> {
    const id = this.nextId++;
    return new Promise<M[K]['result']>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RpcError(`${method}: no reply within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      this.post({ kind: 'rpcRequest', id, method, params } as RpcRequest<M>);
    });
  }

  /** Returns true when the message was a reply (and consumed). */
  accept(message: unknown): boolean {
    if (!isRpcReply(message)) return false;
    const waiting = this.pending.get(message.id);
    if (!waiting) return true;
    this.pending.delete(message.id);
    clearTimeout(waiting.timer);
    if (message.ok) waiting.resolve(message.result);
    else waiting.reject(new RpcError(message.error));
    return true;
  }

  dispose(): void {
    for (const waiting of this.pending.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(new RpcError('the panel was closed'));
    }
    this.pending.clear();
  }
}

export type RpcHandlers<M extends RpcMethods> = {
  [K in keyof M]: (params: M[K]['params']) => Promise<M[K]['result']> | M[K]['result'];
};

/** The answering side: runs the handler and posts exactly one reply, an error included. */
export async function answerRpc<M extends RpcMethods>(
  request: RpcRequest,
  handlers: RpcHandlers<M>,
  post: (reply: RpcReply) => void,
): Promise<void> {
  const handler = (handlers as Record<string, ((params: unknown) => unknown) | undefined>)[request.method];
  if (!handler) {
    post({ kind: 'rpcReply', id: request.id, ok: false, error: `unknown method "${request.method}"` });
    return;
  }
  try {
    post({ kind: 'rpcReply', id: request.id, ok: true, result: await handler(request.params) });
  } catch (error) {
    post({ kind: 'rpcReply', id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
}
