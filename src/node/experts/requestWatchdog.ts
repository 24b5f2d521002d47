/**
 * One AbortController per HTTP request that fires for the caller's cancellation, for the connect
 * timeout (until the response headers arrive) and for the idle timeout (no bytes for a while),
 * and remembers which of the timeouts fired so the error can say so.
 */
export class RequestWatchdog {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private phase: 'connectTimeout' | 'idleTimeout' = 'connectTimeout';
  timedOut: 'connectTimeout' | 'idleTimeout' | undefined;

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
