import { runCli } from '../../src/cli/main';
import { ROUTER_WORKER_TS } from './routerWorkerPath';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the `coe` CLI in-process with captured output (the router worker runs from TypeScript sources). */
export async function runCoe(argv: string[], options: { stdin?: string; cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: () => Promise.resolve(options.stdin ?? ''),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    signal: new AbortController().signal,
    routerWorkerPath: ROUTER_WORKER_TS,
  });
  return { code, stdout, stderr };
}
