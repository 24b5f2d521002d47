import * as vscode from 'vscode';
import type { Contribution } from '../core/contribution';

const ROUTER_LABELS: Record<string, string> = {
  idle: 'router idle (loads on first use)',
  loading: 'router loading',
  ready: 'router ready',
  failed: 'router failed (the generalist answers)',
  disposed: 'router stopped',
};

/** Router state and the last expert that answered; a click opens the chat panel. */
export const statusBar: Contribution = {
  name: 'status bar',
  register: (services) => {
    const item = vscode.window.createStatusBarItem('coe.status', vscode.StatusBarAlignment.Right, 100);
    item.name = 'CoE';
    item.command = 'coe.chat.open';
    let lastExpert: string | undefined;
    const render = (): void => {
      const state = services.router.state;
      const icon = state === 'loading' ? '$(loading~spin)' : state === 'failed' ? '$(warning)' : '$(type-hierarchy)';
      item.text = `${icon} CoE${lastExpert ? `: ${lastExpert}` : ''}`;
      item.tooltip = `CoE — ${ROUTER_LABELS[state] ?? state}${lastExpert ? `\nLast answer by: ${lastExpert}` : ''}\nClick to open the chat`;
      item.backgroundColor = state === 'failed' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    };
    render();
    item.show();
    return vscode.Disposable.from(
      item,
      services.router.onDidChangeState(render),
      services.decisions.onDidChange((record) => {
        const expert = services.config.config.experts.find((e) => e.id === record.decision.expert);
        lastExpert = expert?.displayName ?? record.decision.expert;
        render();
      }),
    );
  },
};
