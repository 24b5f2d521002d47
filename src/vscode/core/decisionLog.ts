import * as vscode from 'vscode';
import type { DecisionRecord } from '../../common/decisions/decisionRecord';

/**
 * Every routed request of this window, newest last. Producers (chat panel, participant, code actions)
 * `add` and `update`; consumers (inspector, dashboards, simulator) listen. Persistence is layered on top.
 */
export class DecisionLog implements vscode.Disposable {
  private readonly records: DecisionRecord[] = [];
  private readonly changed = new vscode.EventEmitter<DecisionRecord>();
  /** Fires with the record that was added or updated. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly maxRecords = 2000) {}

  add(record: DecisionRecord): void {
    this.records.push(record);
    if (this.records.length > this.maxRecords) this.records.splice(0, this.records.length - this.maxRecords);
    this.changed.fire(record);
  }

  /** Merges fields into the record of decision `id` (usage, outcome, a failover step). */
  update(id: string, patch: Partial<DecisionRecord>): void {
    const record = this.records.find((r) => r.decision.id === id);
    if (!record) return;
    Object.assign(record, patch);
    this.changed.fire(record);
  }

  all(): readonly DecisionRecord[] {
    return this.records;
  }

  get(id: string): DecisionRecord | undefined {
    return this.records.find((r) => r.decision.id === id);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
