import * as vscode from 'vscode';
import { ConfigService } from './configService';
import { DecisionLog } from './decisionLog';
import { RouterHost } from './routerHost';
import { ExpertSecrets } from './expertSecrets';
import { notifyConfigIssues } from './notifications';

/** Long-lived services every contribution may use; created once per activation, lazily where costly. */
export interface CoeServices {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly config: ConfigService;
  readonly router: RouterHost;
  readonly secrets: ExpertSecrets;
  readonly decisions: DecisionLog;
}

export function createServices(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): CoeServices {
  const config = new ConfigService((issues) => notifyConfigIssues(issues, log));
  const router = new RouterHost(context, config, log);
  const secrets = new ExpertSecrets(context.secrets);
  const decisions = new DecisionLog();
  context.subscriptions.push(config, router, decisions);
  return { context, log, config, router, secrets, decisions };
}
