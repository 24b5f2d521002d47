export type TimeoutPhase = 'connectTimeout' | 'responseTimeout' | 'idleTimeout';

/**
 * One AbortController per HTTP request that fires for the caller's cancellation and for three
 * time limits: connecting (connect timeout), waiting for the response headers once the request is
 * sent, and silence in the body (both the idle timeout). It remembers which limit fired so the
 * error can say so.
 */
export class RequestWatchdog {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private phase: TimeoutPhase = 'connectTimeout';
  timedOut: TimeoutPhase | undefined;
  private abortedPromise: Promise<never> | undefined;

  constructor(
    private readonly outer: AbortSignal,
    connectTimeoutMs: number,
    private readonly idleTimeoutMs: number,
  ) {
    if (outer.aborted) this.controller.abort(outer.reason);
    else outer.addEventListener('abort', this.onOuterAbort, { once: true });
    this.arm(connectTimeoutMs);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /**
   * Settles `promise`, or rejects as soon as the request is aborted, whether or not the HTTP stack
   * reacts to the abort promptly: cancellation must take effect within 100 ms even on a busy machine.
   */
  race<T>(promise: Promise<T>): Promise<T> {
    promise.catch(() => undefined); // the loser of the race must not become an unhandled rejection
    this.abortedPromise ??= new Promise<never>((_, reject) => {
      const fail = () => reject(new DOMException('The request was aborted', 'AbortError'));
      if (this.signal.aborted) fail();
      else this.signal.addEventListener('abort', fail, { once: true });
    });
    this.abortedPromise.catch(() => undefined);
    return Promise.race([promise, this.abortedPromise]);
  }

  /** The request is on the wire: the server may take a while (loading a model) before it answers. */
  requestSent(): void {
    if (this.phase !== 'connectTimeout') return;
    this.phase = 'responseTimeout';
    this.arm(this.idleTimeoutMs);
  }

  /** Headers are in: from now on only silence counts. */
  connected(): void {
    this.phase = 'idleTimeout';
    this.arm(this.idleTimeoutMs);
  }

  /** Bytes arrived: restart the idle timer (refresh avoids allocating a timer per chunk). */
  activity(): void {
    this.timer?.refresh();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.outer.removeEventListener('abort', this.onOuterAbort);
  }

  private arm(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timedOut = this.phase;
      this.controller.abort(new Error(this.phase));
    }, ms);
  }

  private readonly onOuterAbort = (): void => {
    clearTimeout(this.timer);
    this.controller.abort(this.outer.reason);
  };
}
