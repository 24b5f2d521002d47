import type { DecisionRecord } from '../../common/decisions/decisionRecord';

export const EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  /** Prompt excerpts and attribution tokens are prompt text: exported only with the user's consent. */
  includePromptText: boolean;
}

/**
 * One JSONL line per decision with the decision's fields at the top level, so the file is also a
 * trace for `coe simulate --trace` (which reads each line's `expert`).
 */
export function toJsonl(records: readonly DecisionRecord[], options: ExportOptions): string {
  return records
    .map((r) => {
      const { attributions, ...decision } = r.decision;
      return JSON.stringify({
        ...decision,
        time: new Date(decision.timestamp).toISOString(),
        source: r.source,
        ...(r.conversationId ? { conversationId: r.conversationId } : {}),
        ...(r.usage ? { usage: r.usage } : {}),
        ...(r.outcome ? { outcome: r.outcome } : {}),
        ...(options.includePromptText ? { promptExcerpt: r.promptExcerpt, attributions } : {}),
      });
    })
    .map((line) => `${line}\n`)
    .join('');
}

type Column = [header: string, value: (r: DecisionRecord) => string | number | null | undefined];

const COLUMNS: Column[] = [
  ['time', (r) => new Date(r.decision.timestamp).toISOString()],
  ['id', (r) => r.decision.id],
  ['source', (r) => r.source],
  ['category', (r) => r.decision.category],
  ['domain', (r) => r.decision.domain],
  ['expert', (r) => r.decision.expert],
  ['confidence', (r) => round(r.decision.confidence, 4)],
  ['entropy', (r) => round(r.decision.entropy, 4)],
  ['fallbackReason', (r) => r.decision.fallbackReason],
  ['fallbackDetail', (r) => r.decision.fallbackDetail],
  ['tableRow', (r) => (r.decision.tableRow ? `${r.decision.tableRow.key}→${r.decision.tableRow.experts.join('|')}` : null)],
  ['routerLatencyMs', (r) => round(r.decision.latencyMs, 3)],
  ['promptTokens', (r) => r.usage?.promptTokens],
  ['completionTokens', (r) => r.usage?.completionTokens],
  ['routerParams', (r) => r.decision.routerParams],
  ['expertActiveParams', (r) => r.decision.expertActiveParams],
  ['activeParams', (r) => r.decision.activeParams],
  ['baselineParams', (r) => r.decision.baselineParams],
  ['outcome', (r) => r.outcome],
  // Appended later, so the columns above keep their positions: what the uncertainty fallback tested (the
  // probability mass and entropy over experts, about `confidenceExpert`) and the thresholds it used.
  // Empty for records written before these existed, and where the router did not answer.
  ['expertConfidence', (r) => roundOptional(r.decision.expertConfidence, 4)],
  ['expertEntropy', (r) => roundOptional(r.decision.expertEntropy, 4)],
  ['confidenceExpert', (r) => r.decision.confidenceExpert],
  ['minConfidence', (r) => r.decision.thresholds?.minConfidence],
  ['maxEntropy', (r) => r.decision.thresholds?.maxEntropy],
];

const EXCERPT_COLUMN: Column = ['promptExcerpt', (r) => r.promptExcerpt];

/** RFC 4180 CSV with a header row; cells that a spreadsheet would run as formulas are defused. */
export function toCsv(records: readonly DecisionRecord[], options: ExportOptions): string {
  const columns = options.includePromptText ? [...COLUMNS, EXCERPT_COLUMN] : COLUMNS;
  const lines = [columns.map(([h]) => h).join(',')];
  for (const record of records) lines.push(columns.map(([, value]) => csvCell(value(record))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function exportDecisions(records: readonly DecisionRecord[], format: ExportFormat, options: ExportOptions): string {
  return format === 'csv' ? toCsv(records, options) : toJsonl(records, options);
}

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  // A leading =, +, -, @ (or tab/CR) makes Excel/Sheets evaluate the cell; prompt text is untrusted.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

function roundOptional(value: number | undefined, digits: number): number | undefined {
  return value === undefined ? undefined : round(value, digits);
}
