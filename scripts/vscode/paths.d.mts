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
  dispose(): void;
}
export declare function makeThrowawayHome(label: string): ThrowawayHome;
export declare function originalHome(): string;
