import { z } from 'zod';
import { DEFAULT_CONFIG } from './defaults';
import { ConfigShape, type ConfigKey } from './schema';

/** One line per setting, shown in the Settings UI. */
export const SETTING_DESCRIPTIONS: Record<ConfigKey, string> = {
  experts:
    'Expert LLMs. Each: id, kind ("openai" for any OpenAI-compatible endpoint such as Ollama, vLLM, LM Studio, llama.cpp, SambaNova Cloud; "vscode-lm" for VS Code language models), baseUrl, model, totalParams, activeParams (MoE), contextLength, temperature, maxTokens, systemPrompt, headers. API keys are not settings: use "CoE: Set API Key".',
  categoryTable:
    'Category → expert ids in preference order. Keys are router categories or the domains "code", "math", "general"; a category without a row uses its domain\'s row.',
  generalist: 'Expert that answers when the router is unsure, fails or the prompt is empty.',
  baseline: 'Monolithic model the active-parameter saving is measured against.',
  minConfidence: 'Below this probability for the chosen expert (summed over every category the table maps to it) the request goes to the generalist.',
  maxEntropy: 'Above this normalised entropy of the per-expert probabilities (0 = one expert, 1 = uniform) the request goes to the generalist.',
  routerModelPath: 'Folder of a router model bundle (labels.json + ONNX). Empty: the bundled model.',
  stickyRouting: 'Keep a conversation on the expert of its first routed turn (explicit @expert still wins).',
  connectTimeoutMs: 'Time allowed to connect to an expert endpoint.',
  idleTimeoutMs: 'Longest silence allowed inside a streamed answer before it is treated as broken.',
  classifierTimeoutMs: 'Time box for one router call; past it the generalist answers (reason: classifierTimeout).',
  maxContextTokens: 'Token budget for history and attached context sent to an expert (trimmed oldest first).',
  logPrompts: 'Write prompt text into the CoE log. Off by default: logs then hold only metadata.',
  correctionPromptText:
    'Keep the prompt text with your routing corrections, on this machine only, so the router can learn from them: "ask" on the first correction (the answer is remembered here), "always" or "never". Without text a correction is listed but cannot teach.',
  teachAfterCorrections:
    'Teach the router again in the background after this many new corrections (0: only with "CoE: Teach Router Now"). A new adapter is used only if it passes the gate.',
};

/** Settings whose workspace values are ignored in untrusted workspaces (they can redirect traffic). */
export const RESTRICTED_SETTINGS: readonly ConfigKey[] = ['experts', 'categoryTable', 'generalist', 'routerModelPath', 'logPrompts', 'correctionPromptText'];

type JsonSchema = Record<string, unknown>;

function stripMeta(schema: JsonSchema): JsonSchema {
  const rest = { ...schema };
  delete rest.$schema;
  return rest;
}

/** `contributes.configuration` derived from the zod schema: package.json must equal this (tested). */
export function buildSettingsContribution(): { title: string; properties: Record<string, JsonSchema> } {
  const properties: Record<string, JsonSchema> = {};
  for (const key of Object.keys(ConfigShape) as ConfigKey[]) {
    const schema = stripMeta(z.toJSONSchema(ConfigShape[key], { io: 'input', unrepresentable: 'any' }) as JsonSchema);
    properties[`coe.${key}`] = {
      ...schema,
      default: DEFAULT_CONFIG[key],
      markdownDescription: SETTING_DESCRIPTIONS[key],
      ...(RESTRICTED_SETTINGS.includes(key) ? { scope: 'window' } : {}),
    };
  }
  return { title: 'CoE — Composition of Experts', properties };
}
