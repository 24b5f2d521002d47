import { fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

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
  /** The first model load in the process: bundle checks, session creation (with onnxruntime's one-time initialisation), probe run. */
  coldLoadMs: number;
  /** A second load of the same bundle in the same process (what a model switch costs). */
  reloadMs: number;
  /** 1-minute load average while measuring: p99 on a shared 2-core machine mostly measures the neighbours. */
  loadAverage: number;
  /** Featurize + ONNX run (+ tensor creation), single thread. */
  byTokens: Record<string, { p50Ms: number; p99Ms: number; features: number }>;
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Featurize + ONNX run through the runtime's own OnnxRouterModel (no attributions), single intra-op thread. */
export async function measureLatencyHere(bundleDir: string, rounds = 2000): Promise<LatencyReport> {
  const runtimeStart = performance.now();
  // Loaded here, not at import: the training pipeline runs without the native runtime when latency is skipped.
  const { OnnxRouterModel } = await import('../../src/node/router/onnxRouterModel');
  const runtimeLoadMs = performance.now() - runtimeStart;
  const coldStart = performance.now();
  const first = await OnnxRouterModel.load(bundleDir);
  const coldLoadMs = performance.now() - coldStart;
  await first.dispose();
  const reloadStart = performance.now();
  const model = await OnnxRouterModel.load(bundleDir);
  const reloadMs = performance.now() - reloadStart;
  const runOnce = async (text: string) => (await model.baseLogits(text)).ids.length;
  const byTokens: LatencyReport['byTokens'] = {};
  try {
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
  } finally {
    await model.dispose();
  }
  return { runtimeLoadMs, coldLoadMs, reloadMs, loadAverage: os.loadavg()[0], byTokens };
}

/**
 * measureLatencyHere in a fresh Node process (latencyChild.ts): the training pipeline's own heap — tens of
 * thousands of featurized rows — would otherwise put its garbage collections into the measured tail.
 */
export function measureLatency(bundleDir: string, rounds = 2000): Promise<LatencyReport> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'latencyChild.ts'), [bundleDir, String(rounds)], { execArgv: process.execArgv });
    let report: LatencyReport | undefined;
    child.on('message', (message) => (report = message as LatencyReport));
    child.on('error', reject);
    child.on('exit', (code) => (report ? resolve(report) : reject(new Error(`the latency process exited with code ${code} and no report`))));
  });
}
