import type { CategorySet } from '../categories';
import { expertActiveParams, type CoeConfig } from '../config/schema';
import { classifyWithin, ClassifierTimeoutError, type Classifier } from './classifier';
import type { ClassifierResult, DecisionStep, FallbackReason, RoutingDecision } from './decision';
import { certaintyOverExperts } from './entropy';
import { parseExplicitAddress } from './explicitAddress';
import { addressableTargets, resolveTarget, tableRowFor, type TableRow } from './expertTable';

export interface RouteInput {
  text: string;
  /** Caller's override (expert id, category id or domain): a re-route, a slash command, `--expert`. */
  override?: string;
  /** The conversation's current expert; used only when `stickyRouting` is on. */
  stickyExpert?: string;
  signal?: AbortSignal;
}

export interface RouteContext {
  config: CoeConfig;
  categories: CategorySet;
  classifier: Classifier;
  routerParams: number;
  now?: () => number;
  newId?: () => string;
}

export interface RouteOutcome {
  decision: RoutingDecision;
  /** The prompt the expert should receive (an explicit `@target` prefix removed). */
  prompt: string;
}

type Classification = { ok: true; result: ClassifierResult } | { ok: false; reason: FallbackReason; detail: string };

async function classify(ctx: RouteContext, text: string, signal?: AbortSignal): Promise<Classification> {
  try {
    return { ok: true, result: await classifyWithin(ctx.classifier, text, ctx.config.classifierTimeoutMs, signal) };
  } catch (error) {
    if (error instanceof ClassifierTimeoutError) return { ok: false, reason: 'classifierTimeout', detail: error.message };
    return { ok: false, reason: 'classifierError', detail: error instanceof Error ? error.message : String(error) };
  }
}

/** The router's output seen at the level that matters for routing: which expert, and how sure. */
export interface ExpertView {
  /** The expert the top category's table row picks first. */
  expert: string;
  /** Summed probability of every category whose table row picks that expert first. */
  confidence: number;
  /** Normalised entropy of the per-expert masses (0 = one expert, 1 = uniform over the experts the table reaches). */
  entropy: number;
  masses: Record<string, number>;
}

/**
 * Sums the category probabilities per expert through the category→expert table: two fine categories that go to
 * the same expert are no routing doubt, so the uncertainty test looks at this view, not at the top category.
 */
export function expertView(result: ClassifierResult, config: CoeConfig, categories: CategorySet): ExpertView {
  const expertOf = (category: string) => tableRowFor(category, config, categories).experts[0];
  const expert = expertOf(result.top);
  const pairs = result.categories.map((c, i) => [c, result.probabilities[i]] as const);
  const { confidence, entropy, masses } = certaintyOverExperts(pairs, expertOf, expert);
  return { expert, confidence, entropy, masses: Object.fromEntries(masses) };
}

function isUncertain(view: ExpertView, config: CoeConfig): string | null {
  if (view.confidence < config.minConfidence) {
    return `confidence in expert ${view.expert} ${view.confidence.toFixed(2)} < ${config.minConfidence}`;
  }
  if (view.entropy > config.maxEntropy) return `entropy over experts ${view.entropy.toFixed(2)} > ${config.maxEntropy}`;
  return null;
}

/**
 * The two-step CoE policy: classify the prompt, then map its category to an expert through the table —
 * unless an explicit address, an override, stickiness, an empty prompt, a router failure or router
 * uncertainty says otherwise (each recorded as a typed reason).
 */
export async function routeRequest(input: RouteInput, ctx: RouteContext): Promise<RouteOutcome> {
  const { config, categories } = ctx;
  const explicit = parseExplicitAddress(input.text, addressableTargets(config, categories));
  const prompt = explicit ? explicit.rest : input.text;
  const generalistRow: TableRow = { key: '(generalist)', experts: [config.generalist] };

  if (prompt.trim().length === 0) {
    return { prompt, decision: build(ctx, null, generalistRow, 'emptyPrompt', 'the prompt is empty', false, null) };
  }
  const classification = await classify(ctx, prompt, input.signal);
  const withView = (r: ClassifierResult) => ({ ...r, view: expertView(r, config, categories) });

  const overrideTarget = input.override ?? explicit?.target;
  if (overrideTarget !== undefined) {
    const row = resolveTarget(overrideTarget, config, categories);
    if (row) {
      const how = input.override !== undefined ? 'override by the caller' : `addressed as @${overrideTarget}`;
      return { prompt, decision: build(ctx, classification.ok ? withView(classification.result) : null, row, 'userOverride', `${how} → ${row.experts[0]}`, false, 'explicit') };
    }
  }
  if (!classification.ok) {
    return { prompt, decision: build(ctx, null, generalistRow, classification.reason, classification.detail, false, null) };
  }
  const result = withView(classification.result);
  const sticky = config.stickyRouting && input.stickyExpert !== undefined
    && config.experts.some((e) => e.id === input.stickyExpert);
  if (sticky && input.stickyExpert) {
    const row: TableRow = { key: '(sticky)', experts: [input.stickyExpert] };
    return { prompt, decision: build(ctx, result, row, null, 'kept the conversation\'s expert', true, 'sticky') };
  }
  const uncertainty = isUncertain(result.view, config);
  if (uncertainty) {
    return { prompt, decision: build(ctx, result, generalistRow, 'lowConfidence', uncertainty, false, null) };
  }
  const row = tableRowFor(result.top, config, categories);
  return { prompt, decision: build(ctx, result, row, null, null, false, 'routed') };
}

function build(
  ctx: RouteContext,
  /** The classifier's answer with its expert-level view (what the uncertainty test used). */
  result: (ClassifierResult & { view: ExpertView }) | null,
  row: TableRow,
  fallbackReason: FallbackReason | null,
  detail: string | null,
  sticky: boolean,
  stepKind: DecisionStep['kind'] | null,
): RoutingDecision {
  const { config, categories } = ctx;
  const expertId = row.experts[0];
  const expert = config.experts.find((e) => e.id === expertId);
  const expertParams = expert ? expertActiveParams(expert) : 0;
  const probabilities: Record<string, number> = {};
  result?.categories.forEach((c, i) => (probabilities[c] = result.probabilities[i]));
  // The router's view of the expert its top category maps to, even when an override or a fallback picked another.
  const view = result?.view;
  const kind = fallbackReason ?? stepKind ?? 'routed';
  return {
    id: ctx.newId?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    timestamp: ctx.now?.() ?? Date.now(),
    category: result?.top ?? null,
    domain: result ? categories.domainOf(result.top) ?? null : null,
    expert: expertId,
    confidence: result?.confidence ?? 0,
    entropy: result?.entropy ?? 1,
    ...(view ? { expertConfidence: view.confidence, expertEntropy: view.entropy, confidenceExpert: view.expert } : {}),
    thresholds: { minConfidence: config.minConfidence, maxEntropy: config.maxEntropy },
    probabilities,
    fallbackReason,
    fallbackDetail: detail,
    steps: [{ kind, expert: expertId, ...(detail ? { detail } : {}) }],
    tableRow: row.key === '(generalist)' && fallbackReason ? null : row,
    sticky,
    latencyMs: result?.latencyMs ?? 0,
    attributions: result?.attributions ?? [],
    ...(result?.adapter ? { adapter: result.adapter } : {}),
    routerParams: ctx.routerParams,
    expertActiveParams: expertParams,
    activeParams: ctx.routerParams + expertParams,
    baselineParams: config.baseline.activeParams,
  };
}
