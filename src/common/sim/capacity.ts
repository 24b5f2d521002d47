import type { NodeSpec } from './platforms';
import { DTYPE_BYTES, type Dtype } from './units';

/** What stays pinned in HBM beside the expert region (the paper: the router and the KV cache). */
export interface PinnedInHbm {
  routerParams: number;
  kvCacheBytes: number;
}

export const NOTHING_PINNED: PinnedInHbm = { routerParams: 0, kvCacheBytes: 0 };

export interface CapacityReport {
  platform: string;
  expertBytes: number;
  /** One expert's share of each socket's HBM under tensor parallelism. */
  expertSliceBytesPerSocket: number;
  pinnedBytesPerSocket: number;
  /** HBM left for experts, summed over the tensor-parallel sockets. */
  hbmExpertRegionBytes: number;
  /** Capacity of the tier that holds every expert's weights (SN40L DDR, GPU host memory). */
  weightStoreBytes: number;
  switchMsPerExpert: number;
  /** Memory-bound decode: every active weight is read once per generated token. */
  decodeMsPerToken: number;
  expertsResidentInHbm: number;
  /** Experts the node can serve at all; one more is out of memory. */
  maxExpertsInNode: number;
}

// Capacities are ratios of large floats; without the slack 47.99999 experts would floor to 47.
const FLOOR_SLACK = 1e-9;

export function weightBytes(params: number, dtype: Dtype): number {
  return params * DTYPE_BYTES[dtype];
}

export function weightStoreBytes(node: NodeSpec): number {
  return node.weightStore === 'socket-ddr' ? node.socket.ddrBytes * node.tensorParallel : node.hostMemoryBytes;
}

/** HBM per socket left for the expert region once router and KV cache are pinned (may be < 0). */
export function hbmExpertRegionPerSocket(node: NodeSpec, pinned: PinnedInHbm, dtype: Dtype): number {
  const pinnedBytes = weightBytes(pinned.routerParams, dtype) + pinned.kvCacheBytes;
  return node.socket.hbmBytes - pinnedBytes / node.tensorParallel;
}

export function switchMs(node: NodeSpec, bytes: number): number {
  return (bytes / node.copyToHbmBytesPerS) * 1000;
}

export function decodeMsPerToken(node: NodeSpec, activeBytes: number): number {
  return (activeBytes / (node.socket.hbmBytesPerS * node.tensorParallel)) * 1000;
}

/** Capacity of a node for experts of one size, derived from the node's memory tiers. */
export function capacityReport(
  node: NodeSpec,
  expertParams: number,
  dtype: Dtype,
  pinned: PinnedInHbm = NOTHING_PINNED,
): CapacityReport {
  const expertBytes = weightBytes(expertParams, dtype);
  const slice = expertBytes / node.tensorParallel;
  const regionPerSocket = hbmExpertRegionPerSocket(node, pinned, dtype);
  const storeForExperts = weightStoreBytes(node) - weightBytes(pinned.routerParams, dtype);
  return {
    platform: node.id,
    expertBytes,
    expertSliceBytesPerSocket: slice,
    pinnedBytesPerSocket: node.socket.hbmBytes - regionPerSocket,
    hbmExpertRegionBytes: Math.max(0, regionPerSocket) * node.tensorParallel,
    weightStoreBytes: weightStoreBytes(node),
    switchMsPerExpert: switchMs(node, expertBytes),
    decodeMsPerToken: decodeMsPerToken(node, expertBytes),
    expertsResidentInHbm: Math.max(0, Math.floor(regionPerSocket / slice + FLOOR_SLACK)),
    maxExpertsInNode: Math.max(0, Math.floor(storeForExperts / expertBytes + FLOOR_SLACK)),
  };
}

/** Nodes needed to keep `experts` such experts resident in HBM at once (Infinity if none fits). */
export function nodesToHoldInHbm(report: CapacityReport, experts: number): number {
  if (experts <= 0) return 0;
  return report.expertsResidentInHbm === 0 ? Number.POSITIVE_INFINITY : Math.ceil(experts / report.expertsResidentInHbm);
}
