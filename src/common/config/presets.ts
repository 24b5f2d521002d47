import { DEFAULT_CONFIG } from './defaults';
import type { CoeConfig, ExpertConfig } from './schema';

/** A ready-made expert pool: the keys it sets replace those of the configuration it is applied to. */
export interface ConfigPreset {
  id: string;
  displayName: string;
  description: string;
  config: Pick<CoeConfig, 'experts' | 'categoryTable' | 'generalist' | 'baseline'>;
}

/** vLLM's default port; a gateway (LiteLLM, SambaNova Cloud `https://api.sambanova.ai/v1`) works the same way. */
export const PAPER_DEFAULT_BASE_URL = 'http://127.0.0.1:8000/v1';

function paperExpert(id: string, displayName: string, model: string, params: number, contextLength: number, baseUrl: string): ExpertConfig {
  return { id, displayName, kind: 'openai', baseUrl, model, totalParams: params, contextLength, headers: {} };
}

/**
 * The five open experts of the CoE paper (Jain et al., 2024) with their parameter counts, named by
 * their Hugging Face ids as vLLM and SGLang serve them; hosted providers may spell the model
 * names differently (edit `model`). Gemma-2's chat template rejects system messages, so no expert
 * here sets a system prompt.
 */
export function paperExperts(baseUrl = PAPER_DEFAULT_BASE_URL): ExpertConfig[] {
  return [
    paperExpert('qwen2-7b', 'Qwen2-7B-Instruct', 'Qwen/Qwen2-7B-Instruct', 7.6e9, 32768, baseUrl),
    paperExpert('gemma-2-9b', 'gemma-2-9b-it', 'google/gemma-2-9b-it', 9.2e9, 8192, baseUrl),
    paperExpert('gemma-2-27b', 'gemma-2-27b-it', 'google/gemma-2-27b-it', 27.2e9, 8192, baseUrl),
    paperExpert('llama-3.1-70b', 'Llama-3.1-70B-Instruct', 'meta-llama/Llama-3.1-70B-Instruct', 70.6e9, 131072, baseUrl),
    paperExpert('qwen2-72b', 'Qwen2-72B-Instruct', 'Qwen/Qwen2-72B-Instruct', 72.7e9, 32768, baseUrl),
  ];
}

/**
 * The paper does not publish its category→expert table, so this one is a starting point to be
 * calibrated with win rates: the large Qwen for code and math, Gemma for general chat, each with
 * a cheaper expert of the same family as failover, and Llama-3.1-70B as the generalist that
 * uncertain prompts go to.
 */
export const PAPER_PRESET: ConfigPreset = {
  id: 'paper',
  displayName: 'CoE paper: five open experts',
  description: 'Qwen2-7B, gemma-2-9b, gemma-2-27b, Llama-3.1-70B and Qwen2-72B on one OpenAI-compatible endpoint (vLLM, SGLang, SambaNova Cloud)',
  config: {
    experts: paperExperts(),
    categoryTable: {
      code: ['qwen2-72b', 'qwen2-7b'],
      math: ['qwen2-72b', 'qwen2-7b'],
      general: ['gemma-2-27b', 'gemma-2-9b'],
    },
    generalist: 'llama-3.1-70b',
    baseline: { name: 'Llama-3.1-70B-Instruct', activeParams: 70.6e9 },
  },
};

export const OLLAMA_PRESET: ConfigPreset = {
  id: 'ollama',
  displayName: 'Ollama on this machine',
  description: 'code, math and general models served by Ollama on http://127.0.0.1:11434 (the default)',
  config: {
    experts: DEFAULT_CONFIG.experts,
    categoryTable: DEFAULT_CONFIG.categoryTable,
    generalist: DEFAULT_CONFIG.generalist,
    baseline: DEFAULT_CONFIG.baseline,
  },
};

export const PRESETS: readonly ConfigPreset[] = [OLLAMA_PRESET, PAPER_PRESET];

export function findPreset(id: string): ConfigPreset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** The preset with every expert pointed at `baseUrl` (e.g. a SambaNova Cloud or vLLM address). */
export function presetAt(preset: ConfigPreset, baseUrl: string): ConfigPreset {
  const experts = preset.config.experts.map((e) => (e.kind === 'openai' ? { ...e, baseUrl } : e));
  return { ...preset, config: { ...preset.config, experts } };
}
