import * as vscode from 'vscode';
import type { LanguageModelAccess, LmMessage, LmModelHandle } from './languageModelAccess';

function toVscodeMessage(message: LmMessage): vscode.LanguageModelChatMessage {
  return message.role === 'assistant'
    ? vscode.LanguageModelChatMessage.Assistant(message.content)
    : vscode.LanguageModelChatMessage.User(message.content);
}

function handle(model: vscode.LanguageModelChat): LmModelHandle {
  return {
    id: model.id,
    name: model.name,
    vendor: model.vendor,
    family: model.family,
    maxInputTokens: model.maxInputTokens,
    async send(messages, options, signal) {
      // Bridge the core's AbortSignal to a real CancellationToken (never a token nobody cancels).
      const source = new vscode.CancellationTokenSource();
      const cancel = () => source.cancel();
      signal.addEventListener('abort', cancel, { once: true });
      if (signal.aborted) source.cancel();
      try {
        const response = await model.sendRequest(messages.map(toVscodeMessage), options, source.token);
        return disposingAfter(response.text, () => {
          signal.removeEventListener('abort', cancel);
          source.dispose();
        });
      } catch (error) {
        signal.removeEventListener('abort', cancel);
        source.dispose();
        throw error;
      }
    },
  };
}

async function* disposingAfter(fragments: AsyncIterable<string>, dispose: () => void): AsyncIterable<string> {
  try {
    yield* fragments;
  } finally {
    dispose();
  }
}

/** `vscode.lm` behind the plain interface the expert client uses. */
export function bindVscodeLanguageModels(): LanguageModelAccess {
  return {
    select: async (selector) => (await vscode.lm.selectChatModels(selector)).map(handle),
  };
}
