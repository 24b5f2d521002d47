/** What a CLI command may touch: injected so tests can run commands in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Aborted on SIGINT; commands that stream must honour it. */
  signal: AbortSignal;
  /** Router worker script; defaults to dist/routerWorker.js of this package (tests inject a TS bootstrap). */
  routerWorkerPath?: string;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Returns the process exit code: 0 ok, 1 runtime failure, 2 bad usage. */
  run(argv: string[], io: CliIo): Promise<number>;
}

/** Bad usage: exit code 2, message plus usage on stderr. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A runtime failure the user can act on: exit code 1, message on stderr. */
export class CliError extends Error {
  override readonly name = 'CliError';
}
