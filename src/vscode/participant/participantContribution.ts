import * as vscode from 'vscode';
import type { Contribution } from '../core/contribution';
import { abortSignalFrom, runRoutedRequest } from '../chat/routedRequest';
import { createParticipantHandler, followupsFor, PARTICIPANT_ID, type ParticipantResultMetadata } from './participantHandler';

/**
 * `@coe` in VS Code's native Chat view, where one exists (desktop with a chat provider). Elsewhere
 * (code-server, VSCodium) the API may be missing and the chat panel is the surface.
 */
export const participantContribution: Contribution = {
  name: 'chat participant',
  register: (services) => {
    if (typeof vscode.chat?.createChatParticipant !== 'function') return new vscode.Disposable(() => undefined);
    const handle = createParticipantHandler({
      config: () => services.config.config,
      run: (request, onEvent) => runRoutedRequest(services, request, onEvent),
    });
    const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, async (request, context, stream, token) => {
      const bridge = abortSignalFrom(token);
      try {
        return await handle({ prompt: request.prompt, command: request.command }, context, stream, bridge.signal);
      } finally {
        bridge.dispose();
      }
    });
    participant.iconPath = vscode.Uri.joinPath(services.context.extensionUri, 'media', 'coe.svg');
    participant.followupProvider = {
      provideFollowups: (result) => followupsFor(result.metadata as ParticipantResultMetadata | undefined, services.config.config),
    };
    return participant;
  },
};
