import * as vscode from 'vscode';
import type { CodeBlockAction } from '../../common/protocol/chatProtocol';
import type { DiffProposals } from '../codeActions/diffPreview';
import { currentTextEditor } from './attachments';

/**
 * What a code block's buttons do in the editor. Apply never writes directly: it replaces the
 * selection (or, with nothing selected, the whole file) through a diff the user accepts or rejects.
 */
export async function handleCodeBlock(action: CodeBlockAction, code: string, proposals: DiffProposals): Promise<void> {
  if (action === 'copy') {
    await vscode.env.clipboard.writeText(code);
    vscode.window.setStatusBarMessage('CoE: code copied', 2000);
    return;
  }
  const editor = currentTextEditor();
  if (!editor) {
    void vscode.window.showInformationMessage('CoE: open a file to insert or apply the code block.');
    return;
  }
  if (action === 'insert') {
    const position = editor.selection.active;
    await editor.edit((builder) => builder.insert(position, code));
    return;
  }
  const { document, selection } = editor;
  const range = selection.isEmpty ? new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)) : selection;
  const name = document.uri.path.split('/').pop() ?? 'file';
  await proposals.propose({ document, range, newText: code, title: `CoE: Apply code block — ${name}` });
}
