import type * as vscode from 'vscode';
import type { CalibrationResult } from '../../common/calibration/calibrationResult';
import type { Domain } from '../../common/categories';
import type { CalibrationSample } from '../../common/optimize/thresholdSweep';

/** The last calibration of this workspace: what the view shows until the next run. */
export interface StoredCalibration {
  result: CalibrationResult;
  /** Domain of each calibrated category, for table rows keyed by domain. */
  domains: Record<string, Domain>;
  routerParams?: number;
  /** The router's predictions on the calibration prompts, for the threshold sweep. */
  routerSamples?: CalibrationSample[];
  finishedAt: string;
}

const KEY = 'coe.calibration.last';

export class CalibrationRunStore {
  constructor(private readonly memento: vscode.Memento) {}

  get(): StoredCalibration | undefined {
    const value = this.memento.get<StoredCalibration>(KEY);
    // A stored value from an older build without cells is treated as absent rather than crashing the view.
    return value && Array.isArray(value.result?.cells) ? value : undefined;
  }

  async set(value: StoredCalibration): Promise<void> {
    // Samples are per prompt and only needed for aggregation, which is done: keep the memento small.
    await this.memento.update(KEY, { ...value, result: { ...value.result, samples: [] } });
  }
}
