import type { CoeConfig, ExpertConfig } from './schema';

const OLLAMA = 'http://127.0.0.1:11434/v1';

/** The most common local setup: Ollama with well-known code, math and general models. */
export const DEFAULT_EXPERTS: ExpertConfig[] = [
  {
    id: 'code', displayName: 'Qwen2.5-Coder 7B', kind: 'openai', baseUrl: OLLAMA, model: 'qwen2.5-coder:7b',
    totalParams: 7.62e9, contextLength: 32768, headers: {},
  },
  {
    id: 'math', displayName: 'Qwen2-Math 7B', kind: 'openai', baseUrl: OLLAMA, model: 'qwen2-math:7b',
    totalParams: 7.62e9, contextLength: 4096, headers: {},
  },
  {
    id: 'general', displayName: 'Llama 3.1 8B', kind: 'openai', baseUrl: OLLAMA, model: 'llama3.1:8b',
    totalParams: 8.03e9, contextLength: 131072, headers: {},
  },
];

export const DEFAULT_CONFIG: CoeConfig = {
  experts: DEFAULT_EXPERTS,
  categoryTable: { code: ['code'], math: ['math'], general: ['general'] },
  generalist: 'general',
  baseline: { name: 'Llama-3.1-70B-Instruct', activeParams: 70.6e9 },
  minConfidence: 0.8,
  maxEntropy: 0.5,
  routerModelPath: '',
  stickyRouting: false,
  connectTimeoutMs: 10_000,
  idleTimeoutMs: 60_000,
  classifierTimeoutMs: 250,
  maxContextTokens: 6000,
  logPrompts: false,
  correctionPromptText: 'ask',
  teachAfterCorrections: 10,
};
