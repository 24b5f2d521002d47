/** Classification metrics over string labels: shared by `coe eval` and the training reports. */
export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationReport {
  n: number;
  accuracy: number;
  /** Unweighted mean F1 over the classes that occur in the gold labels. */
  macroF1: number;
  perClass: Record<string, ClassMetrics>;
  /** Class order of the confusion matrix rows (gold) and columns (predicted). */
  labels: string[];
  /** confusion[gold][predicted] = count. */
  confusion: Record<string, Record<string, number>>;
}

function safeDivide(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/**
 * Computes accuracy, macro-F1, per-class P/R/F1/support and the confusion matrix. `labelOrder` fixes the
 * class order (classes seen in the data but not listed are appended in sorted order).
 */
export function classificationReport(gold: readonly string[], predicted: readonly string[], labelOrder: readonly string[] = []): ClassificationReport {
  if (gold.length !== predicted.length) {
    throw new Error(`classificationReport: ${gold.length} gold labels but ${predicted.length} predictions`);
  }
  const seen = new Set([...gold, ...predicted]);
  const labels = [...labelOrder.filter((l) => seen.has(l)), ...[...seen].filter((l) => !labelOrder.includes(l)).sort()];
  const confusion: Record<string, Record<string, number>> = {};
  for (const g of labels) confusion[g] = Object.fromEntries(labels.map((p) => [p, 0]));
  let correct = 0;
  gold.forEach((g, i) => {
    confusion[g][predicted[i]] += 1;
    if (g === predicted[i]) correct += 1;
  });
  const perClass: Record<string, ClassMetrics> = {};
  for (const label of labels) {
    const tp = confusion[label][label];
    const support = labels.reduce((s, p) => s + confusion[label][p], 0);
    const predictedCount = labels.reduce((s, g) => s + confusion[g][label], 0);
    const precision = safeDivide(tp, predictedCount);
    const recall = safeDivide(tp, support);
    perClass[label] = { precision, recall, f1: safeDivide(2 * precision * recall, precision + recall), support };
  }
  const goldClasses = labels.filter((l) => perClass[l].support > 0);
  const macroF1 = safeDivide(goldClasses.reduce((s, l) => s + perClass[l].f1, 0), goldClasses.length);
  return { n: gold.length, accuracy: safeDivide(correct, gold.length), macroF1, perClass, labels, confusion };
}
