import * as vscode from 'vscode';
import { parseInspectorMessage, type ParsedInspectorMessage } from '../../common/inspector/inspectorMessages';
import type { HostToInspector, InspectorViewKind } from '../../common/protocol/inspectorProtocol';
import { webviewAssetsRoot, webviewHtml } from '../chat/webviewHtml';

export type PostToView = (message: HostToInspector) => void;

/** The behaviour behind one of the inspector's webview views; the provider only hosts it. */
export interface InspectorViewController extends vscode.Disposable {
  readonly kind: InspectorViewKind;
  readonly title: string;
  /** Fires when what the view shows has changed. */
  readonly onDidChange: vscode.Event<void>;
  /** Posts the full current state. */
  render(post: PostToView): void;
  handle(message: ParsedInspectorMessage, post: PostToView): Promise<void>;
}

// State changes can come in bursts (a streamed answer updates its decision many times).
const RENDER_DELAY_MS = 120;

/**
 * Hosts one inspector view in the "CoE" container: strict-CSP page of the shared inspector bundle,
 * validated messages in, view models out; renders only while visible.
 */
export class InspectorViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly viewSubscriptions: vscode.Disposable[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly controller: InspectorViewController,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscription = controller.onDidChange(() => this.scheduleRender());
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.disposeView();
    this.view = view;
    this.ready = false;
    view.webview.options = { enableScripts: true, localResourceRoots: [webviewAssetsRoot(this.extensionUri)] };
    view.webview.html = webviewHtml(view.webview, this.extensionUri, 'inspector', this.controller.title);
    this.viewSubscriptions.push(
      view.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      view.onDidChangeVisibility(() => {
        if (view.visible) this.scheduleRender();
      }),
      view.onDidDispose(() => {
        this.disposeView();
        this.view = undefined;
      }),
    );
  }

  /** Opens the view (creating it if needed). */
  async reveal(viewId: string): Promise<void> {
    if (this.view) this.view.show(false);
    else await vscode.commands.executeCommand(`${viewId}.focus`);
  }

  private readonly post: PostToView = (message) => {
    void this.view?.webview.postMessage(message);
  };

  private receive(raw: unknown): void {
    const message = parseInspectorMessage(raw);
    if (!message) {
      this.log.warn(`${this.controller.title}: ignored a malformed message from the webview`);
      return;
    }
    if (message.type === 'ready') {
      this.ready = true;
      this.post({ type: 'init', view: this.controller.kind });
      this.safeRender();
      return;
    }
    this.controller.handle(message, this.post).catch((error: unknown) => {
      const text = error instanceof Error ? error.message : String(error);
      this.log.error(`${this.controller.title}: ${message.type} failed: ${text}`);
      this.post({ type: 'notice', level: 'error', text });
    });
  }

  private scheduleRender(): void {
    if (this.timer || !this.ready || !this.view?.visible) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.ready && this.view?.visible) this.safeRender();
    }, RENDER_DELAY_MS);
  }

  /** A view that cannot render says why (in the view and the log) instead of staying blank. */
  private safeRender(): void {
    try {
      this.controller.render(this.post);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      this.log.error(`${this.controller.title}: could not render: ${text}`);
      this.post({ type: 'notice', level: 'error', text: `Could not show this view: ${text}` });
    }
  }

  private disposeView(): void {
    for (const s of this.viewSubscriptions.splice(0)) s.dispose();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.disposeView();
    this.subscription.dispose();
  }
}
