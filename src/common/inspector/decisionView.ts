import type { DecisionRecord } from '../decisions/decisionRecord';
import type { DecisionDetail, DecisionRow, InspectorListState, PromptSegment } from '../protocol/inspectorProtocol';
import type { TokenAttribution } from '../routing/decision';

/** Rows sent to the inspector list; the newest first. Older decisions stay exportable. */
export const MAX_LIST_ROWS = 500;
export const LIST_EXCERPT_CHARS = 120;

export function toRow(record: DecisionRecord): DecisionRow {
  const d = record.decision;
  return {
    id: d.id,
    timestamp: d.timestamp,
    source: record.source,
    // The in-memory prompt is this user's own text in this window; only the disk needs consent.
    excerpt: (record.promptExcerpt ?? record.prompt)?.slice(0, LIST_EXCERPT_CHARS) ?? null,
    category: d.category,
    expert: d.expert,
    confidence: d.confidence,
    entropy: d.entropy,
    ...(d.expertConfidence !== undefined ? { expertConfidence: d.expertConfidence } : {}),
    ...(d.expertEntropy !== undefined ? { expertEntropy: d.expertEntropy } : {}),
    ...(d.confidenceExpert !== undefined ? { confidenceExpert: d.confidenceExpert } : {}),
    fallbackReason: d.fallbackReason,
    latencyMs: d.latencyMs,
    promptTokens: record.usage?.promptTokens ?? null,
    completionTokens: record.usage?.completionTokens ?? null,
    activeParams: d.activeParams,
    outcome: record.outcome ?? null,
  };
}

export interface ListContext {
  configuredExperts: readonly string[];
  persistPromptText: boolean;
}

export function buildListState(records: readonly DecisionRecord[], ctx: ListContext): InspectorListState {
  // History loaded from disk may arrive after the first live decision: order by time, not arrival.
  const newest = [...records].sort((a, b) => a.decision.timestamp - b.decision.timestamp).slice(-MAX_LIST_ROWS).reverse();
  const experts = new Set(ctx.configuredExperts);
  const categories = new Set<string>();
  for (const r of records) {
    experts.add(r.decision.expert);
    if (r.decision.category) categories.add(r.decision.category);
  }
  return {
    rows: newest.map(toRow),
    totalDecisions: records.length,
    experts: [...experts].sort(),
    categories: [...categories].sort(),
    persistPromptText: ctx.persistPromptText,
  };
}

export interface DetailContext {
  minConfidence: number;
  maxEntropy: number;
  configuredExperts: readonly string[];
  /** Every category the router knows (the correction choices); falls back to the decision's own. */
  knownCategories: readonly string[];
}

export function buildDetail(record: DecisionRecord, ctx: DetailContext): DecisionDetail {
  const d = record.decision;
  const probabilities = Object.entries(d.probabilities)
    .map(([category, probability]) => ({ category, probability }))
    .sort((a, b) => b.probability - a.probability || a.category.localeCompare(b.category));
  const withOffsets = d.attributions.filter((a) => a.start !== undefined && a.end !== undefined);
  const prompt = record.prompt ?? null;
  const segments = prompt !== null ? promptSegments(prompt, withOffsets) : null;
  const categories = ctx.knownCategories.length > 0 ? [...ctx.knownCategories] : probabilities.map((p) => p.category);
  return {
    row: toRow(record),
    probabilities,
    // The thresholds this decision was tested against; today's configuration for records that did not keep them.
    thresholds: d.thresholds ? { ...d.thresholds } : { minConfidence: ctx.minConfidence, maxEntropy: ctx.maxEntropy },
    thresholdsSource: d.thresholds ? 'decision' : 'config',
    fallbackDetail: d.fallbackDetail,
    steps: d.steps,
    tableRow: d.tableRow,
    prompt: segments,
    topTokens: [...d.attributions].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight)).slice(0, 12)
      .map((a) => ({ token: a.token, weight: a.weight })),
    maxAbsWeight: d.attributions.reduce((m, a) => Math.max(m, Math.abs(a.weight)), 0),
    params: { router: d.routerParams, expert: d.expertActiveParams, total: d.activeParams, baseline: d.baselineParams },
    rerouteTargets: ctx.configuredExperts.filter((e) => e !== d.expert),
    correctionTargets: categories.filter((c) => c !== d.category).sort(),
  };
}

/**
 * Splits the prompt into runs: each attributed token with its weight, the text between tokens with
 * none. Offsets outside the prompt or overlapping an earlier token are ignored rather than trusted.
 */
export function promptSegments(prompt: string, attributions: readonly TokenAttribution[]): PromptSegment[] {
  const tokens = attributions
    .filter((a): a is TokenAttribution & { start: number; end: number } =>
      a.start !== undefined && a.end !== undefined && a.start >= 0 && a.end > a.start && a.end <= prompt.length)
    .sort((a, b) => a.start - b.start);
  const segments: PromptSegment[] = [];
  let cursor = 0;
  for (const token of tokens) {
    if (token.start < cursor) continue;
    if (token.start > cursor) segments.push({ text: prompt.slice(cursor, token.start), weight: null });
    segments.push({ text: prompt.slice(token.start, token.end), weight: token.weight });
    cursor = token.end;
  }
  if (cursor < prompt.length) segments.push({ text: prompt.slice(cursor), weight: null });
  return segments;
}
