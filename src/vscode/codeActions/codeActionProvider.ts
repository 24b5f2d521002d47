import * as vscode from 'vscode';
import type { CodeActionIntent } from './extractCode';

/**
 * The light-bulb entries on a selection. Only `vscode` here: the activation shell registers this provider,
 * and the commands it names load the features on first use.
 */
export const CODE_ACTIONS: readonly { intent: CodeActionIntent; command: string; title: string; kind: vscode.CodeActionKind }[] = [
  { intent: 'explain', command: 'coe.codeAction.explain', title: 'CoE: Explain', kind: vscode.CodeActionKind.Empty.append('coe.explain') },
  { intent: 'fix', command: 'coe.codeAction.fix', title: 'CoE: Fix', kind: vscode.CodeActionKind.QuickFix.append('coe') },
  { intent: 'document', command: 'coe.codeAction.document', title: 'CoE: Add Documentation', kind: vscode.CodeActionKind.RefactorRewrite.append('coe.document') },
  { intent: 'tests', command: 'coe.codeAction.writeTests', title: 'CoE: Write Tests', kind: vscode.CodeActionKind.RefactorRewrite.append('coe.tests') },
];

class CoeCodeActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = CODE_ACTIONS.map((a) => a.kind);

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    if (range.isEmpty) return [];
    return CODE_ACTIONS.map(({ command, title, kind }) => {
      const action = new vscode.CodeAction(title, kind);
      action.command = { command, title, arguments: [document.uri, range] };
      return action;
    });
  }
}

/** Files and untitled editors: the actions run on text the user owns. */
export function registerCodeActionProvider(): vscode.Disposable {
  const provider = new CoeCodeActionProvider();
  const options = { providedCodeActionKinds: CoeCodeActionProvider.kinds };
  return vscode.Disposable.from(
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, provider, options),
    vscode.languages.registerCodeActionsProvider({ scheme: 'untitled' }, provider, options),
  );
}
