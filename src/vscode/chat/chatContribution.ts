import * as vscode from 'vscode';
import { registerCodeActions } from '../codeActions/codeActionsContribution';
import { DiffProposals } from '../codeActions/diffPreview';
import type { Contribution } from '../core/contribution';
import { ChatController } from './chatController';
import { CHAT_VIEW_ID, ChatViewProvider } from './chatViewProvider';

export const OPEN_CHAT_COMMAND = 'coe.chat.open';

/**
 * The chat panel, its commands and the code actions that answer in it. Nothing is read from disk
 * until the panel is first shown or a command runs (activation stays cheap).
 */
export const chatContribution: Contribution = {
  name: 'chat panel',
  register: (services) => {
    const { context } = services;
    const storage = context.storageUri ?? vscode.Uri.joinPath(context.globalStorageUri, 'no-workspace');
    const proposals = new DiffProposals();
    const controller = new ChatController(services, vscode.Uri.joinPath(storage, 'chat').fsPath, proposals);
    const provider = new ChatViewProvider(context.extensionUri, controller, services.log);
    const open = async (): Promise<void> => {
      await provider.reveal();
    };
    return vscode.Disposable.from(
      proposals,
      controller,
      provider,
      services.shell.provideWebviewView(CHAT_VIEW_ID, provider),
      vscode.commands.registerCommand(OPEN_CHAT_COMMAND, open),
      vscode.commands.registerCommand('coe.chat.new', async () => {
        await open();
        await controller.ensureLoaded();
        controller.newConversation();
      }),
      vscode.commands.registerCommand('coe.chat.attachSelection', async () => {
        await controller.ensureLoaded();
        await controller.attach('selection');
        await open();
      }),
      vscode.commands.registerCommand('coe.chat.attachFile', async () => {
        await controller.ensureLoaded();
        await controller.attach('file');
        await open();
      }),
      vscode.commands.registerCommand('coe.rerouteDecision', async (decisionId: unknown, expert: unknown) => {
        if (typeof decisionId !== 'string' || typeof expert !== 'string') return false;
        await open();
        const found = await controller.rerouteDecision(decisionId, expert);
        if (!found) void vscode.window.showInformationMessage('CoE: that request is not in a chat conversation of this workspace, so it cannot be re-run.');
        return found;
      }),
      registerCodeActions(services, { ask: async (text, attachments) => {
        await open();
        await controller.send(text, attachments);
      } }, proposals),
    );
  },
};
