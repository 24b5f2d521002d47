import type * as vscode from 'vscode';
import type { DecisionLog } from './decisionLog';

/**
 * What the activation shell (dist/extension.js) registered with VS Code before the features were loaded
 * (dist/features.js, on first use). A feature supplies the implementation behind a registration here
 * instead of registering with VS Code itself, so the registration can exist from activation on.
 */
export interface ShellRegistrations {
  /** Shown from activation on; the status bar feature keeps it current. */
  readonly statusBarItem: vscode.StatusBarItem;
  /** Created by the shell so that `deactivate` (in the shell) reaches the savers registered on it. */
  readonly decisions: DecisionLog;
  /** The provider behind a webview view of package.json's `contributes.views`. */
  provideWebviewView(viewId: string, provider: vscode.WebviewViewProvider): vscode.Disposable;
  /** The handler behind the `@coe` chat participant (registered only where VS Code has the chat API). */
  provideChatParticipant(handler: vscode.ChatRequestHandler, followups?: vscode.ChatFollowupProvider): vscode.Disposable;
}
