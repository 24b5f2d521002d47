/** Roles of the OpenAI-compatible chat format; every expert kind maps from these. */
export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/** Context the user attached to a request (a selection, a file excerpt); trimmed to the token budget. */
export interface ContextAttachment {
  /** Shown to the expert and in trim reports, e.g. `src/app.ts:10-42` or `selection`. */
  label: string;
  content: string;
  /** Code fence language hint, e.g. `typescript`. */
  language?: string;
}

/** Token counts as reported by the server (never estimated). */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}
