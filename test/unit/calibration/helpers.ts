import type { CalibrationItem } from '../../../src/common/calibration/calibrationSet';
import type { ExpertConfig } from '../../../src/common/config/schema';
import { OpenAiExpertClient } from '../../../src/node/experts/openaiClient';

/** Three topics, three prompts each; the tag tells the fixture experts which topic they are asked about. */
export const TEST_ITEMS: CalibrationItem[] = [
  ...[1, 2, 3].map((i) => ({ id: `code-${i}`, category: 'coding', prompt: `[code] write function number ${i}` })),
  ...[1, 2, 3].map((i) => ({ id: `math-${i}`, category: 'advanced_math', prompt: `[math] integrate thing ${i}`, reference: `${i}` })),
  ...[1, 2, 3].map((i) => ({ id: `gen-${i}`, category: 'knowledge', prompt: `[general] explain fact ${i}` })),
];

export function fixtureExperts(baseUrl: string): ExpertConfig[] {
  const expert = (id: string, totalParams: number): ExpertConfig => ({
    id, kind: 'openai', baseUrl, model: id, totalParams, contextLength: 8192, headers: {},
  });
  return [expert('coder', 7e9), expert('mathy', 7e9), expert('generalist', 8e9), expert('judge', 70e9)];
}

export function clientFor(expert: ExpertConfig): OpenAiExpertClient {
  return new OpenAiExpertClient({ expert, apiKeyHint: 'none', connectTimeoutMs: 2000, idleTimeoutMs: 2000 });
}

/** A stable, cheap stand-in for sha256 where only equality matters. */
export function plainHash(text: string): string {
  return text;
}
