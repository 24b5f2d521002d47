import { teachWeight } from '../../common/teach/teachLabels';
import type { TeachOutcome } from '../../common/teach/teachRouter';
import type { CanaryPrompt, LabelledText } from '../../common/teach/teachRows';
import type { Correction } from '../feedback/correctionsStore';
import type { RouterService } from '../router/routerService';
import type { AdapterStore } from './adapterStore';

/** Corrections that can teach: only those stored with prompt text (the user's consent), source-weighted. */
export function correctionsToTeachItems(corrections: readonly Correction[]): { items: LabelledText[]; withoutText: number } {
  const items: LabelledText[] = [];
  let withoutText = 0;
  for (const c of corrections) {
    if (c.text === null || c.text.trim() === '') withoutText += 1;
    else items.push({ text: c.text, label: c.label, weight: teachWeight(c.source, c.weight) });
  }
  return { items, withoutText };
}

export interface TeachRun {
  outcome: TeachOutcome;
  unknownLabels: Record<string, number>;
  trainMs: number;
  /** The store version now in use when the adapter was accepted. */
  version: string | null;
}

/**
 * Trains in the router's worker, and when the gate accepts: stores the adapter as a new version and
 * hot-swaps it into the running worker. When refused, the adapter in use stays as it is.
 */
export async function teachAndSwap(
  router: RouterService,
  items: readonly LabelledText[],
  canary: readonly CanaryPrompt[],
  anchors: readonly string[],
  store: AdapterStore | null,
  now: () => Date = () => new Date(),
): Promise<TeachRun> {
  const reply = await router.teach({ items: [...items], canary: canary.map((c) => ({ text: c.text, domain: c.domain })), anchors: [...anchors] });
  const { outcome } = reply;
  let version: string | null = null;
  if (outcome.accepted && outcome.adapter) {
    const metadata = { createdAt: now().toISOString(), corrections: outcome.corrections, heldBack: outcome.heldBack, canary: outcome.canary };
    version = store ? await store.save(outcome.adapter, metadata) : null;
    await router.setAdapter(outcome.adapter, version ?? undefined);
  }
  return { outcome, unknownLabels: reply.unknownLabels, trainMs: reply.trainMs, version };
}
