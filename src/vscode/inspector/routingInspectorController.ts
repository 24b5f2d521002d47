import * as vscode from 'vscode';
import { buildDetail, buildListState } from '../../common/inspector/decisionView';
import type { ParsedInspectorMessage } from '../../common/inspector/inspectorMessages';
import type { CorrectionsStore } from '../../node/feedback/correctionsStore';
import type { CoeServices } from '../core/services';
import type { DecisionHistory } from './decisionHistory';
import { exportDecisionLog } from './exportDecisionLog';
import type { InspectorViewController, PostToView } from './inspectorViewProvider';

/** Command the chat panel implements: re-run the turn of decision `id` on `expert`. */
export const REROUTE_DECISION_COMMAND = 'coe.rerouteDecision';

/** The routing inspector: the live decision list, one decision explained, re-route and corrections. */
export class RoutingInspectorController implements InspectorViewController {
  readonly kind = 'inspector' as const;
  readonly title = 'Routing Inspector';
  private selectedId: string | null = null;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly services: CoeServices,
    private readonly history: DecisionHistory,
    private readonly corrections: CorrectionsStore,
  ) {
    const fire = (): void => this.changed.fire();
    this.subscriptions = [services.decisions.onDidChange(fire), services.config.onDidChange(fire), history.onDidChange(fire)];
  }

  render(post: PostToView): void {
    const { config } = this.services.config;
    const configuredExperts = config.experts.map((e) => e.id);
    post({ type: 'inspectorList', state: buildListState(this.services.decisions.all(), { configuredExperts, persistPromptText: this.history.persistPromptText }) });
    const record = this.selectedId ? this.services.decisions.get(this.selectedId) : undefined;
    const detail = record
      ? buildDetail(record, { minConfidence: config.minConfidence, maxEntropy: config.maxEntropy, configuredExperts, knownCategories: this.knownCategories() })
      : null;
    post({ type: 'decisionDetail', detail });
  }

  /**
   * Every category the router has reported (each classified decision carries all of them). Table keys
   * may be domains, which are no label for teaching the router, so they are not offered.
   */
  private knownCategories(): string[] {
    const known = new Set<string>();
    for (const r of this.services.decisions.all()) for (const c of Object.keys(r.decision.probabilities)) known.add(c);
    return [...known];
  }

  async handle(message: ParsedInspectorMessage, post: PostToView): Promise<void> {
    switch (message.type) {
      case 'selectDecision':
        this.selectedId = message.id;
        this.render(post);
        return;
      case 'reroute':
        return this.reroute(message.id, message.expert, post);
      case 'correct':
        return this.correct(message.id, message.category, post);
      case 'exportLog':
        await exportDecisionLog(this.services.decisions.all(), this.history.persistPromptText);
        return;
      case 'setPersistPromptText':
        return this.history.setPersistPromptText(message.allowed);
      default:
        return;
    }
  }

  private async reroute(id: string, expert: string, post: PostToView): Promise<void> {
    const commands = await vscode.commands.getCommands(true);
    if (!commands.includes(REROUTE_DECISION_COMMAND)) {
      post({ type: 'notice', level: 'error', text: 'Re-routing needs the CoE chat panel, which is not available in this window.' });
      return;
    }
    await vscode.commands.executeCommand(REROUTE_DECISION_COMMAND, id, expert);
    // A re-route to an expert that exactly one table row prefers is also a label for that category.
    const rows = Object.entries(this.services.config.config.categoryTable).filter(([, experts]) => experts[0] === expert);
    const record = this.services.decisions.get(id);
    if (rows.length === 1 && record) {
      await this.corrections.add({ text: this.correctionText(id), label: rows[0][0], source: 'reroute', weight: 0.5, decisionId: id });
    }
    post({ type: 'notice', level: 'info', text: `Re-running on ${expert}.` });
  }

  private async correct(id: string, category: string, post: PostToView): Promise<void> {
    const text = this.correctionText(id);
    const { stored, setAsideTo } = await this.corrections.add({ text, label: category, source: 'inspectorCorrection', weight: 1, decisionId: id });
    if (setAsideTo) this.services.log.warn(`corrections: a damaged file was moved to ${setAsideTo}`);
    const how = text === null ? ' without the prompt text (allow saving prompt text to let the router learn from it)' : '';
    post({ type: 'notice', level: 'info', text: `Correction saved: "${category}"${how}. ${stored} correction(s) stored.` });
  }

  /** The prompt goes with a correction only under the same consent that lets it reach the disk. */
  private correctionText(id: string): string | null {
    if (!this.history.persistPromptText) return null;
    const record = this.services.decisions.get(id);
    return record?.prompt ?? record?.promptExcerpt ?? null;
  }

  dispose(): void {
    this.changed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
