import * as vscode from 'vscode';
import { ConfigService } from './configService';
import type { DecisionLog } from './decisionLog';
import { RouterHost } from './routerHost';
import { ExpertSecrets } from './expertSecrets';
import { notifyConfigIssues } from './notifications';
import type { ShellRegistrations } from './shellRegistrations';

/** Long-lived services every contribution may use; created once per activation, lazily where costly. */
export interface CoeServices {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly config: ConfigService;
  readonly router: RouterHost;
  readonly secrets: ExpertSecrets;
  readonly decisions: DecisionLog;
  /** Registrations made at activation, before the features were loaded; features supply what is behind them. */
  readonly shell: ShellRegistrations;
}

/** Created when the features load (first use), not at activation: the config schema and its validation live here. */
export function createServices(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, shell: ShellRegistrations): CoeServices {
  const config = new ConfigService((issues) => notifyConfigIssues(issues, log));
  const router = new RouterHost(context, config, log);
  const secrets = new ExpertSecrets(context.secrets);
  context.subscriptions.push(config, router);
  return { context, log, config, router, secrets, decisions: shell.decisions, shell };
}
