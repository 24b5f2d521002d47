import type { ClassifierResult } from '../../common/routing/decision';
import type { RouterBundle } from '../../common/router/bundle';

/** Messages from the RouterService to its worker thread. */
export type WorkerRequest =
  | { type: 'load'; id: number; dir: string; intraOpNumThreads: number }
  | { type: 'classify'; id: number; text: string }
  /** Test and diagnostics only: makes the worker throw an uncaught error (crash drill). */
  | { type: 'crash'; id: number };

/** Messages from the worker back to the service; each answers the request with the same id. */
export type WorkerResponse =
  | { type: 'loaded'; id: number; bundle: RouterBundle; loadMs: number }
  | { type: 'result'; id: number; result: ClassifierResult }
  | { type: 'error'; id: number; message: string; bundleError: boolean };
