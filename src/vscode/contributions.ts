import { chatContribution } from './chat/chatContribution';
import type { Contribution } from './core/contribution';
import { calibrationContribution } from './calibration/calibrationContribution';
import { apiKeyCommands } from './features/apiKeyCommands';
import { coreCommands } from './features/coreCommands';
import { inspectorContribution } from './inspector/inspectorContribution';
import { participantContribution } from './participant/participantContribution';
import { statusBar } from './features/statusBar';
import { testConnections } from './features/testConnections';
import { teachContribution } from './teach/teachContribution';

/** Every feature of the extension, in registration order. */
export const CONTRIBUTIONS: Contribution[] = [coreCommands, chatContribution, apiKeyCommands, testConnections, statusBar, participantContribution, inspectorContribution, calibrationContribution, teachContribution];
