import * as vscode from 'vscode';
import type { DecisionRecord } from '../../common/decisions/decisionRecord';

/**
 * VS Code gives every extension's deactivate 5 s together before the extension host exits; the last
 * history write takes milliseconds, so waiting longer would only steal time from other extensions.
 */
export const FINAL_SAVE_TIMEOUT_MS = 3000;

/**
 * Logs of this extension host, so `deactivate` reaches their savers without holding the services. Kept on
 * the log instance (created by the activation shell) rather than beside each saver, so savers in the
 * separately loaded features bundle still register where `deactivate` looks.
 */
const liveLogs = new Set<DecisionLog>();

/**
 * Every routed request of this window, newest last. Producers (chat panel, participant, code actions)
 * `add` and `update`; consumers (inspector, dashboards, simulator) listen. Persistence is layered on top.
 */
export class DecisionLog implements vscode.Disposable {
  private readonly records: DecisionRecord[] = [];
  private readonly changed = new vscode.EventEmitter<DecisionRecord>();
  /** Fires with the record that was added or updated. */
  readonly onDidChange = this.changed.event;

  private readonly finalSaves = new Set<() => Promise<void>>();

  constructor(private readonly maxRecords = 2000) {
    liveLogs.add(this);
  }

  /** Persistence registers how to write what is still unsaved; deactivation runs it and waits (bounded). */
  registerFinalSave(save: () => Promise<void>): vscode.Disposable {
    this.finalSaves.add(save);
    return new vscode.Disposable(() => this.finalSaves.delete(save));
  }

  /** Starts every registered final save now (synchronously, before VS Code disposes the savers). */
  startFinalSaves(): Promise<void>[] {
    return [...this.finalSaves].map((save) => {
      try {
        return save().catch(() => undefined); // a saver reports its own failures
      } catch {
        return Promise.resolve();
      }
    });
  }

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
    liveLogs.delete(this);
    this.changed.dispose();
  }
}

/**
 * What `deactivate` returns: every live log's final saves, settled, or `timeoutMs` passed, whichever is
 * first. Never rejects, so a failing disk cannot make deactivation fail.
 */
export async function saveDecisionLogsBeforeExit(timeoutMs = FINAL_SAVE_TIMEOUT_MS): Promise<'saved' | 'timedOut'> {
  const saves = [...liveLogs].flatMap((log) => log.startFinalSaves());
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timedOut'>((resolve) => {
    timer = setTimeout(() => resolve('timedOut'), timeoutMs);
  });
  try {
    return await Promise.race([Promise.all(saves).then(() => 'saved' as const), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
