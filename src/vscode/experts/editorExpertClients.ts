import { createNodeExpertClientFactory, type ExpertClientFactoryOptions, type ExpertClientFor } from '../../node/experts/createExpertClient';
import type { LanguageModelAccess } from './languageModelAccess';
import { VscodeLmExpertClient } from './vscodeLmClient';

/**
 * The editor's expert clients: VS Code language models for kind "vscode-lm", OpenAI-compatible
 * HTTP for the rest (keys from SecretStorage, resolved by the caller into `apiKeyFor`).
 */
export function createEditorExpertClientFactory(options: ExpertClientFactoryOptions & { lm: LanguageModelAccess }): ExpertClientFor {
  const http = createNodeExpertClientFactory(options);
  return (expert) =>
    expert.kind === 'vscode-lm'
      ? new VscodeLmExpertClient({
        expert, lm: options.lm, connectTimeoutMs: options.config.connectTimeoutMs, idleTimeoutMs: options.config.idleTimeoutMs,
      })
      : http(expert);
}
