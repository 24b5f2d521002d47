import type { Domain } from '../../src/common/categories';
import { expectedCalibrationError } from '../../src/common/metrics/calibration';
import { classificationReport, type ClassificationReport } from '../../src/common/metrics/classification';
import type { LinearRouterWeights } from '../../src/common/onnx/linearRouterModel';
import { featurize, type FeaturizerOptions } from '../../src/common/router/featurizer';
import { sparseLogits, softmaxInPlace, type SparseExample } from '../../src/common/router/train/softmaxRegression';
import { normalizedEntropy } from '../../src/common/routing/entropy';
import { ROUTER_CATEGORIES, categoryIndex } from './categories';

export interface LabelledText {
  text: string;
  domain: Domain;
  category: string;
  weight: number;
}

export function toExamples(rows: readonly LabelledText[], options: FeaturizerOptions): SparseExample[] {
  return rows.map((r) => {
    const f = featurize(r.text, options);
    return { ids: f.ids, values: f.values, label: categoryIndex(r.category), weight: r.weight };
  });
}

/** What the model said about one row (probabilities after any folded temperature). */
export interface Prediction {
  logits: Float64Array;
  probabilities: Float64Array;
  top: number;
  confidence: number;
  entropy: number;
  /**
   * Routing-level view under the default category table (one expert per domain): the summed probability of
   * the top category's domain, and the normalised entropy of the three domain masses. What the fallback uses.
   */
  expertConfidence: number;
  expertEntropy: number;
}

const DOMAINS = ['code', 'math', 'general'] as const;

export function predictionFromLogits(logits: Float64Array): Prediction {
  const probabilities = softmaxInPlace(Float64Array.from(logits));
  let top = 0;
  for (let c = 1; c < probabilities.length; c++) if (probabilities[c] > probabilities[top]) top = c;
  const masses = domainProbabilities(probabilities);
  return {
    logits,
    probabilities,
    top,
    confidence: probabilities[top],
    entropy: normalizedEntropy(Array.from(probabilities)),
    expertConfidence: masses[ROUTER_CATEGORIES[top].domain],
    expertEntropy: normalizedEntropy(DOMAINS.map((d) => masses[d])),
  };
}

export function predict(model: LinearRouterWeights, examples: readonly SparseExample[]): Prediction[] {
  return examples.map((e) => predictionFromLogits(sparseLogits(model, e.ids, e.values, new Float64Array(model.classes))));
}

export interface SplitMetrics {
  n: number;
  domain: ClassificationReport;
  category: ClassificationReport;
  /** ECE of the top fine category's probability. */
  ece: number;
  /** ECE of the summed probability of the predicted domain (what a domain-level router would use). */
  domainEce: number;
}

export function domainProbabilities(p: Float64Array): Record<Domain, number> {
  const sums: Record<Domain, number> = { code: 0, math: 0, general: 0 };
  ROUTER_CATEGORIES.forEach((c, i) => (sums[c.domain] += p[i]));
  return sums;
}

export function measure(rows: readonly LabelledText[], predictions: readonly Prediction[]): SplitMetrics {
  const predictedCategory = predictions.map((p) => ROUTER_CATEGORIES[p.top].id);
  const predictedDomain = predictions.map((p) => ROUTER_CATEGORIES[p.top].domain);
  const domain = classificationReport(rows.map((r) => r.domain), predictedDomain, ['code', 'math', 'general']);
  const category = classificationReport(rows.map((r) => r.category), predictedCategory, ROUTER_CATEGORIES.map((c) => c.id));
  const ece = expectedCalibrationError(predictions.map((p) => p.confidence), rows.map((r, i) => r.category === predictedCategory[i])).ece;
  const domainConfidence = predictions.map((p, i) => domainProbabilities(p.probabilities)[predictedDomain[i]]);
  const domainEce = expectedCalibrationError(domainConfidence, rows.map((r, i) => r.domain === predictedDomain[i])).ece;
  return { n: rows.length, domain, category, ece, domainEce };
}

export function summary(m: SplitMetrics): string {
  const f = (x: number) => x.toFixed(3);
  return `n=${m.n} domain acc ${f(m.domain.accuracy)} F1 ${f(m.domain.macroF1)} | fine acc ${f(m.category.accuracy)} F1 ${f(m.category.macroF1)} | ECE ${f(m.ece)} domECE ${f(m.domainEce)}`;
}
