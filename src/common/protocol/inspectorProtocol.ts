/**
 * Typed messages between the extension host and the CoE inspector webviews (routing inspector,
 * active-parameter dashboard, memory-residency view). Imported by both sides; types only, so the
 * webview bundle stays free of host code. The host sends finished view models; the webviews render
 * them and send back intents — no routing, accounting or simulation happens in a webview.
 */
import type { ParamSummary } from '../accounting/activeParamLedger';
import type { DecisionSource } from '../decisions/decisionRecord';
import type { DecisionStep, FallbackReason } from '../routing/decision';
import type { PaperAccounting } from '../accounting/paperAccounting';
import type { RequestEvent } from '../sim/residency';
import type { Dtype } from '../sim/units';

export const INSPECTOR_VIEW_KINDS = ['inspector', 'params', 'memory'] as const;
export type InspectorViewKind = (typeof INSPECTOR_VIEW_KINDS)[number];

// ── Routing inspector ────────────────────────────────────────────────────────────────────────
export interface DecisionRow {
  id: string;
  timestamp: number;
  source: DecisionSource;
  /** Untrusted prompt text: the webview must only ever put it into text nodes. */
  excerpt: string | null;
  category: string | null;
  expert: string;
  /** Top category's probability and normalised entropy over categories. */
  confidence: number;
  entropy: number;
  /** What the fallback tests (see RoutingDecision); absent for decisions recorded before they existed. */
  expertConfidence?: number;
  expertEntropy?: number;
  confidenceExpert?: string;
  fallbackReason: FallbackReason | null;
  latencyMs: number;
  promptTokens: number | null;
  completionTokens: number | null;
  activeParams: number;
  outcome: string | null;
}

export interface InspectorListState {
  rows: DecisionRow[];
  /** Decisions in the log; rows may hold only the newest of them. */
  totalDecisions: number;
  experts: string[];
  categories: string[];
  /** Whether prompt excerpts are saved with the per-workspace history (a separate consent). */
  persistPromptText: boolean;
}

/** A run of prompt text and the contribution of its token to the chosen category (null: no token). */
export interface PromptSegment {
  text: string;
  weight: number | null;
}

export interface DecisionDetail {
  row: DecisionRow;
  probabilities: { category: string; probability: number }[];
  /** minConfidence applies to the expert-level confidence, maxEntropy to the entropy over experts. */
  thresholds: { minConfidence: number; maxEntropy: number };
  /** Where `thresholds` come from: recorded with the decision, or today's configuration (older records). */
  thresholdsSource?: 'decision' | 'config';
  fallbackDetail: string | null;
  steps: DecisionStep[];
  tableRow: { key: string; experts: string[] } | null;
  /** Null when the prompt text is not available (not kept, or not allowed). */
  prompt: PromptSegment[] | null;
  /** Attributions without character offsets, strongest first (shown when the prompt is not). */
  topTokens: { token: string; weight: number }[];
  maxAbsWeight: number;
  params: { router: number; expert: number; total: number; baseline: number };
  rerouteTargets: string[];
  correctionTargets: string[];
}

// ── Active parameters ────────────────────────────────────────────────────────────────────────
export interface KeyedSummary {
  key: string;
  summary: ParamSummary;
}

export interface LedgerView {
  total: ParamSummary;
  byExpert: KeyedSummary[];
  byCategory: KeyedSummary[];
}

export interface RequestCost {
  id: string;
  timestamp: number;
  expert: string;
  category: string | null;
  routerParams: number;
  expertParams: number;
  baselineParams: number;
}

/** The paper preset's accounting, as the dashboard shows it. */
export type PaperPresetView = PaperAccounting;

export interface ParamsDashboardState {
  baselineName: string;
  recent: RequestCost[];
  /** Running average of active parameters after each request of this session. */
  sessionRunningAverage: number[];
  session: LedgerView;
  allTime: LedgerView;
  paper: PaperPresetView;
}

// ── Memory residency ─────────────────────────────────────────────────────────────────────────
export const TRACE_SOURCES = ['live', 'paperFive', 'paper150', 'file'] as const;
export type TraceSource = (typeof TRACE_SOURCES)[number];

/** What the view lets people edit; validated (zod) on the host before anything runs. */
export interface MemoryParams {
  traceSource: TraceSource;
  dtype: Dtype;
  batchSize: number;
  outputTokens: number;
  kvCacheGiB: number;
  /** Size assumed for an expert the configuration no longer describes. */
  unknownExpertParams: number;
  sn40l: {
    sockets: number;
    tensorParallel: number;
    sramMiB: number;
    hbmGiB: number;
    hbmTBps: number;
    ddrTiB: number;
    ddrGBps: number;
    copyTBps: number;
  };
  h100CopyGBps: number;
  a100CopyGBps: number;
}

export interface TierView {
  name: 'SRAM' | 'HBM' | 'DDR' | 'Host memory';
  capacityBytes: number;
  bandwidthBytesPerS: number;
  /** HBM only: bytes pinned for the router and KV cache, outside the expert region. */
  pinnedBytes?: number;
}

/** One replayed request as the memory view draws it: the simulator's event without its bookkeeping. */
export type ReplayStep = Omit<RequestEvent, 'kind' | 'index' | 'batch'>;

export interface PlatformRun {
  platform: string;
  displayName: string;
  tiers: TierView[];
  hbmExpertRegionBytes: number;
  switchMsPerExpert: number;
  expertsResidentInHbm: number;
  maxExpertsInNode: number;
  status: 'ok' | 'outOfMemory' | 'expertTooLarge';
  message: string | null;
  steps: ReplayStep[];
  totals: { hits: number; misses: number; evictions: number; switchMs: number; runMs: number; totalMs: number } | null;
}

export interface MemoryViewState {
  params: MemoryParams;
  traceLabel: string;
  traceLength: number;
  /** Requests left out at the start of a long trace (the view replays the newest). */
  droppedRequests: number;
  experts: { id: string; bytes: number; known: boolean }[];
  runs: PlatformRun[];
  notes: string[];
}

export interface FieldIssue {
  path: string;
  message: string;
}

// ── Messages ─────────────────────────────────────────────────────────────────────────────────
export type HostToInspector =
  /** First message after `ready`: which of the views this webview is. */
  | { type: 'init'; view: InspectorViewKind }
  | { type: 'inspectorList'; state: InspectorListState }
  | { type: 'decisionDetail'; detail: DecisionDetail | null }
  | { type: 'paramsDashboard'; state: ParamsDashboardState }
  | { type: 'memoryState'; state: MemoryViewState }
  | { type: 'memoryParamsRejected'; issues: FieldIssue[] }
  | { type: 'notice'; level: 'info' | 'error'; text: string };

export type InspectorToHost =
  | { type: 'ready' }
  | { type: 'selectDecision'; id: string | null }
  | { type: 'reroute'; id: string; expert: string }
  | { type: 'correct'; id: string; category: string }
  | { type: 'exportLog' }
  | { type: 'setPersistPromptText'; allowed: boolean }
  | { type: 'setPaperShares'; shares: Record<string, number>; baselineId: string }
  | { type: 'setMemoryParams'; params: MemoryParams }
  | { type: 'loadTraceFile' };
