import type { Contribution } from './core/contribution';
import { coreCommands } from './features/coreCommands';

/** Every feature of the extension, in registration order. */
export const CONTRIBUTIONS: Contribution[] = [coreCommands];
