import * as vscode from 'vscode';
import { saveDecisionLogsBeforeExit } from './core/decisionLog';
import { activateShell } from './lazy/shell';

/**
 * Registration only (lazy/shell.ts): every feature's implementation, the settings schema and the router
 * live in dist/features.js, loaded on first use. Keep this file free of heavy imports: activation time is
 * the cost of loading this bundle.
 */
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('CoE', { log: true });
  context.subscriptions.push(log);
  activateShell(context, log);
  log.info(`activated in ${(performance.now() - started).toFixed(1)} ms (features load on first use)`);
}

/** VS Code waits for this (bounded): the last decision-history save. The rest goes with context.subscriptions. */
export function deactivate(): Promise<unknown> {
  return saveDecisionLogsBeforeExit();
}
