import * as vscode from 'vscode';
import { correctionKey, type Correction } from '../../node/feedback/correctionsStore';
import type { TeachController } from './teachController';

const DELETE_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: 'Delete this correction' };

interface CorrectionItem extends vscode.QuickPickItem {
  key?: string;
  action?: 'forgetAll' | 'teach';
}

function itemFor(c: Correction): CorrectionItem {
  const when = new Date(c.timestamp).toLocaleString();
  const text = c.text === null ? '(prompt text not kept: cannot teach)' : c.text.replace(/\s+/g, ' ').slice(0, 120);
  return { label: `→ ${c.label}`, description: `${c.source} · ${when}`, detail: text, key: correctionKey(c), buttons: [DELETE_BUTTON] };
}

/** "CoE: Show Router Feedback": every stored correction, newest first, each deletable; plus "Forget All". */
export async function showRouterFeedback(controller: TeachController): Promise<void> {
  const picker = vscode.window.createQuickPick<CorrectionItem>();
  picker.title = 'Router feedback (stored on this machine only)';
  picker.matchOnDetail = true;
  const refresh = async (): Promise<void> => {
    const { corrections } = await controller.corrections.load();
    const actions: CorrectionItem[] = [
      { label: '$(mortar-board) Teach Router Now', action: 'teach', alwaysShow: true },
      { label: '$(trash) Forget All', description: 'delete every correction and every router adapter', action: 'forgetAll', alwaysShow: true },
    ];
    picker.items = [...actions, { label: `${corrections.length} correction(s)`, kind: vscode.QuickPickItemKind.Separator }, ...[...corrections].reverse().map(itemFor)];
    picker.placeholder = corrections.length ? 'Select an action, or use the trash button to delete a correction' : 'No corrections yet: correct a decision in the Routing Inspector';
  };
  picker.onDidTriggerItemButton(async ({ item }) => {
    if (item.key) await controller.corrections.remove([item.key]);
    await refresh();
  });
  picker.onDidAccept(async () => {
    const chosen = picker.selectedItems[0];
    picker.hide();
    if (chosen?.action === 'teach') await vscode.commands.executeCommand('coe.teachRouterNow');
    if (chosen?.action === 'forgetAll') {
      const sure = await vscode.window.showWarningMessage('Delete every stored correction and every router adapter?', { modal: true }, 'Forget All');
      if (sure === 'Forget All') {
        await controller.forgetAll();
        void vscode.window.showInformationMessage('All router feedback and adapters were deleted; the shipped router model is used alone.');
      }
    }
  });
  picker.onDidHide(() => picker.dispose());
  await refresh();
  picker.show();
}
