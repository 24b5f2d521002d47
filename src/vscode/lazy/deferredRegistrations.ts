import * as vscode from 'vscode';

/** Tried before the real implementation exists: loads the features; false when they could not load. */
export type LoadFeatures = (reason: string) => boolean;

const FAILED_VIEW_HTML = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none';"></head>
<body><p>CoE could not start this view. Run <b>CoE: Show Log</b> for the details.</p></body></html>`;

/**
 * Registered at activation for a webview view of package.json. VS Code asks it to resolve the view when
 * the view is first shown; that loads the features, which supply the real provider (`supply`).
 */
export class DeferredWebviewView implements vscode.WebviewViewProvider {
  private provider: vscode.WebviewViewProvider | undefined;

  constructor(private readonly viewId: string, private readonly load: LoadFeatures) {}

  supply(provider: vscode.WebviewViewProvider): vscode.Disposable {
    if (this.provider) throw new Error(`a provider for the view "${this.viewId}" was already supplied`);
    this.provider = provider;
    return new vscode.Disposable(() => {
      if (this.provider === provider) this.provider = undefined;
    });
  }

  resolveWebviewView(view: vscode.WebviewView, context: vscode.WebviewViewResolveContext, token: vscode.CancellationToken): void | Thenable<void> {
    if (!this.provider) this.load(`view ${this.viewId}`);
    if (!this.provider) {
      view.webview.html = FAILED_VIEW_HTML;
      return;
    }
    return this.provider.resolveWebviewView(view, context, token);
  }
}

/**
 * The `@coe` participant exists from activation (VS Code needs it registered by then); the handler and
 * follow-ups behind it come with the features.
 */
export class DeferredChatParticipant {
  private supplied: { handler: vscode.ChatRequestHandler; followups?: vscode.ChatFollowupProvider } | undefined;

  constructor(private readonly load: LoadFeatures) {}

  register(participantId: string, iconPath: vscode.Uri): vscode.Disposable {
    // Desktop VS Code has the chat API; code-server and VSCodium may not (the chat panel is the surface there).
    if (typeof vscode.chat?.createChatParticipant !== 'function') return new vscode.Disposable(() => undefined);
    const participant = vscode.chat.createChatParticipant(participantId, (request, context, stream, token) => {
      if (!this.supplied) this.load('@coe');
      if (!this.supplied) throw new Error('CoE could not start @coe. Run "CoE: Show Log" for the details.');
      return this.supplied.handler(request, context, stream, token);
    });
    participant.iconPath = iconPath;
    participant.followupProvider = {
      provideFollowups: (result, context, token) => this.supplied?.followups?.provideFollowups(result, context, token) ?? [],
    };
    return participant;
  }

  supply(handler: vscode.ChatRequestHandler, followups?: vscode.ChatFollowupProvider): vscode.Disposable {
    const supplied = { handler, followups };
    this.supplied = supplied;
    return new vscode.Disposable(() => {
      if (this.supplied === supplied) this.supplied = undefined;
    });
  }
}

/**
 * One placeholder per command, so the palette, menus, keybindings and `executeCommand` find every command
 * from activation on. The first call loads the features — which replace all placeholders with the real
 * commands — and then runs the real command with the same arguments.
 */
export class PlaceholderCommands implements vscode.Disposable {
  private registrations: vscode.Disposable[];

  constructor(ids: readonly string[], load: LoadFeatures) {
    this.registrations = ids.map((id) =>
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        if (!load(`command ${id}`)) return undefined;
        return vscode.commands.executeCommand(id, ...args);
      }));
  }

  dispose(): void {
    for (const registration of this.registrations) registration.dispose();
    this.registrations = [];
  }
}
