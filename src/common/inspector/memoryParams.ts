import { z } from 'zod';
import type { FieldIssue, MemoryParams } from '../protocol/inspectorProtocol';
import { TRACE_SOURCES } from '../protocol/inspectorProtocol';
import { DGX_A100_NODE, DGX_H100_NODE, NodeSpecSchema, SN40L_NODE, type NodeSpec } from '../sim/platforms';
import { DTYPES, GB, GiB, MiB, TB, TiB, type Dtype } from '../sim/units';

const count = (max: number) => z.number().int().min(1).max(max);
const amount = (max: number) => z.number().finite().positive().max(max);

/** What the memory view may send; ranges are generous but keep the simulator away from nonsense. */
export const MemoryParamsSchema = z.object({
  traceSource: z.enum(TRACE_SOURCES),
  dtype: z.enum(DTYPES as [Dtype, ...Dtype[]]),
  batchSize: count(1024),
  outputTokens: z.number().int().min(0).max(100_000),
  kvCacheGiB: z.number().finite().min(0).max(1_000_000),
  unknownExpertParams: amount(1e13),
  sn40l: z.object({
    sockets: count(1024),
    tensorParallel: count(1024),
    sramMiB: z.number().finite().min(0).max(1e6),
    hbmGiB: amount(1e6),
    hbmTBps: amount(1e3),
    ddrTiB: amount(1e4),
    ddrGBps: amount(1e6),
    copyTBps: amount(1e3),
  }),
  h100CopyGBps: amount(1e5),
  a100CopyGBps: amount(1e5),
}) satisfies z.ZodType<MemoryParams>;

/** The paper's SN40L node, the paper's DGX copy bandwidths, bf16, batch 1, a modest KV cache. */
export const DEFAULT_MEMORY_PARAMS: MemoryParams = {
  traceSource: 'live',
  dtype: 'bf16',
  batchSize: 1,
  outputTokens: 20,
  kvCacheGiB: 8,
  unknownExpertParams: 7e9,
  sn40l: {
    sockets: SN40L_NODE.sockets,
    tensorParallel: SN40L_NODE.tensorParallel,
    sramMiB: SN40L_NODE.socket.sramBytes / MiB,
    hbmGiB: SN40L_NODE.socket.hbmBytes / GiB,
    hbmTBps: SN40L_NODE.socket.hbmBytesPerS / TB,
    ddrTiB: SN40L_NODE.socket.ddrBytes / TiB,
    ddrGBps: SN40L_NODE.socket.ddrBytesPerS / GB,
    copyTBps: SN40L_NODE.copyToHbmBytesPerS / TB,
  },
  h100CopyGBps: DGX_H100_NODE.copyToHbmBytesPerS / GB,
  a100CopyGBps: DGX_A100_NODE.copyToHbmBytesPerS / GB,
};

export type ParamsCheck = { ok: true; params: MemoryParams; nodes: NodeSpec[] } | { ok: false; issues: FieldIssue[] };

/** Validates untrusted input from the view and builds the three nodes it describes (SN40L, H100, A100). */
export function checkMemoryParams(input: unknown): ParamsCheck {
  const parsed = MemoryParamsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
  const p = parsed.data;
  const sn40l: NodeSpec = {
    ...SN40L_NODE,
    sockets: p.sn40l.sockets,
    tensorParallel: p.sn40l.tensorParallel,
    socket: {
      sramBytes: p.sn40l.sramMiB * MiB,
      hbmBytes: p.sn40l.hbmGiB * GiB,
      hbmBytesPerS: p.sn40l.hbmTBps * TB,
      ddrBytes: p.sn40l.ddrTiB * TiB,
      ddrBytesPerS: p.sn40l.ddrGBps * GB,
    },
    copyToHbmBytesPerS: p.sn40l.copyTBps * TB,
  };
  const checked = NodeSpecSchema.safeParse(sn40l);
  if (!checked.success) {
    return { ok: false, issues: checked.error.issues.map((i) => ({ path: `sn40l.${i.path.join('.')}`, message: i.message })) };
  }
  const h100: NodeSpec = { ...DGX_H100_NODE, copyToHbmBytesPerS: p.h100CopyGBps * GB };
  const a100: NodeSpec = { ...DGX_A100_NODE, copyToHbmBytesPerS: p.a100CopyGBps * GB };
  return { ok: true, params: p, nodes: [checked.data, h100, a100] };
}
