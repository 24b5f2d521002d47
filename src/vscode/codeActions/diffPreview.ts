import * as vscode from 'vscode';

export const PROPOSAL_SCHEME = 'coe-proposal';
export const ACCEPT_PROPOSAL_COMMAND = 'coe.proposal.accept';
export const REJECT_PROPOSAL_COMMAND = 'coe.proposal.reject';
const CONTEXT_KEY = 'coe.proposalOpen';

export interface EditProposal {
  document: vscode.TextDocument;
  range: vscode.Range;
  newText: string;
  /** Shown as the diff editor's title, e.g. "CoE: Fix — app.ts". */
  title: string;
}

interface Pending {
  proposal: EditProposal;
  uri: vscode.Uri;
  version: number;
  settle: (accepted: boolean) => void;
}

/**
 * Every AI edit is shown as a diff (current file ↔ proposed file) that the user accepts or rejects;
 * nothing is written before that. One proposal at a time: a new one rejects the previous.
 */
export class DiffProposals implements vscode.Disposable, vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private pending: Pending | undefined;
  private nextId = 1;
  private readonly registrations: vscode.Disposable[];

  constructor() {
    this.registrations = [
      vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, this),
      vscode.commands.registerCommand(ACCEPT_PROPOSAL_COMMAND, () => this.settle(true)),
      vscode.commands.registerCommand(REJECT_PROPOSAL_COMMAND, () => this.settle(false)),
    ];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** Opens the diff and resolves true when the edit was accepted and applied, false otherwise. */
  async propose(proposal: EditProposal): Promise<boolean> {
    await this.settle(false);
    const { document, range, newText } = proposal;
    const original = document.getText();
    const proposed = original.slice(0, document.offsetAt(range.start)) + newText + original.slice(document.offsetAt(range.end));
    const name = document.uri.path.split('/').pop() ?? 'file';
    const uri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${this.nextId++}/${name}` });
    this.contents.set(uri.toString(), proposed);
    const decided = new Promise<boolean>((resolve) => {
      this.pending = { proposal, uri, version: document.version, settle: resolve };
    });
    await vscode.commands.executeCommand('setContext', CONTEXT_KEY, true);
    await vscode.commands.executeCommand('vscode.diff', document.uri, uri, `${proposal.title} (proposed)`, { preview: true });
    void vscode.window
      .showInformationMessage(`${proposal.title}: review the proposed change.`, 'Accept', 'Reject')
      .then((choice) => {
        if (choice && this.pending?.uri.toString() === uri.toString()) void this.settle(choice === 'Accept');
      });
    return decided;
  }

  get hasPending(): boolean {
    return this.pending !== undefined;
  }

  private async settle(accept: boolean): Promise<void> {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    await vscode.commands.executeCommand('setContext', CONTEXT_KEY, false);
    let applied = false;
    if (accept) {
      const { document, range, newText } = pending.proposal;
      if (document.version !== pending.version) {
        void vscode.window.showWarningMessage(`CoE: ${document.fileName} changed after the proposal was made; nothing was applied. Run the action again.`);
      } else {
        const edit = new vscode.WorkspaceEdit();
        edit.replace(document.uri, range, newText);
        applied = await vscode.workspace.applyEdit(edit);
      }
    }
    await this.closeDiff(pending.uri);
    this.contents.delete(pending.uri.toString());
    pending.settle(applied);
  }

  private async closeDiff(uri: vscode.Uri): Promise<void> {
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) =>
      tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === uri.toString());
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
  }

  dispose(): void {
    void this.settle(false);
    for (const registration of this.registrations) registration.dispose();
  }
}
