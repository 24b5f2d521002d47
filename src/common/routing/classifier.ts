import type { ClassifierResult } from './decision';

/** Anything that can classify a prompt into the bundle's categories (the ONNX worker, a fake in tests). */
export interface Classifier {
  classify(text: string, signal?: AbortSignal): Promise<ClassifierResult>;
}

export class ClassifierTimeoutError extends Error {
  override readonly name = 'ClassifierTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`the router did not answer within ${timeoutMs} ms`);
  }
}

/** Races a classification against a time box; the loser is abandoned, never awaited twice. */
export async function classifyWithin(
  classifier: Classifier,
  text: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ClassifierResult> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Reject first so the race settles as a timeout, then tell the classifier to stop.
      reject(new ClassifierTimeoutError(timeoutMs));
      controller.abort();
    }, timeoutMs);
  });
  try {
    return await Promise.race([classifier.classify(text, controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
