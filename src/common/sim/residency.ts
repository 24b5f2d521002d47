import { decodeMsPerToken, hbmExpertRegionPerSocket, NOTHING_PINNED, switchMs, weightBytes, weightStoreBytes, type PinnedInHbm } from './capacity';
import type { NodeSpec } from './platforms';
import { formatBytes, type Dtype } from './units';

export interface ExpertWeights {
  /** Every weight must be resident to run the expert (a mixture-of-experts keeps all of them). */
  totalParams: number;
  /** Weights read per generated token; drives the optional execution-time model. */
  activeParams: number;
}

export interface SimulationInput {
  node: NodeSpec;
  dtype: Dtype;
  pinned?: PinnedInHbm;
  experts: Readonly<Record<string, ExpertWeights>>;
  /** The expert id of each request, in arrival order. */
  trace: readonly string[];
  /** The router runs once per batch, then the batch's (prompt, expert) pairs run one after another. */
  batchSize?: number;
  /** Output tokens per request for the memory-bound decode model; 0 turns the run-time model off. */
  outputTokens?: number;
}

export interface RouterEvent {
  kind: 'router';
  batch: number;
  startMs: number;
  endMs: number;
}

export interface RequestEvent {
  kind: 'request';
  index: number;
  batch: number;
  expert: string;
  hit: boolean;
  /** Least-recently-used experts dropped from HBM to make room (never copied back). */
  evicted: string[];
  switchMs: number;
  runMs: number;
  startMs: number;
  endMs: number;
  /** HBM expert region after this request, least recently used first. */
  hbmResident: string[];
  hbmUsedBytes: number;
}

export type SimulationEvent = RouterEvent | RequestEvent;

export interface SimulationTotals {
  requests: number;
  batches: number;
  hits: number;
  misses: number;
  hitRate: number;
  evictions: number;
  switchMs: number;
  runMs: number;
  routerMs: number;
  totalMs: number;
  distinctExperts: number;
  peakHbmUsedBytes: number;
}

interface Common {
  platform: string;
  hbmExpertRegionBytes: number;
  weightStoreBytes: number;
}

export type SimulationResult =
  | (Common & { status: 'ok'; events: SimulationEvent[]; totals: SimulationTotals })
  | (Common & { status: 'outOfMemory'; neededBytes: number; message: string })
  | (Common & { status: 'expertTooLarge'; expert: string; expertBytes: number; message: string });

/** The trace names an expert the input does not describe: a caller bug, not a simulation outcome. */
export class UnknownExpertError extends Error {
  override readonly name = 'UnknownExpertError';
  constructor(readonly experts: string[]) {
    super(`no parameter count for expert(s) ${experts.map((e) => `"${e}"`).join(', ')}`);
  }
}

// Running sums of large floats drift; an expert that fits on paper must fit here too.
const FIT_SLACK = 1 + 1e-12;

/** Replays a trace against a node: LRU expert region in HBM, every expert's weights in the weight store. */
export function simulateTrace(input: SimulationInput): SimulationResult {
  const { node, dtype, experts, trace } = input;
  const pinned = input.pinned ?? NOTHING_PINNED;
  const batchSize = Math.max(1, Math.floor(input.batchSize ?? 1));
  const outputTokens = Math.max(0, input.outputTokens ?? 0);
  const unknown = [...new Set(trace.filter((id) => experts[id] === undefined))];
  if (unknown.length > 0) throw new UnknownExpertError(unknown);

  const regionBytes = Math.max(0, hbmExpertRegionPerSocket(node, pinned, dtype)) * node.tensorParallel;
  const storeBytes = weightStoreBytes(node);
  const common: Common = { platform: node.id, hbmExpertRegionBytes: regionBytes, weightStoreBytes: storeBytes };
  const bytesOf = (id: string): number => weightBytes(experts[id].totalParams, dtype);

  const distinct = [...new Set(trace)];
  const neededBytes = distinct.reduce((sum, id) => sum + bytesOf(id), weightBytes(pinned.routerParams, dtype));
  if (neededBytes > storeBytes) {
    const message = `out of memory: the router and ${distinct.length} experts need ${formatBytes(neededBytes)} but ${node.displayName} holds ${formatBytes(storeBytes)} of weights`;
    return { ...common, status: 'outOfMemory', neededBytes, message };
  }
  const tooLarge = distinct.find((id) => bytesOf(id) > regionBytes);
  if (tooLarge !== undefined) {
    const message = `expert "${tooLarge}" (${formatBytes(bytesOf(tooLarge))}) does not fit the ${formatBytes(regionBytes)} HBM expert region of ${node.displayName}`;
    return { ...common, status: 'expertTooLarge', expert: tooLarge, expertBytes: bytesOf(tooLarge), message };
  }

  const routerMsPerBatch = outputTokens > 0 ? decodeMsPerToken(node, weightBytes(pinned.routerParams, dtype)) : 0;
  // A Map iterates in insertion order, so delete-then-set keeps it ordered least recently used first.
  const resident = new Map<string, number>();
  const events: SimulationEvent[] = [];
  let usedBytes = 0;
  let clockMs = 0;
  const totals: SimulationTotals = {
    requests: trace.length, batches: 0, hits: 0, misses: 0, hitRate: 0, evictions: 0, switchMs: 0,
    runMs: 0, routerMs: 0, totalMs: 0, distinctExperts: distinct.length, peakHbmUsedBytes: 0,
  };

  trace.forEach((expert, index) => {
    const batch = Math.floor(index / batchSize);
    if (index % batchSize === 0) {
      totals.batches += 1;
      events.push({ kind: 'router', batch, startMs: clockMs, endMs: clockMs + routerMsPerBatch });
      clockMs += routerMsPerBatch;
      totals.routerMs += routerMsPerBatch;
    }
    const bytes = bytesOf(expert);
    const hit = resident.has(expert);
    const evicted: string[] = [];
    if (hit) {
      resident.delete(expert);
    } else {
      for (const [victim, victimBytes] of resident) {
        if (usedBytes + bytes <= regionBytes * FIT_SLACK) break;
        resident.delete(victim);
        usedBytes -= victimBytes;
        evicted.push(victim);
      }
      usedBytes += bytes;
    }
    resident.set(expert, bytes);
    const copyMs = hit ? 0 : switchMs(node, bytes);
    const runMs = outputTokens * decodeMsPerToken(node, weightBytes(experts[expert].activeParams, dtype));
    events.push({
      kind: 'request', index, batch, expert, hit, evicted, switchMs: copyMs, runMs,
      startMs: clockMs, endMs: clockMs + copyMs + runMs, hbmResident: [...resident.keys()], hbmUsedBytes: usedBytes,
    });
    clockMs += copyMs + runMs;
    totals.hits += hit ? 1 : 0;
    totals.misses += hit ? 0 : 1;
    totals.evictions += evicted.length;
    totals.switchMs += copyMs;
    totals.runMs += runMs;
    totals.peakHbmUsedBytes = Math.max(totals.peakHbmUsedBytes, usedBytes);
  });
  totals.totalMs = clockMs;
  totals.hitRate = trace.length === 0 ? 0 : totals.hits / trace.length;
  return { ...common, status: 'ok', events, totals };
}
