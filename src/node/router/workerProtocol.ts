import type { ClassifierResult } from '../../common/routing/decision';
import type { RouterBundle } from '../../common/router/bundle';
import type { RouterAdapter } from '../../common/teach/adapter';
import type { GatePolicy } from '../../common/teach/gate';
import type { TeachOutcome } from '../../common/teach/teachRouter';
import type { CanaryPrompt, LabelledText } from '../../common/teach/teachRows';
import type { AdapterTrainingOptions } from '../../common/teach/trainAdapter';

/** Messages from the RouterService to its worker thread. */
export type WorkerRequest =
  | { type: 'load'; id: number; dir: string; intraOpNumThreads: number }
  | { type: 'classify'; id: number; text: string }
  /** Hot swap of the user adapter (null removes it); later classifications use it. */
  | { type: 'setAdapter'; id: number; adapter: RouterAdapter | null; version?: string }
  /** Trains and gates an adapter on labelled prompts against the loaded base model; applies nothing. */
  | {
      type: 'teach';
      id: number;
      items: LabelledText[];
      canary: Pick<CanaryPrompt, 'text' | 'domain'>[];
      /** Rehearsal prompts (no labels): the adapter is trained to leave the base model's output on them. */
      anchors?: string[];
      policy?: Partial<GatePolicy>;
      training?: Partial<AdapterTrainingOptions>;
    }
  /** Test and diagnostics only: makes the worker throw an uncaught error (crash drill). */
  | { type: 'crash'; id: number };

/** Messages from the worker back to the service; each answers the request with the same id. */
export type WorkerResponse =
  | { type: 'loaded'; id: number; bundle: RouterBundle; loadMs: number }
  | { type: 'result'; id: number; result: ClassifierResult }
  | { type: 'adapterSet'; id: number }
  | { type: 'taught'; id: number; outcome: TeachOutcome; unknownLabels: Record<string, number>; trainMs: number }
  /** `errorName` lets the service rethrow typed errors (e.g. AdapterMismatchError). */
  | { type: 'error'; id: number; message: string; bundleError: boolean; errorName?: string };
