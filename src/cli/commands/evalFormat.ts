import type { ClassificationReport } from '../../common/metrics/classification';

const f3 = (x: number) => x.toFixed(3);

/** Human-readable `coe eval` output: summary line, per-class table, confusion matrix (gold × predicted). */
export function formatReport(report: ClassificationReport & { level: string; ece: number }): string {
  const lines: string[] = [];
  lines.push(`n=${report.n}  accuracy=${f3(report.accuracy)}  macro-F1=${f3(report.macroF1)}  ECE=${f3(report.ece)}  (compared at ${report.level} level)`, '');
  const width = Math.max(8, ...report.labels.map((l) => l.length));
  lines.push(`${'class'.padEnd(width)}  precision  recall     f1  support`);
  for (const label of report.labels) {
    const m = report.perClass[label];
    if (m.support === 0 && !Object.values(report.confusion).some((row) => row[label] > 0)) continue;
    lines.push(`${label.padEnd(width)}  ${f3(m.precision).padStart(9)}  ${f3(m.recall).padStart(6)}  ${f3(m.f1).padStart(5)}  ${String(m.support).padStart(7)}`);
  }
  const used = report.labels.filter((l) => report.perClass[l].support > 0 || Object.values(report.confusion).some((row) => row[l] > 0));
  const cell = Math.max(6, ...used.map((l) => l.length));
  lines.push('', `confusion (rows: gold, columns: predicted)`, `${''.padEnd(width)}  ${used.map((l) => l.padStart(cell)).join(' ')}`);
  for (const gold of used) lines.push(`${gold.padEnd(width)}  ${used.map((p) => String(report.confusion[gold][p]).padStart(cell)).join(' ')}`);
  return `${lines.join('\n')}\n`;
}
