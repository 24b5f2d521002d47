import { z } from 'zod';

/**
 * The one configuration schema. VS Code settings (`coe.<key>`) and the CLI's `coe.config.json`
 * are both validated by it; package.json `contributes.configuration` is checked against it by a test.
 * API keys are deliberately absent: VS Code keeps them in SecretStorage, the CLI reads an environment
 * variable (see `apiKeyEnvVar`).
 */
export const EXPERT_KINDS = ['openai', 'vscode-lm'] as const;

const expertId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'use lower-case letters, digits, "-", "_" or "." (max 64)');

export const ExpertSchema = z
  .object({
    id: expertId,
    displayName: z.string().min(1).optional(),
    kind: z.enum(EXPERT_KINDS).default('openai'),
    /** OpenAI-compatible base URL, e.g. http://127.0.0.1:11434/v1 (kind "openai"). */
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Model name at the endpoint; for kind "vscode-lm" a family or id selector. */
    model: z.string().min(1),
    /** vscode-lm: vendor selector (e.g. "copilot"). */
    vendor: z.string().min(1).optional(),
    totalParams: z.number().positive(),
    /** Parameters used per token; equals totalParams unless the expert is a mixture-of-experts. */
    activeParams: z.number().positive().optional(),
    contextLength: z.number().int().positive().default(8192),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().positive().optional(),
    systemPrompt: z.string().optional(),
    headers: z.record(z.string(), z.string()).default({}),
  })
  .refine((e) => e.kind !== 'openai' || e.baseUrl !== undefined, {
    message: 'an "openai" expert needs a baseUrl',
    path: ['baseUrl'],
  })
  .refine((e) => e.activeParams === undefined || e.activeParams <= e.totalParams, {
    message: 'activeParams cannot exceed totalParams',
    path: ['activeParams'],
  });
export type ExpertConfig = z.infer<typeof ExpertSchema>;

export const BaselineSchema = z.object({
  name: z.string().min(1),
  activeParams: z.number().positive(),
});

/** Flat on purpose: each key is one VS Code setting `coe.<key>`. */
export const ConfigShape = {
  experts: z.array(ExpertSchema),
  /** category id or domain → expert ids in preference order. */
  categoryTable: z.record(z.string(), z.array(expertId).min(1)),
  generalist: expertId,
  baseline: BaselineSchema,
  minConfidence: z.number().min(0).max(1),
  maxEntropy: z.number().min(0).max(1),
  routerModelPath: z.string(),
  stickyRouting: z.boolean(),
  connectTimeoutMs: z.number().int().min(100).max(600_000),
  idleTimeoutMs: z.number().int().min(100).max(3_600_000),
  classifierTimeoutMs: z.number().int().min(1).max(60_000),
  maxContextTokens: z.number().int().min(256),
  logPrompts: z.boolean(),
  correctionPromptText: z.enum(['ask', 'always', 'never']),
  teachAfterCorrections: z.number().int().min(0).max(1000),
} as const;

export const ConfigSchema = z.object(ConfigShape);
export type CoeConfig = z.infer<typeof ConfigSchema>;
export type ConfigKey = keyof CoeConfig;

/** Name of the environment variable the CLI reads an expert's API key from. */
export function apiKeyEnvVar(expertId: string): string {
  return `COE_API_KEY_${expertId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

export function expertActiveParams(expert: ExpertConfig): number {
  return expert.activeParams ?? expert.totalParams;
}
