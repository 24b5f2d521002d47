import { z } from 'zod';
import { GB, GiB, MB, MiB, TB, TiB } from './units';

const bytes = z.number().nonnegative().finite();
const positive = z.number().positive().finite();

export const SocketSpecSchema = z.object({
  sramBytes: bytes,
  hbmBytes: positive,
  hbmBytesPerS: positive,
  /** Memory attached to the accelerator itself (SN40L's DDR); 0 on a GPU. */
  ddrBytes: bytes,
  ddrBytesPerS: bytes,
});
export type SocketSpec = z.infer<typeof SocketSpecSchema>;

/**
 * Where a node keeps every expert's weights. HBM only caches them: SN40L keeps the master copy in
 * socket-attached DDR, a GPU node in host memory. Weights are read-only, so eviction never copies back.
 */
export const WEIGHT_STORES = ['socket-ddr', 'host-memory'] as const;
export type WeightStore = (typeof WEIGHT_STORES)[number];

export const NodeSpecSchema = z
  .object({
    id: z.string().min(1),
    displayName: z.string().min(1),
    sockets: z.number().int().positive(),
    socket: SocketSpecSchema,
    hostMemoryBytes: bytes,
    weightStore: z.enum(WEIGHT_STORES),
    /** Whole-node bandwidth of copying weights from the weight store into HBM. */
    copyToHbmBytesPerS: positive,
    /**
     * Sockets each expert (and the router) is split across. The paper maps everything over all 8;
     * with fewer, the remaining sockets are idle in this model (no replica placement).
     */
    tensorParallel: z.number().int().positive(),
  })
  .refine((n) => n.tensorParallel <= n.sockets, {
    message: 'tensorParallel cannot exceed the number of sockets',
    path: ['tensorParallel'],
  })
  .refine((n) => n.weightStore !== 'socket-ddr' || n.socket.ddrBytes > 0, {
    message: 'a node that keeps weights in socket DDR needs socket.ddrBytes > 0',
    path: ['socket', 'ddrBytes'],
  })
  .refine((n) => n.weightStore !== 'host-memory' || n.hostMemoryBytes > 0, {
    message: 'a node that keeps weights in host memory needs hostMemoryBytes > 0',
    path: ['hostMemoryBytes'],
  });
export type NodeSpec = z.infer<typeof NodeSpecSchema>;

/**
 * SN40L node (Prabhakar et al., arXiv 2405.07518): 8 sockets, each 520 MiB SRAM, 64 GiB HBM at
 * ~1.8–2 TB/s (we take the conservative 1.8), 1.5 TiB DDR at ~200 GB/s. The node copies DDR→HBM at
 * "> 1 TB/s"; we use exactly 1 TB/s, which is also what the paper's own 13.5 GB ≈ 13.5 ms arithmetic uses.
 */
export const SN40L_NODE: NodeSpec = {
  id: 'sn40l',
  displayName: 'SambaNova SN40L node (8 sockets)',
  sockets: 8,
  socket: { sramBytes: 520 * MiB, hbmBytes: 64 * GiB, hbmBytesPerS: 1.8 * TB, ddrBytes: 1.5 * TiB, ddrBytesPerS: 200 * GB },
  hostMemoryBytes: 0,
  weightStore: 'socket-ddr',
  copyToHbmBytesPerS: 1 * TB,
  tensorParallel: 8,
};

/**
 * DGX H100: 8 × H100 SXM 80 GB (decimal, as NVIDIA quotes it) at 3.35 TB/s; 50 MB L2 stands in for
 * SRAM. Host memory is the datasheet's 2 TB, which is also what makes the paper's "out of memory at
 * 150 experts" come out (150 × 13.5 GB > 2 TB). Host→GPU copies at 64 GB/s as in the paper.
 */
export const DGX_H100_NODE: NodeSpec = {
  id: 'dgx-h100',
  displayName: 'NVIDIA DGX H100 (8 × H100 80 GB)',
  sockets: 8,
  socket: { sramBytes: 50 * MB, hbmBytes: 80 * GB, hbmBytesPerS: 3.35 * TB, ddrBytes: 0, ddrBytesPerS: 0 },
  hostMemoryBytes: 2 * TB,
  weightStore: 'host-memory',
  copyToHbmBytesPerS: 64 * GB,
  tensorParallel: 8,
};

/**
 * DGX A100 640 GB: 8 × A100 80 GB at 2.04 TB/s, 40 MB L2. The 80 GB-GPU model ships with 2 TB of host
 * memory (the 320 GB model had 1 TB), so we use 2 TB. Host→GPU copies at 32 GB/s as in the paper.
 */
export const DGX_A100_NODE: NodeSpec = {
  id: 'dgx-a100',
  displayName: 'NVIDIA DGX A100 (8 × A100 80 GB)',
  sockets: 8,
  socket: { sramBytes: 40 * MB, hbmBytes: 80 * GB, hbmBytesPerS: 2.04 * TB, ddrBytes: 0, ddrBytesPerS: 0 },
  hostMemoryBytes: 2 * TB,
  weightStore: 'host-memory',
  copyToHbmBytesPerS: 32 * GB,
  tensorParallel: 8,
};

export const PLATFORMS: Readonly<Record<string, NodeSpec>> = {
  [SN40L_NODE.id]: SN40L_NODE,
  [DGX_H100_NODE.id]: DGX_H100_NODE,
  [DGX_A100_NODE.id]: DGX_A100_NODE,
};
export const PLATFORM_IDS = Object.keys(PLATFORMS);
