export declare function isCodeServerInstalled(): boolean;
export declare function installCodeServer(options?: { force?: boolean; log?: (line: string) => void }): string;
