import * as vscode from 'vscode';
import { CorrectionsStore } from '../../node/feedback/correctionsStore';
import { importFeedbackFile } from './importFeedback';
import { AdapterStore } from '../../node/teach/adapterStore';
import type { Contribution } from '../core/contribution';
import type { CoeServices } from '../core/services';
import { correctionsFile } from '../inspector/inspectorContribution';
import { showRouterFeedback } from './feedbackPicker';
import { describeSummary, TeachController, type TeachSummary } from './teachController';

const ADAPTER_FILTERS = { 'CoE router adapter': ['json'] };

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Teaching the router from corrections: feedback list, teach now, rollback, export/import, auto-retrain. */
export const teachContribution: Contribution = {
  name: 'router teaching',
  register(services: CoeServices): vscode.Disposable {
    const { context, log } = services;
    const corrections = new CorrectionsStore({ file: correctionsFile(context).fsPath });
    const adapters = new AdapterStore(vscode.Uri.joinPath(context.globalStorageUri, 'router-adapters').fsPath);
    const controller = new TeachController(services, corrections, adapters);
    const guard = <T>(what: string, task: () => Promise<T>) => async (): Promise<T | undefined> => {
      try {
        return await task();
      } catch (error) {
        log.error(`${what}: ${errorText(error)}`);
        void vscode.window.showErrorMessage(`CoE: ${what} failed: ${errorText(error)}`);
        return undefined;
      }
    };

    const teachNow = guard('teaching the router', async (): Promise<TeachSummary> => {
      const summary = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'CoE: teaching the router…' },
        () => controller.teachNow('command'),
      );
      const show = summary.accepted ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
      void show(`CoE: ${describeSummary(summary)}`);
      return summary;
    });

    let debounce: ReturnType<typeof setTimeout> | undefined;
    const onChange = (): void => {
      clearTimeout(debounce);
      debounce = setTimeout(() => {
        controller.onCorrectionsChanged().catch((error: unknown) => log.error(`auto-teach: ${errorText(error)}`));
      }, 1000);
    };
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(context.globalStorageUri, 'corrections.jsonl'));

    controller.restore().catch((error: unknown) => log.warn(`router adapter not restored: ${errorText(error)}`));
    return vscode.Disposable.from(
      controller,
      watcher,
      watcher.onDidChange(onChange),
      watcher.onDidCreate(onChange),
      { dispose: () => clearTimeout(debounce) },
      vscode.commands.registerCommand('coe.showRouterFeedback', guard('showing router feedback', () => showRouterFeedback(controller))),
      vscode.commands.registerCommand('coe.teachRouterNow', teachNow),
      vscode.commands.registerCommand('coe.rollbackRouterAdapter', guard('rolling back the router adapter', async () => {
        const version = await controller.rollback();
        void vscode.window.showInformationMessage(version ? `CoE: router adapter ${version} is in use again.` : 'CoE: no router adapter is in use now (the shipped model alone).');
        return version;
      })),
      vscode.commands.registerCommand('coe.importRouterFeedback', (file?: vscode.Uri) => guard('importing labelled prompts', async () => {
        const source = file instanceof vscode.Uri ? file : (await vscode.window.showOpenDialog({ filters: { 'JSON Lines': ['jsonl'] }, title: 'Import labelled prompts ({"text", "label"} per line)' }))?.[0];
        if (!source) return undefined;
        const result = await importFeedbackFile(source.fsPath, corrections);
        void vscode.window.showInformationMessage(`CoE: ${result.imported} labelled prompt(s) imported${result.skipped ? `, ${result.skipped} unreadable line(s) skipped (first: ${result.firstError})` : ''}. Run "CoE: Teach Router Now" to learn from them.`);
        return result;
      })()),
      vscode.commands.registerCommand('coe.exportRouterAdapter', (file?: vscode.Uri) => guard('exporting the router adapter', async () => {
        const target = file instanceof vscode.Uri ? file : await vscode.window.showSaveDialog({ filters: ADAPTER_FILTERS, defaultUri: vscode.Uri.file('router-adapter.json'), title: 'Export router adapter (weights only, no prompts)' });
        if (!target) return undefined;
        const version = await adapters.exportTo(target.fsPath);
        void vscode.window.showInformationMessage(`CoE: router adapter ${version} exported (weights only, no prompt text).`);
        return version;
      })()),
      vscode.commands.registerCommand('coe.importRouterAdapter', (file?: vscode.Uri) => guard('importing a router adapter', async () => {
        const picked = file instanceof vscode.Uri ? file : (await vscode.window.showOpenDialog({ filters: ADAPTER_FILTERS, canSelectMany: false, title: 'Import router adapter' }))?.[0];
        if (!picked) return undefined;
        const version = await controller.importAdapter(picked.fsPath);
        void vscode.window.showInformationMessage(`CoE: imported router adapter is in use as ${version}.`);
        return version;
      })()),
    );
  },
};
