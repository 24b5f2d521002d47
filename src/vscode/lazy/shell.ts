import * as vscode from 'vscode';
import { registerCodeActionProvider } from '../codeActions/codeActionProvider';
import { DecisionLog } from '../core/decisionLog';
import type { ShellRegistrations } from '../core/shellRegistrations';
import { createStatusBarItem } from '../features/statusBar';
import { DeferredChatParticipant, DeferredWebviewView, PlaceholderCommands } from './deferredRegistrations';
import { FeatureLoader } from './featureLoader';
import { contributedWebviewViews, shellCommandIds } from './manifest';

const PARTICIPANT_ID = 'coe.participant';

/**
 * Everything activation does: registrations only. Commands, webview views and `@coe` get stand-ins that
 * load dist/features.js on first use; the code-action provider and the status bar item are the real ones
 * (they need nothing heavy). Nothing here imports zod, the router or any feature's implementation —
 * scripts/build.mjs fails the build if the activation bundle grows a dependency.
 */
export function activateShell(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  const manifest: unknown = context.extension.packageJSON;
  const decisions = new DecisionLog();
  const statusBarItem = createStatusBarItem();
  const load = (reason: string): boolean => loader.ensureLoaded(reason);
  const views = new Map(contributedWebviewViews(manifest).map((id) => [id, new DeferredWebviewView(id, load)]));
  const participant = new DeferredChatParticipant(load);
  const placeholders = new PlaceholderCommands(shellCommandIds(manifest), load);
  const shell: ShellRegistrations = {
    statusBarItem,
    decisions,
    provideWebviewView(viewId, provider) {
      const view = views.get(viewId);
      if (!view) throw new Error(`"${viewId}" is not a webview view in package.json's contributes.views`);
      return view.supply(provider);
    },
    provideChatParticipant: (handler, followups) => participant.supply(handler, followups),
  };
  const loader = new FeatureLoader(context, log, shell, () => placeholders.dispose());
  context.subscriptions.push(
    decisions,
    statusBarItem,
    placeholders,
    ...[...views].map(([id, view]) => vscode.window.registerWebviewViewProvider(id, view)),
    participant.register(PARTICIPANT_ID, vscode.Uri.joinPath(context.extensionUri, 'media', 'coe.svg')),
    registerCodeActionProvider(),
  );
}
