import type { CalibrationViewState } from '../calibration/calibrationView';

/**
 * Messages between the calibration view and its host. The webview renders state and sends intents;
 * it never computes scores or mappings, and the host re-reads every mapping from its own state
 * (an index into its frontier), so a message cannot write an arbitrary table into settings.
 */
export type CalibrationHostToView =
  | { type: 'state'; state: CalibrationViewState | null; running: boolean }
  | { type: 'notice'; level: 'info' | 'error'; text: string };

export type CalibrationViewToHost =
  | { type: 'ready' }
  | { type: 'calibrate' }
  | { type: 'exportScores' }
  /** Apply the frontier point at `pointIndex` (cheapest first) of the state last sent. */
  | { type: 'apply'; pointIndex: number };

/** What the webview keeps across reloads with getState/setState. */
export interface CalibrationViewSaved {
  selectedPoint: number | null;
}

/** Validates a message from the webview; anything malformed is dropped (null). */
export function parseCalibrationViewMessage(message: unknown): CalibrationViewToHost | null {
  if (typeof message !== 'object' || message === null) return null;
  const m = message as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'calibrate':
    case 'exportScores':
      return { type: m.type };
    case 'apply':
      return Number.isInteger(m.pointIndex) && (m.pointIndex as number) >= 0 ? { type: 'apply', pointIndex: m.pointIndex as number } : null;
    default:
      return null;
  }
}
