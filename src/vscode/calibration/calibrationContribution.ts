import * as vscode from 'vscode';
import type { CalibrationResult } from '../../common/calibration/calibrationResult';
import type { Contribution } from '../core/contribution';
import { CalibrateCommandArgsSchema, calibrateInEditor } from './calibrationFlow';
import { CalibrationPanel } from './calibrationPanel';
import { CalibrationRunStore } from './calibrationRunStore';

export type CalibrationSummary = Pick<CalibrationResult, 'cells' | 'failures' | 'cancelled' | 'calls'>;

export const CALIBRATE_COMMAND = 'coe.calibrateExperts';
export const SHOW_CALIBRATION_COMMAND = 'coe.showCalibration';

/** "CoE: Calibrate Experts" and the results panel (heat map, frontier, Apply). */
export const calibrationContribution: Contribution = {
  name: 'calibration',
  register(services) {
    const store = new CalibrationRunStore(services.context.workspaceState);
    let running = false;
    /** Resolves to a summary of the run (for automation), or undefined when nothing ran. */
    const calibrate = async (rawArgs?: unknown): Promise<CalibrationSummary | undefined> => {
      if (running) {
        void vscode.window.showInformationMessage('CoE: a calibration is already running.');
        return undefined;
      }
      const parsed = CalibrateCommandArgsSchema.safeParse(rawArgs ?? {});
      if (!parsed.success) {
        void vscode.window.showErrorMessage(`CoE: invalid arguments for ${CALIBRATE_COMMAND}: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
        return undefined;
      }
      running = true;
      panel.setRunning(true);
      try {
        const stored = await calibrateInEditor(services, parsed.data);
        if (!stored) return undefined;
        await store.set(stored);
        panel.show();
        const { result } = stored;
        const summary = `${result.cells.length} scores, ${result.failures.length} failed call(s)${result.cancelled ? ' — cancelled, partial results kept' : ''}`;
        if (result.failures.length > 0 || result.cancelled) {
          // Not awaited: the command's result must not wait for the user to dismiss a notification.
          void vscode.window.showWarningMessage(`CoE calibration: ${summary}.`, 'Show Log').then((action) => {
            if (action === 'Show Log') services.log.show();
          });
        }
        return { cells: result.cells, failures: result.failures, cancelled: result.cancelled, calls: result.calls };
      } catch (error) {
        services.log.error(`calibration failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
        void vscode.window.showErrorMessage(`CoE calibration failed: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      } finally {
        running = false;
        panel.setRunning(false);
      }
    };
    const panel = new CalibrationPanel(services, store, async () => {
      await calibrate();
    });
    return vscode.Disposable.from(
      panel,
      vscode.commands.registerCommand(CALIBRATE_COMMAND, calibrate),
      vscode.commands.registerCommand(SHOW_CALIBRATION_COMMAND, () => panel.show()),
    );
  },
};
