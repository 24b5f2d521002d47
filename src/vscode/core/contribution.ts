import type * as vscode from 'vscode';
import type { CoeServices } from './services';

/** A feature of the extension: registers itself and returns what to dispose. */
export interface Contribution {
  /** Shown in the log and in the notification if the feature fails to start. */
  readonly name: string;
  register(services: CoeServices): vscode.Disposable;
}
