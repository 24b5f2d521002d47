// Entry of dist/features.js, loaded on first use by the activation shell (featureLoader.ts): the services
// (settings through the zod schema, the lazily created router) and every feature's implementation.
import type * as vscode from 'vscode';
import { CONTRIBUTIONS } from '../contributions';
import { notifyFeatureFailure } from '../core/notifications';
import { createServices } from '../core/services';
import type { ShellRegistrations } from '../core/shellRegistrations';

/** Creates the services and registers each feature; one failing feature never blocks the rest. */
export function activateFeatures(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, shell: ShellRegistrations): void {
  const services = createServices(context, log, shell);
  for (const contribution of CONTRIBUTIONS) {
    try {
      context.subscriptions.push(contribution.register(services));
    } catch (error) {
      notifyFeatureFailure(contribution.name, error, log);
    }
  }
  // Settings are validated here, at first use, which is also right after activation: every activation
  // event of this extension (a view, a command, @coe) is itself a use.
  services.config.reportIssues();
}
