import { z } from 'zod';
import { DomainSchema, type Domain } from '../categories';

/**
 * One calibration prompt. The shipped set and user-supplied JSONL share this shape; a user row may
 * use `text`/`label` instead of `prompt`/`category` so that rows exported for `coe eval` load as they are.
 */
export interface CalibrationItem {
  /** Stable name used in progress, failure lists and the view; not part of any cache key. */
  id: string;
  category: string;
  domain?: Domain;
  prompt: string;
  /** A correct answer the judge compares against (math, exact facts). */
  reference?: string;
  /** What a good answer must contain, when a single reference would be too narrow. */
  gradingNotes?: string;
}

const categoryId = z.string().regex(/^[a-z][a-z0-9_]*$/, 'category ids are lower_snake_case');
const MAX_PROMPT_CHARS = 20_000;

const RowSchema = z
  .object({
    id: z.string().min(1).max(120).optional(),
    category: categoryId.optional(),
    label: categoryId.optional(),
    domain: DomainSchema.optional(),
    prompt: z.string().optional(),
    text: z.string().optional(),
    reference: z.string().max(MAX_PROMPT_CHARS).optional(),
    gradingNotes: z.string().max(MAX_PROMPT_CHARS).optional(),
  })
  .refine((r) => (r.category ?? r.label) !== undefined, { message: 'needs "category" (or "label")' })
  .refine((r) => (r.prompt ?? r.text ?? '').trim() !== '', { message: 'needs a non-empty "prompt" (or "text")' })
  .refine((r) => (r.prompt ?? r.text ?? '').length <= MAX_PROMPT_CHARS, {
    message: `prompt longer than ${MAX_PROMPT_CHARS} characters`,
  });

/** A row that could not be used, located so the user can fix the file. */
export interface CalibrationSetIssue {
  source: string;
  /** 1-based line for JSONL, 1-based row for a JSON array. */
  line: number;
  message: string;
}

export interface ParsedCalibrationSet {
  items: CalibrationItem[];
  issues: CalibrationSetIssue[];
}

/**
 * Parses calibration rows from JSONL (one object a line) or a JSON array, keeping every valid row and
 * reporting each bad one; duplicate ids get a suffix rather than silently replacing an earlier row.
 */
export function parseCalibrationSet(text: string, source: string): ParsedCalibrationSet {
  const issues: CalibrationSetIssue[] = [];
  const rows = splitRows(text, source, issues);
  const items: CalibrationItem[] = [];
  const seen = new Set<string>();
  for (const { line, value } of rows) {
    const parsed = RowSchema.safeParse(value);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first.path.length > 0 ? `${first.path.join('.')}: ` : '';
      issues.push({ source, line, message: `${where}${first.message}` });
      continue;
    }
    const row = parsed.data;
    let id = row.id ?? `${source}:${line}`;
    if (seen.has(id)) id = `${id}#${line}`;
    seen.add(id);
    items.push({
      id,
      category: (row.category ?? row.label) as string,
      ...(row.domain ? { domain: row.domain } : {}),
      prompt: (row.prompt ?? row.text) as string,
      ...(row.reference ? { reference: row.reference } : {}),
      ...(row.gradingNotes ? { gradingNotes: row.gradingNotes } : {}),
    });
  }
  return { items, issues };
}

function splitRows(text: string, source: string, issues: CalibrationSetIssue[]): { line: number; value: unknown }[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try {
      const array = JSON.parse(trimmed) as unknown;
      if (Array.isArray(array)) return array.map((value, index) => ({ line: index + 1, value }));
    } catch (error) {
      issues.push({ source, line: 1, message: `not valid JSON: ${(error as Error).message}` });
      return [];
    }
  }
  const rows: { line: number; value: unknown }[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    if (raw.trim() === '') return;
    try {
      rows.push({ line: index + 1, value: JSON.parse(raw) as unknown });
    } catch {
      issues.push({ source, line: index + 1, message: 'not a JSON object (JSONL expects one object per line)' });
    }
  });
  return rows;
}

/** Categories in first-seen order, so tables follow the order the set was written in. */
export function categoriesOf(items: readonly CalibrationItem[]): string[] {
  return [...new Set(items.map((i) => i.category))];
}

/** Restricts a set to some categories (e.g. the router's own) and says which were dropped. */
export function filterByCategories(
  items: readonly CalibrationItem[],
  keep: ReadonlySet<string>,
): { items: CalibrationItem[]; dropped: string[] } {
  const dropped = categoriesOf(items).filter((c) => !keep.has(c));
  return { items: items.filter((i) => keep.has(i.category)), dropped };
}
