import * as vscode from 'vscode';
import { createRoutingEngine, type RouteFunction } from '../../node/router/routingEngine';
import { resolveModelDir } from '../../node/router/defaultModelDir';
import { RouterService, type RouterState } from '../../node/router/routerService';
import type { ConfigService } from './configService';

/** The router for the editor: created on first use, following the `coe.routerModelPath` setting. */
export class RouterHost implements vscode.Disposable {
  private service: RouterService | undefined;
  private modelDir: string;
  private readonly stateChanged = new vscode.EventEmitter<RouterState>();
  readonly onDidChangeState = this.stateChanged.event;
  readonly route: RouteFunction;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly config: ConfigService,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.modelDir = this.currentModelDir();
    this.route = createRoutingEngine(
      { classify: (text, signal) => this.get().classify(text, signal), ensureLoaded: () => this.get().ensureLoaded() },
      () => this.config.config,
    );
    this.subscription = config.onDidChange(() => {
      const dir = this.currentModelDir();
      if (dir === this.modelDir) return;
      this.modelDir = dir;
      this.log.info(`router model path changed to ${dir}`);
      this.service?.setModelDir(dir);
    });
  }

  get state(): RouterState {
    return this.service?.state ?? 'idle';
  }

  /** The underlying service, created on first use (never at activation). */
  get(): RouterService {
    if (!this.service) {
      this.service = new RouterService({
        modelDir: this.modelDir,
        workerPath: vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'routerWorker.js').fsPath,
        log: (level, message) => this.log[level](message),
      });
      this.service.onStateChange((s) => this.stateChanged.fire(s));
    }
    return this.service;
  }

  /** Drops a failed or crashed model and loads it again on next use. */
  reload(): void {
    this.service?.setModelDir(this.modelDir);
  }

  private currentModelDir(): string {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? this.context.extensionUri.fsPath;
    return resolveModelDir(this.config.config.routerModelPath, this.context.extensionUri.fsPath, folder);
  }

  dispose(): void {
    this.subscription.dispose();
    this.service?.dispose();
    this.stateChanged.dispose();
  }
}
