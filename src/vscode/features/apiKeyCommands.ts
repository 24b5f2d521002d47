import * as vscode from 'vscode';
import type { Contribution } from '../core/contribution';
import type { CoeServices } from '../core/services';

export const SET_API_KEY_COMMAND = 'coe.setApiKey';
export const CLEAR_API_KEY_COMMAND = 'coe.clearApiKey';

async function pickExpert(services: CoeServices, placeHolder: string, onlyWithKey: boolean): Promise<string | undefined> {
  const items: (vscode.QuickPickItem & { id: string })[] = [];
  for (const expert of services.config.config.experts) {
    const hasKey = (await services.secrets.get(expert.id)) !== undefined;
    if (onlyWithKey && !hasKey) continue;
    items.push({
      id: expert.id,
      label: expert.displayName ?? expert.id,
      description: expert.id,
      detail: `${expert.kind === 'openai' ? expert.baseUrl ?? '' : `VS Code model ${expert.model}`}${hasKey ? ' · key set' : ''}`,
    });
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage(onlyWithKey ? 'CoE: no expert has an API key stored.' : 'CoE: no experts are configured (setting "coe.experts").');
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { placeHolder }))?.id;
}

/**
 * API keys live only in SecretStorage. Both commands accept an expert id (and, for set, the key) as
 * arguments so other features and tests can call them without the pickers.
 */
export const apiKeyCommands: Contribution = {
  name: 'API key commands',
  register: (services) =>
    vscode.Disposable.from(
      vscode.commands.registerCommand(SET_API_KEY_COMMAND, async (expertArg?: string, keyArg?: string) => {
        const expertId = expertArg ?? (await pickExpert(services, 'Set the API key of which expert?', false));
        if (!expertId) return false;
        const key = keyArg ?? (await vscode.window.showInputBox({
          prompt: `API key for expert "${expertId}" (stored in VS Code's secret storage, never in settings)`,
          password: true,
          ignoreFocusOut: true,
          validateInput: (value) => (value.trim() === '' ? 'The key cannot be empty' : undefined),
        }));
        if (!key) return false;
        await services.secrets.set(expertId, key.trim());
        services.log.info(`API key stored for expert ${expertId}`);
        if (!keyArg) void vscode.window.showInformationMessage(`CoE: API key for "${expertId}" saved.`);
        return true;
      }),
      vscode.commands.registerCommand(CLEAR_API_KEY_COMMAND, async (expertArg?: string) => {
        const expertId = expertArg ?? (await pickExpert(services, 'Clear the API key of which expert?', true));
        if (!expertId) return false;
        await services.secrets.delete(expertId);
        services.log.info(`API key cleared for expert ${expertId}`);
        if (!expertArg) void vscode.window.showInformationMessage(`CoE: API key for "${expertId}" removed.`);
        return true;
      }),
    ),
};
