import { z } from 'zod';
import type { InspectorToHost } from '../protocol/inspectorProtocol';

const id = z.string().min(1).max(200);

/** Everything a webview may ask of the host; anything else is dropped (and logged) by the host. */
export const InspectorToHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('selectDecision'), id: id.nullable() }),
  z.object({ type: z.literal('reroute'), id, expert: id }),
  z.object({ type: z.literal('correct'), id, category: id }),
  z.object({ type: z.literal('exportLog') }),
  z.object({ type: z.literal('setPersistPromptText'), allowed: z.boolean() }),
  z.object({ type: z.literal('setPaperShares'), shares: z.record(id, z.number().finite().min(0).max(1e6)), baselineId: id }),
  // Memory parameters are checked field by field later, so the view can show each error where it belongs.
  z.object({ type: z.literal('setMemoryParams'), params: z.unknown() }),
  z.object({ type: z.literal('loadTraceFile') }),
]);

export type ParsedInspectorMessage =
  | Exclude<InspectorToHost, { type: 'setMemoryParams' }>
  | { type: 'setMemoryParams'; params: unknown };

export function parseInspectorMessage(raw: unknown): ParsedInspectorMessage | undefined {
  const parsed = InspectorToHostSchema.safeParse(raw);
  return parsed.success ? (parsed.data as ParsedInspectorMessage) : undefined;
}
