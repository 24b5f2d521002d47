import type { ExpertConfig } from '../../../src/common/config/schema';
import { OpenAiExpertClient, type OpenAiClientOptions } from '../../../src/node/experts/openaiClient';

export function fixtureExpert(baseUrl: string, overrides: Partial<ExpertConfig> = {}): ExpertConfig {
  return { id: 'code', kind: 'openai', baseUrl, model: 'fixture-model', totalParams: 7e9, contextLength: 8192, headers: {}, ...overrides };
}

export function fixtureClient(baseUrl: string, options: Partial<OpenAiClientOptions> = {}, expert: Partial<ExpertConfig> = {}): OpenAiExpertClient {
  return new OpenAiExpertClient({
    expert: fixtureExpert(baseUrl, expert),
    apiKeyHint: 'set COE_API_KEY_CODE',
    // Generous: tests that are not about timeouts must not trip them on a loaded machine.
    connectTimeoutMs: 10_000,
    idleTimeoutMs: 10_000,
    ...options,
  });
}

export const userMessage = [{ role: 'user' as const, content: 'write a haiku' }];

/** Streams once and collects the tokens in arrival order. */
export async function collect(client: OpenAiExpertClient, signal = new AbortController().signal) {
  const tokens: string[] = [];
  const result = await client.stream({ messages: userMessage, signal }, (t) => tokens.push(t));
  return { tokens, result };
}
