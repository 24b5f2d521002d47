import * as vscode from 'vscode';
import { AdapterMismatchError, adapterParameterCount } from '../../common/teach/adapter';
import { correctionKey, type CorrectionsStore } from '../../node/feedback/correctionsStore';
import type { AdapterStore } from '../../node/teach/adapterStore';
import { loadAnchors, loadCanary } from '../../node/teach/canary';
import { correctionsToTeachItems, teachAndSwap, type TeachRun } from '../../node/teach/teachFromCorrections';
import type { CoeServices } from '../core/services';
import { correctionTextAllowed } from './correctionConsent';

/** What the last teach run concluded, for the status bar and for tests. */
export interface TeachSummary {
  accepted: boolean;
  reason: string;
  version: string | null;
  trainMs: number;
  corrections: number;
  withoutText: number;
}

const LAST_TAUGHT_AT = 'coe.teach.lastTaughtAt';

/**
 * Teaching the router from the user's corrections: runs training in the router worker, swaps an accepted
 * adapter in without a restart, keeps versions for rollback, and says why a refused adapter was refused.
 */
export class TeachController implements vscode.Disposable {
  private readonly status = vscode.window.createStatusBarItem('coe.teach.status', vscode.StatusBarAlignment.Right, 90);
  private running: Promise<TeachSummary> | undefined;
  private last: TeachSummary | undefined;

  constructor(
    private readonly services: CoeServices,
    readonly corrections: CorrectionsStore,
    readonly adapters: AdapterStore,
  ) {
    this.status.name = 'CoE Router Adapter';
    this.status.command = 'coe.showRouterFeedback';
  }

  /** Puts the stored current adapter on the (lazily created) router: no worker starts here. */
  async restore(): Promise<void> {
    const current = await this.adapters.current();
    if (current) await this.services.router.get().setAdapter(current.adapter, current.version);
    this.render(current?.version ?? null);
  }

  /** Trains once at a time; a second request while one runs gets the running one's result. */
  teachNow(trigger: 'command' | 'auto'): Promise<TeachSummary> {
    this.running ??= this.teach(trigger).finally(() => (this.running = undefined));
    return this.running;
  }

  /** Called when corrections change: teaches in the background after `teachAfterCorrections` new ones. */
  async onCorrectionsChanged(): Promise<void> {
    await this.attachConsentedText();
    const threshold = this.services.config.config.teachAfterCorrections;
    if (threshold === 0 || this.running) return;
    const since = this.services.context.globalState.get<number>(LAST_TAUGHT_AT, 0);
    const { corrections } = await this.corrections.load();
    const fresh = corrections.filter((c) => c.timestamp > since && c.text !== null).length;
    if (fresh >= threshold) await this.teachNow('auto');
  }

  /**
   * A correction made while prompt text is not kept arrives without it; the prompt of this session's
   * decision is still in memory. With the user's consent (asked once, see correctionConsent) it is attached,
   * so the correction can teach; without it, the correction stays a label only.
   */
  private async attachConsentedText(): Promise<void> {
    const { corrections } = await this.corrections.load();
    const recoverable = corrections.flatMap((c) => {
      const record = c.text === null && c.decisionId ? this.services.decisions.get(c.decisionId) : undefined;
      const text = record?.prompt ?? record?.promptExcerpt ?? null;
      return text ? [{ correction: c, text }] : [];
    });
    if (recoverable.length === 0 || !(await correctionTextAllowed(this.services))) return;
    for (const { correction, text } of recoverable) {
      await this.corrections.remove([correctionKey(correction)]);
      await this.corrections.add({ ...correction, text });
    }
  }

  private async teach(trigger: 'command' | 'auto'): Promise<TeachSummary> {
    // Also here, not only on file events: a watcher outside the workspace is not guaranteed everywhere.
    if (trigger === 'command') await this.attachConsentedText();
    const { corrections } = await this.corrections.load();
    const { items, withoutText } = correctionsToTeachItems(corrections);
    const [canary, anchors] = await Promise.all([loadCanary(), loadAnchors()]);
    const run = await teachAndSwap(this.services.router.get(), items, canary, anchors, this.adapters);
    await this.services.context.globalState.update(LAST_TAUGHT_AT, Math.max(0, ...corrections.map((c) => c.timestamp)));
    const summary = this.summarise(run, corrections.length, withoutText);
    this.last = summary;
    this.services.log.info(`teach (${trigger}): ${summary.accepted ? 'accepted' : 'refused'} in ${Math.round(run.trainMs)} ms — ${summary.reason}`);
    this.render(summary.accepted ? summary.version : (await this.adapters.current())?.version ?? null);
    return summary;
  }

  private summarise(run: TeachRun, stored: number, withoutText: number): TeachSummary {
    const { outcome } = run;
    const unknown = Object.keys(run.unknownLabels);
    const notes = [
      withoutText ? `${withoutText} correction(s) without prompt text could not teach` : '',
      unknown.length ? `labels the router does not know were skipped: ${unknown.join(', ')}` : '',
    ].filter(Boolean);
    const size = outcome.adapter ? ` (${adapterParameterCount(outcome.adapter)} parameters)` : '';
    const reason = `${outcome.reason}${size}${notes.length ? `. ${notes.join('; ')}` : ''}`;
    return { accepted: outcome.accepted, reason, version: run.version, trainMs: run.trainMs, corrections: stored, withoutText };
  }

  /** Back to the previous adapter (or to the base model alone). */
  async rollback(): Promise<string | null> {
    const version = await this.adapters.rollback();
    const current = version ? await this.adapters.read(version) : null;
    await this.services.router.get().setAdapter(current?.adapter ?? null, version ?? undefined);
    this.render(version);
    return version;
  }

  /** Stores an adapter file as a new version and uses it; one made for another model is refused and removed. */
  async importAdapter(file: string): Promise<string> {
    const stored = await this.adapters.importFrom(file);
    try {
      await this.services.router.get().setAdapter(stored.adapter, stored.version);
    } catch (error) {
      if (error instanceof AdapterMismatchError) await this.adapters.rollback();
      throw error;
    }
    this.render(stored.version);
    return stored.version;
  }

  /** Corrections and adapters are gone; routing is the shipped model alone again. */
  async forgetAll(): Promise<void> {
    await this.corrections.clear();
    await this.adapters.clear();
    await this.services.router.get().setAdapter(null);
    this.last = undefined;
    this.render(null);
  }

  get lastSummary(): TeachSummary | undefined {
    return this.last;
  }

  private render(version: string | null): void {
    const last = this.last;
    if (!version && !last) {
      this.status.hide();
      return;
    }
    const refused = last && !last.accepted;
    this.status.text = `$(mortar-board) ${version ? `Router ${version}` : 'Router: base'}${refused ? ' $(warning)' : ''}`;
    const lines = [version ? `Your router adapter ${version} is in use.` : 'No router adapter is in use (the shipped model alone).'];
    if (last) lines.push(`Last teach: ${last.accepted ? 'accepted' : 'refused'} — ${last.reason}`);
    this.status.tooltip = lines.join('\n\n');
    this.status.show();
  }

  dispose(): void {
    this.status.dispose();
  }
}

/** The one-line message shown after "Teach Router Now". */
export function describeSummary(s: TeachSummary): string {
  return s.accepted ? `Router adapter ${s.version ?? ''} in use: ${s.reason}` : `The router adapter was not changed: ${s.reason}`;
}
