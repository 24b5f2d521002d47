import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DomainSchema } from '../../src/common/categories';
import { parseJsonlRows, type JsonlRowError } from '../../src/common/router/jsonlRows';

export const TrainingRowSchema = z.object({
  text: z.string(),
  label: DomainSchema,
  fine_label: z.string().nullish(),
  source: z.string().min(1),
  id: z.union([z.string(), z.number()]).nullish(),
  slug: z.string().nullish(),
  ambiguous: z.boolean().nullish(),
  shippable: z.boolean().nullish(),
  license: z.string().nullish(),
});
export type TrainingRow = z.infer<typeof TrainingRowSchema>;

/** A row plus the dataset (file stem) it came from: caps, weights and held-out splits work per dataset. */
export type DatasetRow = TrainingRow & { dataset: string };

export interface LoadedFile {
  file: string;
  dataset: string;
  rows: DatasetRow[];
  errors: JsonlRowError[];
}

/** Reads every *.jsonl in a folder (sorted, so the order never depends on the file system). */
export function loadJsonlFolder(dir: string): LoadedFile[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort();
  if (files.length === 0) throw new Error(`no .jsonl files in ${dir}`);
  return files.map((file) => {
    const parsed = parseJsonlRows(readFileSync(path.join(dir, file), 'utf8'), TrainingRowSchema);
    const dataset = file.replace(/\.jsonl$/, '');
    return { file, dataset, rows: parsed.rows.map((r) => ({ ...r.row, dataset })), errors: parsed.errors };
  });
}
