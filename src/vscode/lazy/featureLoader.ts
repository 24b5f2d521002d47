import * as vscode from 'vscode';
import { notifyFeatureFailure } from '../core/notifications';
import type { ShellRegistrations } from '../core/shellRegistrations';
import type * as FeaturesBundle from './features';

/** Built next to dist/extension.js by scripts/build.mjs. */
export const FEATURES_BUNDLE = 'features.js';

/**
 * Loads dist/features.js — every feature's implementation, the config schema (zod) and the services — the
 * first time something needs it, and registers the features. Synchronous on purpose: a placeholder
 * command is swapped for the real one within the same tick, so no call can find neither.
 */
export class FeatureLoader {
  private loaded = false;
  private failed = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly shell: ShellRegistrations,
    /** Runs after the bundle is loaded and right before the features register (the placeholders go). */
    private readonly beforeRegister: () => void,
  ) {}

  /** False when the bundle cannot be loaded; the user has been told (once) and the log has the details. */
  ensureLoaded(reason: string): boolean {
    if (this.loaded) return true;
    const file = vscode.Uri.joinPath(this.context.extensionUri, 'dist', FEATURES_BUNDLE).fsPath;
    const started = performance.now();
    let bundle: typeof FeaturesBundle;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the point: loaded on first use, not at activation
      bundle = require(file) as typeof FeaturesBundle;
    } catch (error) {
      const message = `could not load ${file} (${error instanceof Error ? error.message : String(error)}); reinstalling the extension restores it`;
      if (this.failed) this.log.error(`features: ${message}`);
      else notifyFeatureFailure('CoE features', new Error(message), this.log);
      this.failed = true;
      return false;
    }
    this.beforeRegister();
    this.loaded = true;
    bundle.activateFeatures(this.context, this.log, this.shell);
    this.log.info(`features loaded in ${(performance.now() - started).toFixed(1)} ms (first use: ${reason})`);
    return true;
  }
}
