import * as vscode from 'vscode';
import type { Contribution } from '../core/contribution';
import { calibrateInEditor } from './calibrationFlow';
import { CalibrationPanel } from './calibrationPanel';
import { CalibrationRunStore } from './calibrationRunStore';

export const CALIBRATE_COMMAND = 'coe.calibrateExperts';
export const SHOW_CALIBRATION_COMMAND = 'coe.showCalibration';

/** "CoE: Calibrate Experts" and the results panel (heat map, frontier, Apply). */
export const calibrationContribution: Contribution = {
  name: 'calibration',
  register(services) {
    const store = new CalibrationRunStore(services.context.workspaceState);
    let running = false;
    const calibrate = async (): Promise<void> => {
      if (running) {
        void vscode.window.showInformationMessage('CoE: a calibration is already running.');
        return;
      }
      running = true;
      panel.setRunning(true);
      try {
        const stored = await calibrateInEditor(services);
        if (!stored) return;
        await store.set(stored);
        panel.show();
        const { result } = stored;
        const summary = `${result.cells.length} scores, ${result.failures.length} failed call(s)${result.cancelled ? ' — cancelled, partial results kept' : ''}`;
        if (result.failures.length > 0 || result.cancelled) {
          const action = await vscode.window.showWarningMessage(`CoE calibration: ${summary}.`, 'Show Log');
          if (action === 'Show Log') services.log.show();
        }
      } catch (error) {
        services.log.error(`calibration failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
        void vscode.window.showErrorMessage(`CoE calibration failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        running = false;
        panel.setRunning(false);
      }
    };
    const panel = new CalibrationPanel(services, store, calibrate);
    return vscode.Disposable.from(
      panel,
      vscode.commands.registerCommand(CALIBRATE_COMMAND, calibrate),
      vscode.commands.registerCommand(SHOW_CALIBRATION_COMMAND, () => panel.show()),
    );
  },
};
