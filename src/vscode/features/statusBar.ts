import * as vscode from 'vscode';
import type { RouterState } from '../../node/router/routerService';
import type { Contribution } from '../core/contribution';

const ROUTER_LABELS: Record<string, string> = {
  idle: 'router idle (loads on first use)',
  loading: 'router loading',
  ready: 'router ready',
  failed: 'router failed (the generalist answers)',
  disposed: 'router stopped',
};

function render(item: vscode.StatusBarItem, state: RouterState, lastExpert: string | undefined): void {
  const icon = state === 'loading' ? '$(loading~spin)' : state === 'failed' ? '$(warning)' : '$(type-hierarchy)';
  item.text = `${icon} CoE${lastExpert ? `: ${lastExpert}` : ''}`;
  item.tooltip = `CoE — ${ROUTER_LABELS[state] ?? state}${lastExpert ? `\nLast answer by: ${lastExpert}` : ''}\nClick to open the chat`;
  item.backgroundColor = state === 'failed' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
}

/** Created at activation (the router is idle then); the click opens the chat panel. */
export function createStatusBarItem(): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('coe.status', vscode.StatusBarAlignment.Right, 100);
  item.name = 'CoE';
  item.command = 'coe.chat.open';
  render(item, 'idle', undefined);
  item.show();
  return item;
}

/** Keeps the status bar item current: router state and the last expert that answered. */
export const statusBar: Contribution = {
  name: 'status bar',
  register: (services) => {
    const item = services.shell.statusBarItem;
    let lastExpert: string | undefined;
    const update = (): void => render(item, services.router.state, lastExpert);
    update();
    return vscode.Disposable.from(
      services.router.onDidChangeState(update),
      services.decisions.onDidChange((record) => {
        const expert = services.config.config.experts.find((e) => e.id === record.decision.expert);
        lastExpert = expert?.displayName ?? record.decision.expert;
        update();
      }),
    );
  },
};
