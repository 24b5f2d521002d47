import * as vscode from 'vscode';
import { DEFAULT_PAPER_BASELINE, ILLUSTRATIVE_PAPER_SHARES, type PaperMix } from '../../common/accounting/paperAccounting';
import type { ParsedInspectorMessage } from '../../common/inspector/inspectorMessages';
import { buildParamsDashboard } from '../../common/inspector/paramsView';
import { PAPER_EXPERTS } from '../../common/sim/paperPreset';
import type { CoeServices } from '../core/services';
import type { DecisionHistory } from './decisionHistory';
import type { InspectorViewController, PostToView } from './inspectorViewProvider';

const PAPER_MIX_KEY = 'coe.inspector.paperMix';

/** The active-parameter dashboard: this session, all time, and the paper's five-expert preset. */
export class ParamsController implements InspectorViewController {
  readonly kind = 'params' as const;
  readonly title = 'Active Parameters';
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly services: CoeServices,
    private readonly history: DecisionHistory,
  ) {
    const fire = (): void => this.changed.fire();
    this.subscriptions = [services.decisions.onDidChange(fire), services.config.onDidChange(fire), history.onDidChange(fire)];
  }

  private get paperMix(): PaperMix {
    return this.services.context.workspaceState.get<PaperMix>(PAPER_MIX_KEY) ?? { shares: ILLUSTRATIVE_PAPER_SHARES, baselineId: DEFAULT_PAPER_BASELINE };
  }

  render(post: PostToView): void {
    const state = buildParamsDashboard({
      baselineName: this.services.config.config.baseline.name,
      sessionRecords: this.history.sessionRecords(),
      allRecords: this.services.decisions.all(),
      allTime: this.history.allTime(),
      paperMix: this.paperMix,
    });
    post({ type: 'paramsDashboard', state });
  }

  async handle(message: ParsedInspectorMessage, post: PostToView): Promise<void> {
    if (message.type !== 'setPaperShares') return;
    if (!PAPER_EXPERTS.some((e) => e.id === message.baselineId)) {
      post({ type: 'notice', level: 'error', text: `Unknown baseline "${message.baselineId}".` });
      return;
    }
    await this.services.context.workspaceState.update(PAPER_MIX_KEY, { shares: message.shares, baselineId: message.baselineId });
    this.render(post);
  }

  dispose(): void {
    this.changed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
