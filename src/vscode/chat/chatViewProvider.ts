import * as vscode from 'vscode';
import { parseWebviewMessage } from '../../common/protocol/chatProtocol';
import type { ChatController } from './chatController';
import { webviewAssetsRoot, webviewHtml } from './webviewHtml';

export const CHAT_VIEW_ID = 'coe.chatView';

/** Hosts the chat webview in the "CoE" activity-bar container; all behaviour lives in ChatController. */
export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private readonly viewSubscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly controller: ChatController,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.disposeView();
    this.view = view;
    view.webview.options = { enableScripts: true, localResourceRoots: [webviewAssetsRoot(this.extensionUri)] };
    view.webview.html = webviewHtml(view.webview, this.extensionUri, 'chat', 'CoE Chat');
    this.controller.attachView((message) => {
      void view.webview.postMessage(message);
    });
    this.viewSubscriptions.push(
      view.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseWebviewMessage(raw);
        if (!message) {
          this.log.warn('chat panel: ignored a malformed message from the webview');
          return;
        }
        this.controller.handle(message).catch((error: unknown) => {
          this.log.error(`chat panel: ${'type' in message ? message.type : message.method} failed: ${error instanceof Error ? error.message : String(error)}`);
        });
      }),
      view.onDidDispose(() => {
        this.controller.attachView(undefined);
        this.view = undefined;
      }),
    );
  }

  get isVisible(): boolean {
    return this.view?.visible ?? false;
  }

  /** Opens the panel (creating the view if needed) and waits until its webview exists. */
  async reveal(): Promise<void> {
    if (this.view) {
      this.view.show(true);
      return;
    }
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
  }

  private disposeView(): void {
    for (const s of this.viewSubscriptions.splice(0)) s.dispose();
  }

  dispose(): void {
    this.disposeView();
  }
}
