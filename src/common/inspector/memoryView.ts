import type { ExpertConfig } from '../config/schema';
import type { DecisionRecord } from '../decisions/decisionRecord';
import type { MemoryParams, MemoryViewState, PlatformRun, ReplayStep, TierView } from '../protocol/inspectorProtocol';
import { capacityReport, weightBytes } from '../sim/capacity';
import type { NodeSpec } from '../sim/platforms';
import { simulateTrace, type ExpertWeights, type SimulationResult } from '../sim/residency';
import { GiB } from '../sim/units';
import type { TraceInput } from './sampleTraces';

/** The view replays at most this many of the newest requests; the totals cover the same window. */
export const MAX_REPLAY_REQUESTS = 400;

/** A trace of expert ids, each expert sized from the configuration (or assumed, and reported, if unknown). */
export function traceOfExperts(trace: readonly string[], experts: readonly ExpertConfig[], unknownExpertParams: number, label: string, routerParams = 0): TraceInput {
  const sizes = new Map(experts.map((e) => [e.id, { totalParams: e.totalParams, activeParams: e.activeParams ?? e.totalParams }]));
  const known: Record<string, ExpertWeights> = {};
  const unknown: string[] = [];
  for (const id of new Set(trace)) {
    const size = sizes.get(id);
    if (size) known[id] = size;
    else {
      unknown.push(id);
      known[id] = { totalParams: unknownExpertParams, activeParams: unknownExpertParams };
    }
  }
  return { label, trace: [...trace], experts: known, routerParams, unknown };
}

/** The live routing trace: each decision's expert, in order. */
export function liveTrace(records: readonly DecisionRecord[], experts: readonly ExpertConfig[], unknownExpertParams: number): TraceInput {
  const sorted = [...records].sort((a, b) => a.decision.timestamp - b.decision.timestamp);
  const routerParams = sorted.length > 0 ? sorted[sorted.length - 1].decision.routerParams : 0;
  return traceOfExperts(sorted.map((r) => r.decision.expert), experts, unknownExpertParams, 'Live routing trace (decision log)', routerParams);
}

function tiers(node: NodeSpec, pinnedBytes: number): TierView[] {
  const n = node.tensorParallel;
  const store: TierView = node.weightStore === 'socket-ddr'
    ? { name: 'DDR', capacityBytes: node.socket.ddrBytes * n, bandwidthBytesPerS: node.copyToHbmBytesPerS }
    : { name: 'Host memory', capacityBytes: node.hostMemoryBytes, bandwidthBytesPerS: node.copyToHbmBytesPerS };
  return [
    { name: 'SRAM', capacityBytes: node.socket.sramBytes * n, bandwidthBytesPerS: 0 },
    { name: 'HBM', capacityBytes: node.socket.hbmBytes * n, bandwidthBytesPerS: node.socket.hbmBytesPerS * n, pinnedBytes },
    store,
  ];
}

function platformRun(node: NodeSpec, result: SimulationResult, params: MemoryParams, input: TraceInput, referenceParams: number): PlatformRun {
  const pinned = { routerParams: input.routerParams, kvCacheBytes: params.kvCacheGiB * GiB };
  const capacity = capacityReport(node, referenceParams, params.dtype, pinned);
  const pinnedBytes = weightBytes(pinned.routerParams, params.dtype) + pinned.kvCacheBytes;
  const base = {
    platform: node.id,
    displayName: node.displayName,
    tiers: tiers(node, pinnedBytes),
    hbmExpertRegionBytes: result.hbmExpertRegionBytes,
    switchMsPerExpert: capacity.switchMsPerExpert,
    expertsResidentInHbm: capacity.expertsResidentInHbm,
    maxExpertsInNode: capacity.maxExpertsInNode,
  };
  if (result.status !== 'ok') return { ...base, status: result.status, message: result.message, steps: [], totals: null };
  const steps: ReplayStep[] = [];
  for (const e of result.events) {
    if (e.kind !== 'request') continue;
    const { expert, hit, evicted, switchMs, runMs, startMs, endMs, hbmResident, hbmUsedBytes } = e;
    steps.push({ expert, hit, evicted, switchMs, runMs, startMs, endMs, hbmResident, hbmUsedBytes });
  }
  const t = result.totals;
  return {
    ...base,
    status: 'ok',
    message: null,
    steps,
    totals: { hits: t.hits, misses: t.misses, evictions: t.evictions, switchMs: t.switchMs, runMs: t.runMs, totalMs: t.totalMs },
  };
}

/** Replays one trace on every node with the same parameters, for the side-by-side view. */
export function buildMemoryView(params: MemoryParams, nodes: readonly NodeSpec[], input: TraceInput, notes: string[] = []): MemoryViewState {
  const dropped = Math.max(0, input.trace.length - MAX_REPLAY_REQUESTS);
  const trace = input.trace.slice(dropped);
  const used = new Set(trace);
  const experts = Object.entries(input.experts).filter(([id]) => used.has(id));
  // Capacity figures are quoted for the trace's largest expert (or the assumed size of an unknown one).
  const referenceParams = experts.reduce((m, [, w]) => Math.max(m, w.totalParams), 0) || params.unknownExpertParams;
  const runs = nodes.map((node) => {
    const result = simulateTrace({
      node,
      dtype: params.dtype,
      pinned: { routerParams: input.routerParams, kvCacheBytes: params.kvCacheGiB * GiB },
      experts: input.experts,
      trace,
      batchSize: params.batchSize,
      outputTokens: params.outputTokens,
    });
    return platformRun(node, result, params, input, referenceParams);
  });
  return {
    params,
    traceLabel: input.label,
    traceLength: input.trace.length,
    droppedRequests: dropped,
    experts: experts.map(([id, w]) => ({ id, bytes: weightBytes(w.totalParams, params.dtype), known: !(input.unknown ?? []).includes(id) })),
    runs,
    notes,
  };
}
