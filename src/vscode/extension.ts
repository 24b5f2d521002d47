import * as vscode from 'vscode';
import { CONTRIBUTIONS } from './contributions';
import { notifyFeatureFailure } from './core/notifications';
import { createServices } from './core/services';
import { saveDecisionLogsBeforeExit } from './core/decisionLog';

/** Switchboard: create the services, register each feature; one failing feature never blocks the rest. */
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('CoE', { log: true });
  context.subscriptions.push(log);
  const services = createServices(context, log);
  for (const contribution of CONTRIBUTIONS) {
    try {
      context.subscriptions.push(contribution.register(services));
    } catch (error) {
      notifyFeatureFailure(contribution.name, error, log);
    }
  }
  services.config.reportIssues();
  log.info(`activated in ${(performance.now() - started).toFixed(1)} ms`);
}

/** VS Code waits for this (bounded): the last decision-history save. The rest goes with context.subscriptions. */
export function deactivate(): Promise<unknown> {
  return saveDecisionLogsBeforeExit();
}
