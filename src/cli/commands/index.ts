import type { CliCommand } from '../cliTypes';

/** Every `coe` subcommand; each lives in its own file in this folder. */
export const COMMANDS: CliCommand[] = [];
