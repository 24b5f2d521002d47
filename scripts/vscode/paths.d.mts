export declare const repoRoot: string;
export declare const CODE_SERVER_VERSION: string;
export declare const cacheDir: string;
export declare const codeServerPrefix: string;
export declare const codeServerBin: string;
export declare const installedMarker: string;
export declare const chromiumPath: string;
export declare const testResultsDir: string;
export interface ThrowawayHome {
  home: string;
  env: Record<string, string>;
  /** Removes the home (unless keepHome) and the runtime dir. */
  dispose(options?: { keepHome?: boolean }): void;
}
/** A fresh home under .vscode-test/tmp, or `fixedHome` (created if missing) for state kept between runs. */
export declare function makeThrowawayHome(label: string, fixedHome?: string): ThrowawayHome;
export declare function originalHome(): string;
