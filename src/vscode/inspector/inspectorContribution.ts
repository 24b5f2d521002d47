import * as vscode from 'vscode';
import { CorrectionsStore } from '../../node/feedback/correctionsStore';
import type { Contribution } from '../core/contribution';
import type { CoeServices } from '../core/services';
import { DecisionHistory } from './decisionHistory';
import { EXPORT_DECISION_LOG_COMMAND, exportDecisionLog } from './exportDecisionLog';
import { InspectorViewProvider, type InspectorViewController } from './inspectorViewProvider';
import { MemoryController } from './memoryController';
import { ParamsController } from './paramsController';
import { RoutingInspectorController } from './routingInspectorController';

export const INSPECTOR_VIEW_ID = 'coe.inspectorView';
export const PARAMS_VIEW_ID = 'coe.activeParamsView';
export const MEMORY_VIEW_ID = 'coe.memoryView';

/** Where "This was wrong → it should be X" corrections are kept for teaching the router. */
export function correctionsFile(context: vscode.ExtensionContext): vscode.Uri {
  return vscode.Uri.joinPath(context.globalStorageUri, 'corrections.jsonl');
}

/** The routing inspector, the active-parameter dashboard and the memory-residency view, with their commands. */
export const inspectorContribution: Contribution = {
  name: 'routing inspector',
  register(services: CoeServices): vscode.Disposable {
    const { context, log } = services;
    const history = new DecisionHistory(context, services.decisions, log);
    const corrections = new CorrectionsStore({ file: correctionsFile(context).fsPath });
    const disposables: vscode.Disposable[] = [history];

    const views: [string, string, InspectorViewController][] = [
      [INSPECTOR_VIEW_ID, 'coe.showRoutingInspector', new RoutingInspectorController(services, history, corrections)],
      [PARAMS_VIEW_ID, 'coe.showActiveParameters', new ParamsController(services, history)],
      [MEMORY_VIEW_ID, 'coe.showMemorySimulator', new MemoryController(services)],
    ];
    for (const [viewId, showCommand, controller] of views) {
      const provider = new InspectorViewProvider(context.extensionUri, controller, log);
      disposables.push(
        controller,
        provider,
        services.shell.provideWebviewView(viewId, provider),
        vscode.commands.registerCommand(showCommand, () => provider.reveal(viewId)),
      );
    }
    disposables.push(
      vscode.commands.registerCommand(EXPORT_DECISION_LOG_COMMAND, (target?: vscode.Uri) =>
        exportDecisionLog(services.decisions.all(), history.persistPromptText, target instanceof vscode.Uri ? target : undefined)),
    );
    history.load().catch((error: unknown) => {
      log.error(`decision history: could not load: ${error instanceof Error ? error.message : String(error)}`);
    });
    return vscode.Disposable.from(...disposables.reverse());
  },
};
