import type { z } from 'zod';

/** A row that could not be read: the 1-based line number and why. */
export interface JsonlRowError {
  line: number;
  message: string;
}

export interface JsonlParseResult<T> {
  rows: { line: number; row: T }[];
  errors: JsonlRowError[];
}

/**
 * Parses JSON Lines text against a schema, keeping line numbers: blank lines are skipped, every other
 * unreadable line becomes an error (callers decide whether to fail or skip with a count, never silently).
 */
export function parseJsonlRows<T>(text: string, schema: z.ZodType<T>): JsonlParseResult<T> {
  const rows: { line: number; row: T }[] = [];
  const errors: JsonlRowError[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '') return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      errors.push({ line, message: `not valid JSON (${error instanceof Error ? error.message : String(error)})` });
      return;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue.path.length ? `field "${issue.path.join('.')}"` : 'row';
      errors.push({ line, message: `${where}: ${issue.message}` });
      return;
    }
    rows.push({ line, row: parsed.data });
  });
  return { rows, errors };
}
