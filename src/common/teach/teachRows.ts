import { z } from 'zod';
import { DomainSchema, type CategorySet } from '../categories';
import type { AnchorRow, CanaryRow, GateRow } from './gate';
import { resolveLabel } from './teachLabels';

/** A labelled prompt to teach with (a stored correction with text, or an imported row). */
export interface LabelledText {
  text: string;
  /** A category id of the model or a domain (code / math / general). */
  label: string;
  /** Already combined with the source weight (see teachWeight). */
  weight: number;
}

/** A row of `coe teach --data` and of imported feedback: `label` is a category id or a domain. */
export const TeachDataRowSchema = z.object({
  text: z.string().min(1),
  label: z.string().min(1),
  weight: z.number().positive().finite().optional(),
});

/** A row of media/teach/canary.jsonl: the category is informative, the domain is what the gate checks. */
export const CanaryPromptSchema = z.object({
  text: z.string().min(1),
  category: z.string().min(1),
  domain: DomainSchema,
});
export type CanaryPrompt = z.infer<typeof CanaryPromptSchema>;

/** A row of media/teach/anchors.jsonl: a prompt with no label; the base model's output is its target. */
export const AnchorPromptSchema = z.object({ text: z.string().min(1) });

export type BaseLogitsFunction = (text: string) => Promise<{ ids: Int32Array; values: Float32Array; logits: Float64Array }>;

export interface PreparedTeachRows {
  rows: GateRow[];
  /** Labels that are neither a category of this model nor a domain, with how often they occurred. */
  unknownLabels: Record<string, number>;
}

/** Featurizes and scores each labelled prompt with the base model; unknown labels are counted, not guessed. */
export async function prepareTeachRows(items: readonly LabelledText[], categories: CategorySet, baseLogits: BaseLogitsFunction): Promise<PreparedTeachRows> {
  const rows: GateRow[] = [];
  const unknownLabels: Record<string, number> = {};
  for (const item of items) {
    const label = resolveLabel(item.label, categories);
    if (!label) {
      unknownLabels[item.label] = (unknownLabels[item.label] ?? 0) + 1;
      continue;
    }
    if (item.weight <= 0 || item.text.trim() === '') continue;
    const scored = await baseLogits(item.text);
    rows.push({ key: item.text.trim(), ids: scored.ids, values: scored.values, baseLogits: scored.logits, label, weight: item.weight });
  }
  return { rows, unknownLabels };
}

export async function prepareAnchorRows(texts: readonly string[], baseLogits: BaseLogitsFunction): Promise<AnchorRow[]> {
  const rows: AnchorRow[] = [];
  for (const text of texts) {
    const scored = await baseLogits(text);
    rows.push({ ids: scored.ids, values: scored.values, baseLogits: scored.logits });
  }
  return rows;
}

export async function prepareCanaryRows(prompts: readonly Pick<CanaryPrompt, 'text' | 'domain'>[], baseLogits: BaseLogitsFunction): Promise<CanaryRow[]> {
  const rows: CanaryRow[] = [];
  for (const prompt of prompts) {
    const scored = await baseLogits(prompt.text);
    rows.push({ ids: scored.ids, values: scored.values, baseLogits: scored.logits, domain: prompt.domain });
  }
  return rows;
}
