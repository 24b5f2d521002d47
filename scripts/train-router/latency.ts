import type * as Ort from 'onnxruntime-node';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { featurize, type FeaturizerOptions } from '../../src/common/router/featurizer';

const VOCABULARY = (
  'please write a python function that parses the configuration file and returns the list of users ' +
  'sorted by age ; explain why the integral of x squared from 0 to 1 equals one third , then draft ' +
  'a short email to my manager about the quarterly report { return value ; } if ( x > 0 )'
).split(' ');

/** A deterministic prompt of exactly `tokens` featurizer tokens mixing prose, code and maths. */
export function syntheticPrompt(tokens: number): string {
  return Array.from({ length: tokens }, (_, i) => VOCABULARY[(i * 7) % VOCABULARY.length]).join(' ');
}

export interface LatencyReport {
  /** First import of onnxruntime-node in the process (the native library; once per process, whatever the model). */
  runtimeLoadMs: number;
  /** Read the model file, create the session, first run. */
  coldLoadMs: number;
  /** 1-minute load average while measuring: p99 on a shared 2-core machine mostly measures the neighbours. */
  loadAverage: number;
  /** Featurize + ONNX run (+ tensor creation), single thread. */
  byTokens: Record<string, { p50Ms: number; p99Ms: number; features: number }>;
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export async function measureLatency(bundleDir: string, modelFile: string, options: FeaturizerOptions, rounds = 2000): Promise<LatencyReport> {
  const runtimeStart = performance.now();
  // Loaded here, not at import: the training pipeline runs without the native runtime when latency is skipped.
  const ort: typeof Ort = await import('onnxruntime-node');
  const runtimeLoadMs = performance.now() - runtimeStart;
  const coldStart = performance.now();
  const bytes = readFileSync(path.join(bundleDir, modelFile));
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  const runOnce = async (text: string) => {
    const f = featurize(text, options);
    const ids = new BigInt64Array(f.ids.length);
    for (let i = 0; i < ids.length; i++) ids[i] = BigInt(f.ids[i]);
    await session.run({
      feature_ids: new ort.Tensor('int64', ids, [ids.length]),
      feature_values: new ort.Tensor('float32', f.values, [f.values.length]),
    });
    return f.ids.length;
  };
  await runOnce('warm up');
  const coldLoadMs = performance.now() - coldStart;
  const byTokens: LatencyReport['byTokens'] = {};
  for (const tokens of [32, 128, 512]) {
    const text = syntheticPrompt(tokens);
    let features = 0;
    for (let i = 0; i < 200; i++) features = await runOnce(text);
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      await runOnce(text);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    byTokens[String(tokens)] = { p50Ms: percentile(times, 0.5), p99Ms: percentile(times, 0.99), features };
  }
  await session.release();
  return { runtimeLoadMs, coldLoadMs, loadAverage: os.loadavg()[0], byTokens };
}
