import { writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { applyMapping, buildCalibrationView, describeChanges, type CalibrationViewState } from '../../common/calibration/calibrationView';
import { toScoresFile } from '../../common/calibration/calibrationResult';
import {
  parseCalibrationViewMessage,
  type CalibrationHostToView,
  type CalibrationViewToHost,
} from '../../common/protocol/calibrationProtocol';
import { webviewAssetsRoot, webviewHtml } from '../chat/webviewHtml';
import type { CoeServices } from '../core/services';
import type { CalibrationRunStore, StoredCalibration } from './calibrationRunStore';

/**
 * The calibration results panel: score heat map, frontier, preview and Apply. It holds the view
 * state it last sent, so an Apply names a frontier point by index and the table comes from here.
 */
export class CalibrationPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private state: CalibrationViewState | null = null;
  private running = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly services: CoeServices,
    private readonly store: CalibrationRunStore,
    private readonly calibrate: () => Promise<void>,
  ) {
    this.disposables.push(services.config.onDidChange(() => this.refresh()));
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal();
      this.refresh();
      return;
    }
    const { extensionUri } = this.services.context;
    this.panel = vscode.window.createWebviewPanel('coe.calibration', 'CoE Calibration', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [webviewAssetsRoot(extensionUri)],
      retainContextWhenHidden: false,
    });
    this.panel.webview.html = webviewHtml(this.panel.webview, extensionUri, 'calibration', 'CoE Calibration');
    this.panel.webview.onDidReceiveMessage((m: unknown) => void this.handle(parseCalibrationViewMessage(m)), undefined, this.disposables);
    this.panel.onDidDispose(() => (this.panel = undefined), undefined, this.disposables);
  }

  setRunning(running: boolean): void {
    this.running = running;
    this.refresh();
  }

  refresh(): void {
    if (!this.panel) return;
    const stored = this.store.get();
    this.state = stored ? this.viewOf(stored) : null;
    this.post({ type: 'state', state: this.state, running: this.running });
  }

  private viewOf(stored: StoredCalibration): CalibrationViewState {
    const config = this.services.config.config;
    const history: Record<string, number> = {};
    for (const record of this.services.decisions.all()) {
      // p(c) is the user's traffic; requests made by a calibration are not.
      if (record.source === 'calibration') continue;
      const category = record.decision.category;
      if (category) history[category] = (history[category] ?? 0) + 1;
    }
    return buildCalibrationView({
      result: stored.result, experts: config.experts, config, history,
      domainOf: (c) => stored.domains[c], routerParams: stored.routerParams, routerSamples: stored.routerSamples,
    });
  }

  private post(message: CalibrationHostToView): void {
    void this.panel?.webview.postMessage(message);
  }

  private async handle(message: CalibrationViewToHost | null): Promise<void> {
    if (!message) return;
    try {
      switch (message.type) {
        case 'ready':
          return this.refresh();
        case 'calibrate':
          return await this.calibrate();
        case 'exportScores':
          return await this.exportScores();
        case 'apply':
          return await this.apply(message.pointIndex);
      }
    } catch (error) {
      this.services.log.error(`calibration view: ${String(error)}`);
      this.post({ type: 'notice', level: 'error', text: error instanceof Error ? error.message : String(error) });
    }
  }

  private async apply(pointIndex: number): Promise<void> {
    const stored = this.store.get();
    const point = this.state?.frontier[pointIndex];
    if (!stored || !point) return this.post({ type: 'notice', level: 'error', text: 'That point is no longer on the frontier; pick it again.' });
    const config = this.services.config.config;
    const { table, changes } = applyMapping(point.mapping, { config, domainOf: (c) => stored.domains[c] });
    if (changes.length === 0) return this.post({ type: 'notice', level: 'info', text: 'The configured table already uses this mapping.' });
    const target = vscode.workspace.isTrusted && vscode.workspace.getConfiguration('coe').inspect('categoryTable')?.workspaceValue !== undefined
      ? vscode.ConfigurationTarget.Workspace
      : vscode.ConfigurationTarget.Global;
    const where = target === vscode.ConfigurationTarget.Workspace ? 'workspace settings' : 'user settings';
    const confirm = await vscode.window.showWarningMessage(
      `Write this category table to your ${where}?`,
      { modal: true, detail: `${describeChanges(changes)}\n\n(coe.categoryTable; the other rows stay as they are)` },
      'Apply',
    );
    if (confirm !== 'Apply') return;
    await vscode.workspace.getConfiguration('coe').update('categoryTable', table, target);
    this.services.log.info(`calibration: applied ${changes.length} table change(s) to ${where}`);
    this.post({ type: 'notice', level: 'info', text: `Applied ${changes.length} change(s) to coe.categoryTable (${where}).` });
  }

  private async exportScores(): Promise<void> {
    const stored = this.store.get();
    if (!stored) return;
    const uri = await vscode.window.showSaveDialog({
      filters: { JSON: ['json'] },
      defaultUri: vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? this.services.context.globalStorageUri, 'calibration-scores.json'),
      title: 'Save scores for coe optimize --scores',
    });
    if (!uri) return;
    const scores = toScoresFile(stored.result, this.services.config.config.experts, stored.routerParams);
    await writeFile(uri.fsPath, `${JSON.stringify(scores, null, 2)}\n`, 'utf8');
    this.post({ type: 'notice', level: 'info', text: `Saved ${uri.fsPath}.` });
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
