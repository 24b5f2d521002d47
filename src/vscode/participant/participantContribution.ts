import type { Contribution } from '../core/contribution';
import { abortSignalFrom, runRoutedRequest } from '../chat/routedRequest';
import { createParticipantHandler, followupsFor, type ParticipantResultMetadata } from './participantHandler';

/**
 * `@coe` in VS Code's native Chat view, where one exists (desktop with a chat provider). Elsewhere
 * (code-server, VSCodium) the API may be missing and the chat panel is the surface.
 */
export const participantContribution: Contribution = {
  name: 'chat participant',
  register: (services) => {
    const handle = createParticipantHandler({
      config: () => services.config.config,
      run: (request, onEvent) => runRoutedRequest(services, request, onEvent),
    });
    // The participant itself is created at activation (where the chat API exists); this is what answers.
    return services.shell.provideChatParticipant(async (request, context, stream, token) => {
      const bridge = abortSignalFrom(token);
      try {
        return await handle({ prompt: request.prompt, command: request.command }, context, stream, bridge.signal);
      } finally {
        bridge.dispose();
      }
    }, {
      provideFollowups: (result) => followupsFor(result.metadata as ParticipantResultMetadata | undefined, services.config.config),
    });
  },
};
