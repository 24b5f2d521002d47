import type { CliCommand } from '../cliTypes';
import { calibrateCommand } from './calibrate';
import { chatCommand } from './chat';
import { expertsCommand } from './experts';

/** Every `coe` subcommand; each lives in its own file in this folder. */
export const COMMANDS: CliCommand[] = [
  chatCommand,
  expertsCommand,
  calibrateCommand,
];
