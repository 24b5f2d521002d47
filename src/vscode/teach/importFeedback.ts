import { readFile } from 'node:fs/promises';
import { parseJsonlRows } from '../../common/router/jsonlRows';
import { TeachDataRowSchema } from '../../common/teach/teachRows';
import type { CorrectionsStore } from '../../node/feedback/correctionsStore';

export interface FeedbackImport {
  imported: number;
  skipped: number;
  firstError?: string;
}

/**
 * Adds a labelled JSONL file ({"text", "label", "weight"?} per line) to the stored corrections as source
 * "import". Choosing a file of one's own prompts to teach with is the consent to keep their text.
 * Unreadable lines are skipped and counted (with the first one's line number), never silently.
 */
export async function importFeedbackFile(file: string, corrections: CorrectionsStore): Promise<FeedbackImport> {
  const { rows, errors } = parseJsonlRows(await readFile(file, 'utf8'), TeachDataRowSchema);
  await corrections.addMany(rows.map(({ row }) => ({ text: row.text, label: row.label, source: 'import' as const, weight: row.weight ?? 1, decisionId: null })));
  const first = errors[0];
  return { imported: rows.length, skipped: errors.length, ...(first ? { firstError: `line ${first.line}: ${first.message}` } : {}) };
}
