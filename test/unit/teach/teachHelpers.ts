import { CategorySet } from '../../../src/common/categories';
import { featurize } from '../../../src/common/router/featurizer';
import { sparseLogits } from '../../../src/common/router/train/softmaxRegression';
import type { AdapterBase } from '../../../src/common/teach/adapter';
import type { BaseLogitsFunction, CanaryPrompt, LabelledText } from '../../../src/common/teach/teachRows';
import { TINY_CATEGORIES, type TinyRouterBundle } from '../../helpers/tinyRouterBundle';

export const tinyCategories = new CategorySet(TINY_CATEGORIES);

/** The tiny bundle's base logits computed in plain TypeScript (same weights as its ONNX file). */
export function tinyBaseLogits(tiny: TinyRouterBundle): BaseLogitsFunction {
  return (text) => {
    const f = featurize(text, tiny.options);
    return Promise.resolve({ ids: f.ids, values: f.values, logits: sparseLogits(tiny.weights, f.ids, f.values, new Float64Array(tiny.weights.classes)) });
  };
}

export function tinyAdapterBase(tiny: TinyRouterBundle): AdapterBase {
  return { sha256: tiny.bundle.sha256 ?? null, featurizerName: tiny.bundle.featurizer.name, featurizerVersion: tiny.bundle.featurizer.version, buckets: tiny.options.buckets, categories: tinyCategories.ids };
}

/**
 * Shell prompts the tiny model sends to "knowledge" (no keyword of its own): the user teaches that they are
 * code. Varied wording so that held-back rows share words with the training rows, as real corrections do.
 */
export const SHELL_CORRECTIONS: LabelledText[] = [
  'grep every line matching a pattern in bash',
  'bash loop over files and grep for errors',
  'chmod a script so bash can execute it',
  'bash: tail the log and grep for warnings',
  'rename files with a bash for loop',
  'grep recursively in bash ignoring case',
  'bash script that greps the nginx log',
  'make the bash script executable with chmod',
  'pipe grep output into wc in bash',
  'bash alias for grep with colour',
  'chmod recursively in bash for a folder',
  'bash: grep two patterns at once',
].map((text) => ({ text, label: 'coding', weight: 1 }));

/** Canary prompts the tiny model gets right; none mentions bash, grep or chmod. */
export const TINY_CANARY: CanaryPrompt[] = [
  { text: 'write a python function', category: 'coding', domain: 'code' },
  { text: 'fix this javascript bug', category: 'debugging', domain: 'code' },
  { text: 'typescript class with a return type', category: 'coding', domain: 'code' },
  { text: 'solve the equation for x', category: 'math_word_problem', domain: 'math' },
  { text: 'how many apples are left', category: 'math_word_problem', domain: 'math' },
  { text: 'the derivative of a sum', category: 'advanced_math', domain: 'math' },
  { text: 'tell me about the history of rome', category: 'knowledge', domain: 'general' },
  { text: 'write a poem about the sea', category: 'writing', domain: 'general' },
  { text: 'plan a trip to paris', category: 'advice', domain: 'general' },
  { text: 'who painted the mona lisa', category: 'knowledge', domain: 'general' },
];
