import * as vscode from 'vscode';
import { ActiveParamLedger, type LedgerSnapshot } from '../../common/accounting/activeParamLedger';
import type { DecisionRecord } from '../../common/decisions/decisionRecord';
import { DecisionStore } from '../../node/decisions/decisionStore';
import type { DecisionLog } from '../core/decisionLog';

const CONSENT_KEY = 'coe.inspector.persistPromptText';
const LEDGER_KEY = 'coe.inspector.allTimeLedger';
const SAVE_DELAY_MS = 1000;

/**
 * Keeps the window's DecisionLog on disk per workspace and keeps the all-time active-parameter totals.
 * Tells apart decisions routed in this session from history loaded at start (the session dashboard
 * counts only the former). Prompt text reaches the disk only with the user's separate consent.
 */
export class DecisionHistory implements vscode.Disposable {
  private readonly store: DecisionStore | undefined;
  private readonly sessionIds = new Set<string>();
  private readonly historyIds = new Set<string>();
  private readonly ledger: ActiveParamLedger;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** The latest write (settled, never rejected), for a final flush to wait on. */
  private saving: Promise<void> = Promise.resolve();
  private readonly subscriptions: vscode.Disposable[];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when consent or the set of loaded history changes (the log itself has its own event). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: DecisionLog,
    private readonly output: vscode.LogOutputChannel,
  ) {
    // Without a folder there is no workspace storage: the history lives for the window only.
    const dir = context.storageUri;
    this.store = dir
      ? new DecisionStore({ file: vscode.Uri.joinPath(dir, 'decisions.jsonl').fsPath, persistPromptText: () => this.persistPromptText })
      : undefined;
    this.ledger = new ActiveParamLedger(context.workspaceState.get<LedgerSnapshot>(LEDGER_KEY));
    this.subscriptions = [log.onDidChange((record) => this.onRecord(record)), log.registerFinalSave(() => this.flush())];
  }

  get persistPromptText(): boolean {
    return this.context.globalState.get<boolean>(CONSENT_KEY, false);
  }

  async setPersistPromptText(allowed: boolean): Promise<void> {
    await this.context.globalState.update(CONSENT_KEY, allowed);
    this.scheduleSave();
    this.changed.fire();
  }

  /** Loads the saved history into the log; a damaged file is set aside and the user told. */
  async load(): Promise<void> {
    if (!this.store) return;
    const { records, setAside } = await this.store.load();
    for (const record of records) {
      if (this.log.get(record.decision.id)) continue;
      this.historyIds.add(record.decision.id);
      this.log.add(record);
    }
    this.output.info(`decision history: loaded ${records.length} decision(s)`);
    if (setAside) {
      const message = `CoE: the decision history was damaged (${setAside.badLines} unreadable line(s); ${setAside.firstProblem}). ${setAside.keptRecords} decision(s) were kept; the original file was moved to ${setAside.movedTo}.`;
      this.output.warn(message);
      void vscode.window.showWarningMessage(message, 'Show Log').then((choice) => {
        if (choice === 'Show Log') this.output.show();
      });
    }
    this.changed.fire();
  }

  sessionRecords(): DecisionRecord[] {
    return this.log.all().filter((r) => this.sessionIds.has(r.decision.id));
  }

  allTime(): LedgerSnapshot {
    return this.ledger.snapshot();
  }

  private onRecord(record: DecisionRecord): void {
    const id = record.decision.id;
    if (!this.historyIds.has(id) && !this.sessionIds.has(id)) {
      this.sessionIds.add(id);
      this.ledger.record(record.decision);
      void this.context.workspaceState.update(LEDGER_KEY, this.ledger.snapshot());
    }
    if (!this.historyIds.has(id)) this.scheduleSave();
  }

  private scheduleSave(): void {
    if (!this.store || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.save();
    }, SAVE_DELAY_MS);
  }

  private save(): void {
    if (!this.store) return;
    this.saving = this.store.save(this.log.all()).catch((error: unknown) => {
      this.output.error(`decision history: could not save: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  /** Writes now what the pending save would have written, and resolves when the last write has landed. */
  flush(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
      this.save();
    }
    return this.saving;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
    // Normally `deactivate` has flushed already; this covers a disposal without it.
    void this.flush();
  }
}
