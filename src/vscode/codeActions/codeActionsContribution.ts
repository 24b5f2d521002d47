import * as vscode from 'vscode';
import type { CoeServices } from '../core/services';
import type { StoredAttachment } from '../chat/conversationStore';
import { selectionAttachment } from '../chat/attachments';
import { abortSignalFrom, runRoutedRequest } from '../chat/routedRequest';
import { CODE_ACTIONS as ACTIONS } from './codeActionProvider';
import type { DiffProposals } from './diffPreview';
import { extractCode, instructionFor, preserveTrailingNewline, type CodeActionIntent } from './extractCode';

export interface ChatPanelPort {
  /** Asks in the chat panel (opening it), with the given attachments. */
  ask(text: string, attachments: StoredAttachment[]): Promise<void>;
}

/** The editor and range an action applies to: the arguments of a code action, else the active selection. */
async function target(uri?: vscode.Uri, range?: vscode.Range): Promise<{ editor: vscode.TextEditor; range: vscode.Range } | undefined> {
  if (uri && range) {
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === document) ?? (await vscode.window.showTextDocument(document));
    return { editor, range };
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return undefined;
  return { editor, range: editor.selection };
}

/**
 * Fix / Document / Write tests: route the request like any other (source "codeAction", so the
 * inspector shows it), then show the result as a diff the user accepts or rejects.
 */
async function proposeEdit(services: CoeServices, proposals: DiffProposals, intent: CodeActionIntent, editor: vscode.TextEditor, range: vscode.Range): Promise<boolean> {
  const { document } = editor;
  const attachment = selectionAttachment(editor, range);
  if (!attachment) return false;
  const title = ACTIONS.find((a) => a.intent === intent)?.title ?? 'CoE';
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `${title}: asking the expert…`, cancellable: true },
    async (_progress, token) => {
      const bridge = abortSignalFrom(token);
      try {
        return await runRoutedRequest(services, { source: 'codeAction', text: instructionFor(intent, document.languageId), attachments: [attachment], signal: bridge.signal }, () => undefined);
      } finally {
        bridge.dispose();
      }
    },
  );
  if (outcome.type === 'error') {
    void vscode.window.showErrorMessage(`${title} failed: ${outcome.message}`);
    return false;
  }
  if (outcome.finishReason === 'cancelled' || outcome.text.trim() === '') return false;
  const code = extractCode(outcome.text);
  const original = document.getText(range);
  const name = document.uri.path.split('/').pop() ?? 'file';
  if (intent === 'tests') {
    const end = document.lineAt(range.end.line).range.end;
    return proposals.propose({ document, range: new vscode.Range(end, end), newText: `\n\n${code}\n`, title: `${title} — ${name}` });
  }
  return proposals.propose({ document, range, newText: preserveTrailingNewline(original, code), title: `${title} — ${name}` });
}

/** The commands behind the code actions; the provider itself is registered at activation (codeActionProvider.ts). */
export function registerCodeActions(services: CoeServices, panel: ChatPanelPort, proposals: DiffProposals): vscode.Disposable {
  const commands = ACTIONS.map(({ intent, command }) =>
    vscode.commands.registerCommand(command, async (uri?: vscode.Uri, range?: vscode.Range) => {
      const found = await target(uri, range);
      if (!found) {
        void vscode.window.showInformationMessage('CoE: select some code first.');
        return false;
      }
      if (intent === 'explain') {
        const attachment = selectionAttachment(found.editor, found.range);
        if (attachment) await panel.ask(instructionFor('explain', found.editor.document.languageId), [attachment]);
        return true;
      }
      return proposeEdit(services, proposals, intent, found.editor, found.range);
    }));
  return vscode.Disposable.from(...commands);
}
