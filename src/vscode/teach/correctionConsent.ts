import * as vscode from 'vscode';
import type { CoeServices } from '../core/services';

const ALLOW = 'Keep Prompt Text';
const DENY = 'Labels Only';

let pending: Promise<boolean> | undefined;

/**
 * Whether a correction may keep its prompt text (the only way it can teach the router). The setting
 * `coe.correctionPromptText` decides; on "ask" the user is asked once, on the first correction, and the
 * answer is written to the user setting so it is visible and changeable in Settings.
 */
export function correctionTextAllowed(services: CoeServices): Promise<boolean> {
  const choice = services.config.config.correctionPromptText;
  if (choice !== 'ask') return Promise.resolve(choice === 'always');
  pending ??= ask(services).finally(() => (pending = undefined));
  return pending;
}

async function ask(services: CoeServices): Promise<boolean> {
  const answer = await vscode.window.showInformationMessage(
    'Keep the prompt text with your routing corrections so the router can learn from them? It stays on this machine and can be deleted with "CoE: Show Router Feedback".',
    ALLOW,
    DENY,
  );
  // Dismissed: ask again next time rather than deciding for the user; this correction keeps no text.
  if (answer === undefined) return false;
  const allowed = answer === ALLOW;
  await vscode.workspace.getConfiguration('coe').update('correctionPromptText', allowed ? 'always' : 'never', vscode.ConfigurationTarget.Global);
  services.log.info(`corrections: prompt text ${allowed ? 'will' : 'will not'} be kept (coe.correctionPromptText)`);
  return allowed;
}
