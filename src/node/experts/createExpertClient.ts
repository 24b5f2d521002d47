import { apiKeyEnvVar, type CoeConfig, type ExpertConfig } from '../../common/config/schema';
import type { ExpertClient, ExpertHealth } from '../../common/conversation/expertClient';
import { ExpertError } from '../../common/conversation/expertError';
import { OpenAiExpertClient } from './openaiClient';

export interface ExpertClientFactoryOptions {
  config: Pick<CoeConfig, 'connectTimeoutMs' | 'idleTimeoutMs'>;
  /** Looks up an expert's API key (environment, SecretStorage); undefined means none. */
  apiKeyFor: (expert: ExpertConfig) => string | undefined;
  /** Tells the user where to put the key when authentication fails. */
  apiKeyHint: (expert: ExpertConfig) => string;
  fetch?: typeof fetch;
}

export type ExpertClientFor = (expert: ExpertConfig) => ExpertClient;

/** A client for an expert kind this host cannot serve; it fails fast so failover moves on. */
export class UnavailableExpertClient implements ExpertClient {
  constructor(readonly expertId: string, private readonly reason: string) {}

  stream(): Promise<never> {
    return Promise.reject(new ExpertError('unavailable', this.expertId, `${this.expertId}: ${this.reason}`));
  }

  health(): Promise<ExpertHealth> {
    return Promise.resolve({ expertId: this.expertId, reachable: false, modelPresent: null, latencyMs: 0, error: this.reason });
  }
}

/** Clients for the kinds Node can serve: OpenAI-compatible HTTP. */
export function createNodeExpertClientFactory(options: ExpertClientFactoryOptions): ExpertClientFor {
  return (expert) => {
    if (expert.kind === 'vscode-lm') {
      return new UnavailableExpertClient(expert.id, 'VS Code language-model experts work only inside VS Code');
    }
    return new OpenAiExpertClient({
      expert,
      apiKey: options.apiKeyFor(expert),
      apiKeyHint: options.apiKeyHint(expert),
      connectTimeoutMs: options.config.connectTimeoutMs,
      idleTimeoutMs: options.config.idleTimeoutMs,
      fetch: options.fetch,
    });
  };
}

/** The CLI's factory: keys come from `COE_API_KEY_<ID>` environment variables. */
export function createCliExpertClientFactory(
  config: Pick<CoeConfig, 'connectTimeoutMs' | 'idleTimeoutMs'>,
  env: Readonly<Record<string, string | undefined>>,
): ExpertClientFor {
  return createNodeExpertClientFactory({
    config,
    apiKeyFor: (expert) => env[apiKeyEnvVar(expert.id)] || undefined,
    apiKeyHint: (expert) => `set the environment variable ${apiKeyEnvVar(expert.id)}`,
  });
}
