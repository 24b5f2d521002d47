import * as vscode from 'vscode';
import type { Contribution } from '../core/contribution';
import { SHOW_LOG_COMMAND } from '../core/notifications';

/** Commands that belong to no panel: the log and reloading the router. */
export const coreCommands: Contribution = {
  name: 'core commands',
  register: (services) =>
    vscode.Disposable.from(
      vscode.commands.registerCommand(SHOW_LOG_COMMAND, () => services.log.show()),
      vscode.commands.registerCommand('coe.reloadRouter', () => {
        services.router.reload();
        services.log.info('router reload requested');
      }),
    ),
};
