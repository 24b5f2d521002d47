import type { CliCommand } from '../cliTypes';
import { calibrateCommand } from './calibrate';
import { benchCommand } from './bench';
import { routeCommand } from './route';
import { chatCommand } from './chat';
import { expertsCommand } from './experts';
import { evalCommand } from './eval';
import { teachCommand } from './teach';
import { optimizeCommand } from './optimize';
import { simulateCommand } from './simulate';

/** Every `coe` subcommand; each lives in its own file in this folder. */
export const COMMANDS: CliCommand[] = [
  routeCommand,
  benchCommand,
  chatCommand,
  expertsCommand,
  calibrateCommand,
  evalCommand,
  teachCommand,
  optimizeCommand,
  simulateCommand,
];
