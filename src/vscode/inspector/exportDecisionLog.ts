import * as vscode from 'vscode';
import type { DecisionRecord } from '../../common/decisions/decisionRecord';
import { exportDecisions, type ExportFormat } from '../../node/decisions/decisionExport';

export const EXPORT_DECISION_LOG_COMMAND = 'coe.exportDecisionLog';

/**
 * Asks where to save and writes the log as JSONL or CSV (chosen by the file name's extension).
 * Returns the file written, or undefined when the user cancelled (a quiet result, not an error).
 */
export async function exportDecisionLog(records: readonly DecisionRecord[], includePromptText: boolean, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  if (records.length === 0) {
    void vscode.window.showInformationMessage('CoE: the decision log is empty — nothing has been routed in this workspace yet.');
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const stamp = new Date().toISOString().slice(0, 10);
  const uri = target ?? await vscode.window.showSaveDialog({
    title: 'Export CoE decision log',
    saveLabel: 'Export',
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `coe-decisions-${stamp}.jsonl`) } : {}),
    filters: { 'JSON Lines': ['jsonl'], CSV: ['csv'] },
  });
  if (!uri) return undefined;
  const format: ExportFormat = uri.path.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl';
  const sorted = [...records].sort((a, b) => a.decision.timestamp - b.decision.timestamp);
  const text = exportDecisions(sorted, format, { includePromptText });
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const where = vscode.workspace.asRelativePath(uri);
  void vscode.window.showInformationMessage(`CoE: exported ${records.length} decision(s) as ${format.toUpperCase()} to ${where}.`);
  return uri;
}
