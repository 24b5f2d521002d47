/** Returned instead of running a task once the run was cancelled. */
export const SKIPPED: unique symbol = Symbol('skipped');

export type CallLimiter = <T>(task: () => Promise<T>, urgent?: boolean) => Promise<T | typeof SKIPPED>;

/**
 * Runs at most `limit` tasks at a time. Urgent tasks (judgments of answers already in hand) go before
 * the others, so an interrupted run has judged most of what it asked. Once `signal` is aborted, queued
 * tasks are not started (they resolve to SKIPPED): cancelling stops new calls at once.
 */
export function createCallLimiter(limit: number, signal: AbortSignal): CallLimiter {
  const urgentQueue: (() => void)[] = [];
  const queue: (() => void)[] = [];
  let running = 0;
  const next = () => {
    if (running >= limit) return;
    const start = urgentQueue.shift() ?? queue.shift();
    if (start) start();
  };
  return <T>(task: () => Promise<T>, urgent = false) =>
    new Promise<T | typeof SKIPPED>((resolve, reject) => {
      (urgent ? urgentQueue : queue).push(() => {
        if (signal.aborted) {
          resolve(SKIPPED);
          next();
          return;
        }
        running += 1;
        task().then(resolve, reject).finally(() => {
          running -= 1;
          next();
        });
      });
      next();
    });
}
