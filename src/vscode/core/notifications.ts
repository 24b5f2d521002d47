import * as vscode from 'vscode';
import type { ConfigIssue } from '../../common/config/parseConfig';

export const SHOW_LOG_COMMAND = 'coe.showLog';

/** Names the offending setting and offers to open it; the full list goes to the log. */
export function notifyConfigIssues(issues: readonly ConfigIssue[], log: vscode.LogOutputChannel): void {
  for (const issue of issues) log.warn(`setting coe.${issue.path}: ${issue.message}`);
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  const setting = `coe.${first.path.split(/[.[]/)[0]}`;
  void vscode.window
    .showWarningMessage(`CoE: invalid setting "coe.${first.path}": ${first.message}${more}. Valid parts are kept.`, 'Open Settings', 'Show Log')
    .then((choice) => {
      if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', setting);
      if (choice === 'Show Log') log.show();
    });
}

/** A feature that failed to start: tell the user once, with a way to the details. */
export function notifyFeatureFailure(feature: string, error: unknown, log: vscode.LogOutputChannel): void {
  const message = error instanceof Error ? error.message : String(error);
  log.error(`feature "${feature}" failed to start: ${message}`);
  void vscode.window.showErrorMessage(`CoE: ${feature} failed to start: ${message}`, 'Show Log').then((choice) => {
    if (choice === 'Show Log') log.show();
  });
}
