import type { BrowserContext, Page } from 'playwright-core';

export interface CodeServer {
  port: number;
  baseUrl: string;
  home: string;
  userDataDir: string;
  extensionsDir: string;
  workspace: string;
  env: Record<string, string | undefined>;
  logFile: string;
  pid: number;
  remoteUri(absPath: string): string;
  readLog(): string;
  stop(): Promise<void>;
}

export interface StartCodeServerOptions {
  label?: string;
  workspace?: string;
  userSettings?: Record<string, unknown>;
  env?: Record<string, string>;
  keep?: boolean;
  /** Fixed home that survives stop() (profile, extensions, settings kept between runs). */
  stateDir?: string;
  port?: number;
  healthTimeoutMs?: number;
  /** Keep VS Code's workspace trust on (no `--disable-workspace-trust`); `userSettings` then decide it. */
  workspaceTrust?: boolean;
  log?: (line: string) => void;
}

export interface Chromium {
  context: BrowserContext;
  page: Page;
  stop(): Promise<void>;
}

export declare function freePort(): Promise<number>;
export declare function startCodeServer(options?: StartCodeServerOptions): Promise<CodeServer>;
export declare function workbenchUrl(
  server: CodeServer,
  options?: { folder?: string; extensionDevelopmentPath?: string; extensionTestsPath?: string },
): string;
export declare const CHROMIUM_ARGS: readonly string[];
export declare function launchChromium(options?: {
  home?: string;
  env?: Record<string, string>;
  viewport?: { width: number; height: number };
}): Promise<Chromium>;
