import { CategorySet, type CategoryInfo } from '../../src/common/categories';
import type { Classifier } from '../../src/common/routing/classifier';
import type { ClassifierResult } from '../../src/common/routing/decision';
import { normalizedEntropy, softmax } from '../../src/common/routing/entropy';

export const TEST_CATEGORIES: CategoryInfo[] = [
  { id: 'coding', displayName: 'Coding', description: 'Write code', domain: 'code' },
  { id: 'debugging', displayName: 'Debugging', description: 'Fix code', domain: 'code' },
  { id: 'word_problem', displayName: 'Word problem', description: 'Arithmetic stories', domain: 'math' },
  { id: 'writing', displayName: 'Writing', description: 'Prose', domain: 'general' },
];
export const TEST_CATEGORY_SET = new CategorySet(TEST_CATEGORIES);

/** Builds a classifier result from logits, the way the ONNX router would. */
export function resultFromLogits(logits: number[], categories = TEST_CATEGORIES.map((c) => c.id)): ClassifierResult {
  const probabilities = softmax(logits);
  const topIndex = probabilities.indexOf(Math.max(...probabilities));
  return {
    categories,
    probabilities,
    logits,
    top: categories[topIndex],
    confidence: probabilities[topIndex],
    entropy: normalizedEntropy(probabilities),
    latencyMs: 0.1,
    attributions: [{ token: 'x', weight: logits[topIndex] }],
  };
}

/** A scripted classifier: answers with the given logits, fails, or never answers. */
export function fakeClassifier(
  behaviour: { logits: number[] } | { error: string } | { hang: true },
): Classifier & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    classify(text: string, signal?: AbortSignal): Promise<ClassifierResult> {
      calls.push(text);
      if ('logits' in behaviour) return Promise.resolve(resultFromLogits(behaviour.logits));
      if ('error' in behaviour) return Promise.reject(new Error(behaviour.error));
      return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    },
  };
}
