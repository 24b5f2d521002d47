import { benchPrompt, percentile } from '../../common/benchText';
import { clearCharNgramCache } from '../../common/router/featurizer';
import { OnnxRouterModel } from '../../node/router/onnxRouterModel';
import type { CliRouter } from '../cliRouter';

export const BENCH_LENGTHS = [32, 128, 512] as const;

export interface LatencyFigure {
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  n: number;
}

export interface RouterBenchResult {
  /** Round trip through the worker thread, as the editor experiences it. */
  lengths: Record<string, LatencyFigure>;
  /** featurize + ONNX run in one thread, single intra-op thread (the model's own cost). */
  inProcess: Record<string, LatencyFigure>;
  /**
   * In-process with the featurizer's per-word n-gram memo emptied before every call: the cost when every word
   * of the prompt is new to the process (the worst case; repeated words and earlier prompts make it cheaper).
   */
  inProcessUnseenWords: Record<string, LatencyFigure>;
  coldLoadMs: number;
  workerStartMs: number;
  modelDir: string;
}

function summarize(samples: number[]): LatencyFigure {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    meanMs: samples.reduce((a, b) => a + b, 0) / samples.length,
    n: samples.length,
  };
}

async function sample(iterations: number, warmup: number, once: () => Promise<unknown>, beforeEach?: () => void): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await once();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    beforeEach?.();
    const t0 = performance.now();
    await once();
    samples.push(performance.now() - t0);
  }
  return samples;
}

/** Router latency at 32/128/512 tokens through one worker and in-process, side by side in one run. */
export async function benchRouter(cli: CliRouter, iterations: number, signal: AbortSignal): Promise<RouterBenchResult> {
  const startedWorker = performance.now();
  await cli.router.ensureLoaded();
  const workerStartMs = performance.now() - startedWorker;
  const coldStart = performance.now();
  const model = await OnnxRouterModel.load(cli.modelDir);
  const coldLoadMs = performance.now() - coldStart;
  const lengths: Record<string, LatencyFigure> = {};
  const inProcess: Record<string, LatencyFigure> = {};
  const inProcessUnseenWords: Record<string, LatencyFigure> = {};
  try {
    for (const tokens of BENCH_LENGTHS) {
      if (signal.aborted) break;
      const text = benchPrompt(tokens);
      const warmup = Math.min(200, iterations);
      lengths[tokens] = summarize(await sample(iterations, warmup, () => cli.router.classify(text)));
      inProcess[tokens] = summarize(await sample(iterations, warmup, () => model.classify(text)));
      inProcessUnseenWords[tokens] = summarize(await sample(iterations, warmup, () => model.classify(text), clearCharNgramCache));
    }
  } finally {
    await model.dispose();
  }
  return { lengths, inProcess, inProcessUnseenWords, coldLoadMs, workerStartMs, modelDir: cli.modelDir };
}
