import * as vscode from 'vscode';
import { parseConfig, type ConfigIssue } from '../../common/config/parseConfig';
import { ConfigShape, type CoeConfig } from '../../common/config/schema';
import { RESTRICTED_SETTINGS } from '../../common/config/settingsContribution';

export const SETTINGS_SECTION = 'coe';

/**
 * Settings that can redirect requests or load code/data: in an untrusted workspace only the user's own
 * (global) values count — the same list package.json declares as restricted configurations.
 */
const RESTRICTED_KEYS: ReadonlySet<keyof CoeConfig> = new Set(RESTRICTED_SETTINGS);

/** Reads `coe.*` settings through the one zod schema; keeps valid parts, reports the rest. */
export class ConfigService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<CoeConfig>();
  readonly onDidChange = this.changed.event;
  private current: { config: CoeConfig; issues: ConfigIssue[] };
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly onIssues: (issues: ConfigIssue[]) => void) {
    this.current = this.read();
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SETTINGS_SECTION)) this.reload();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.reload()),
    );
  }

  get config(): CoeConfig {
    return this.current.config;
  }

  get issues(): readonly ConfigIssue[] {
    return this.current.issues;
  }

  reload(): void {
    const before = JSON.stringify(this.current.issues);
    this.current = this.read();
    this.changed.fire(this.current.config);
    // A change that introduces (or alters) a problem is reported at once; unchanged problems are not repeated.
    if (JSON.stringify(this.current.issues) !== before) this.reportIssues();
  }

  /** Shows validation problems once per distinct set; callers decide when (activation, change). */
  reportIssues(): void {
    if (this.current.issues.length > 0) this.onIssues(this.current.issues);
  }

  private read(): { config: CoeConfig; issues: ConfigIssue[] } {
    const section = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const trusted = vscode.workspace.isTrusted;
    const raw: Record<string, unknown> = {};
    for (const key of Object.keys(ConfigShape) as (keyof CoeConfig)[]) {
      const inspected = section.inspect(key);
      if (!inspected) continue;
      raw[key] = trusted || !RESTRICTED_KEYS.has(key)
        ? inspected.workspaceFolderValue ?? inspected.workspaceValue ?? inspected.globalValue
        : inspected.globalValue;
    }
    return parseConfig(raw);
  }

  dispose(): void {
    this.changed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
