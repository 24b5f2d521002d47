import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { estimateTokens } from '../../common/conversation/tokenEstimate';
import type { StoredAttachment } from './conversationStore';

/** The editor the user was last working in; the chat panel having focus does not clear it. */
export function currentTextEditor(): vscode.TextEditor | undefined {
  return vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
}

export function relativeLabel(document: vscode.TextDocument): string {
  return document.isUntitled ? document.fileName : vscode.workspace.asRelativePath(document.uri, false);
}

/** A selection as context: labelled with file and 1-based line range, e.g. `src/app.ts:10-42`. */
export function selectionAttachment(editor: vscode.TextEditor, selection: vscode.Range = editor.selection): StoredAttachment | undefined {
  if (selection.isEmpty) return undefined;
  const content = editor.document.getText(selection);
  const lines = `${selection.start.line + 1}-${selection.end.line + 1}`;
  return {
    id: randomUUID(),
    label: `${relativeLabel(editor.document)}:${lines}`,
    kind: 'selection',
    tokens: estimateTokens(content),
    content,
    language: editor.document.languageId,
  };
}

export function fileAttachment(document: vscode.TextDocument): StoredAttachment {
  const content = document.getText();
  return {
    id: randomUUID(),
    label: relativeLabel(document),
    kind: 'file',
    tokens: estimateTokens(content),
    content,
    language: document.languageId,
  };
}

export function captureAttachment(what: 'selection' | 'file'): StoredAttachment | undefined {
  const editor = currentTextEditor();
  if (!editor) return undefined;
  return what === 'selection' ? selectionAttachment(editor) : fileAttachment(editor.document);
}
