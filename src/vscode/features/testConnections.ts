import * as vscode from 'vscode';
import type { ExpertHealth } from '../../common/conversation/expertClient';
import type { Contribution } from '../core/contribution';
import type { CoeServices } from '../core/services';
import { abortSignalFrom, editorClientFactory } from '../chat/routedRequest';

export const TEST_CONNECTIONS_COMMAND = 'coe.testConnections';

export function describeHealth(health: ExpertHealth): string {
  if (!health.reachable) return `✗ ${health.expertId}: ${health.error ?? 'unreachable'}`;
  if (health.modelPresent === false) {
    const offered = health.availableModels?.length ? ` (offered: ${health.availableModels.join(', ')})` : '';
    return `✗ ${health.expertId}: ${health.error ?? 'model missing'}${offered}`;
  }
  return `✓ ${health.expertId}: reachable in ${Math.round(health.latencyMs)} ms${health.modelPresent === null ? ' (model list unavailable)' : ''}`;
}

async function checkAll(services: CoeServices, signal: AbortSignal): Promise<ExpertHealth[]> {
  const config = services.config.config;
  const clientFor = await editorClientFactory(services, config.experts);
  return Promise.all(config.experts.map((expert) => clientFor(expert).health(signal)));
}

/** Checks every expert endpoint (reachable, model offered, key accepted) and reports per expert. */
export const testConnections: Contribution = {
  name: 'test connections',
  register: (services) =>
    vscode.commands.registerCommand(TEST_CONNECTIONS_COMMAND, async () => {
      const results = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'CoE: testing expert connections…', cancellable: true },
        async (_progress, token) => {
          const bridge = abortSignalFrom(token);
          try {
            return await checkAll(services, bridge.signal);
          } finally {
            bridge.dispose();
          }
        },
      );
      const lines = results.map(describeHealth);
      for (const line of lines) services.log.info(`connection test: ${line}`);
      const failed = lines.filter((l) => l.startsWith('✗'));
      const summary = failed.length === 0
        ? `CoE: all ${results.length} experts are reachable.`
        : `CoE: ${failed.length} of ${results.length} experts failed — ${failed.join(' · ')}`;
      const show = failed.length === 0 ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
      void show(summary, 'Show Log').then((choice) => {
        if (choice === 'Show Log') services.log.show();
      });
      return results;
    }),
};
