import type { RoutingDecision } from '../routing/decision';

export type DecisionSource = 'chat' | 'participant' | 'codeAction' | 'cli' | 'calibration';

/** A routed request as the inspector, dashboards and simulator see it. */
export interface DecisionRecord {
  decision: RoutingDecision;
  source: DecisionSource;
  /** First characters of the prompt; null unless the user allows storing prompt text. */
  promptExcerpt: string | null;
  /** Full prompt for the inspector's highlighted view; kept in memory only for this session. */
  prompt?: string;
  conversationId?: string;
  usage?: { promptTokens?: number; completionTokens?: number };
  outcome?: 'streaming' | 'ok' | 'error' | 'cancelled';
  error?: string;
}
