import { parseArgs } from 'node:util';
import { openCliRouter } from '../cliRouter';
import { UsageError, type CliCommand, type CliIo } from '../cliTypes';
import { benchRouter, BENCH_LENGTHS } from './benchRouter';

const USAGE = `Usage: coe bench router [--json] [--iterations N] [--config FILE] [--model DIR]

Measures router latency (featurization + ONNX inference) at ${BENCH_LENGTHS.join(', ')} tokens: through the
worker thread the editor uses, and in-process (also with every word new to the featurizer's per-word memo,
the worst case); plus the model's cold load time.
  --json          { "lengths": { "32": {"p50Ms", "p99Ms", …}, … }, "inProcess": {…}, "inProcessUnseenWords": {…},
                    "coldLoadMs": n }
  --iterations N  timed calls per length (default 2000, after a warm-up)`;

type BenchTarget = (argv: string[], io: CliIo) => Promise<number>;

async function routerTarget(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean' },
      iterations: { type: 'string' },
      config: { type: 'string' },
      model: { type: 'string' },
    },
  });
  const iterations = values.iterations === undefined ? 2000 : Number(values.iterations);
  if (!Number.isInteger(iterations) || iterations < 10) throw new UsageError('--iterations must be an integer ≥ 10');
  const cli = await openCliRouter(io, { configPath: values.config, modelDir: values.model });
  try {
    const result = await benchRouter(cli, iterations, io.signal);
    if (values.json) {
      io.stdout(`${JSON.stringify(result)}\n`);
      return 0;
    }
    io.stdout(`router model: ${result.modelDir}\ncold load ${result.coldLoadMs.toFixed(1)} ms; worker start + load ${result.workerStartMs.toFixed(1)} ms\n`);
    io.stdout('tokens   worker p50   worker p99   in-process p50   in-process p99   unseen words p50   unseen words p99\n');
    for (const tokens of BENCH_LENGTHS) {
      const w = result.lengths[tokens];
      const p = result.inProcess[tokens];
      const u = result.inProcessUnseenWords[tokens];
      if (!w || !p || !u) continue;
      const cell = (ms: number, width: number) => `${ms.toFixed(3).padStart(width)} ms`;
      io.stdout(`${String(tokens).padStart(6)}   ${cell(w.p50Ms, 7)}   ${cell(w.p99Ms, 7)}   ${cell(p.p50Ms, 11)}   ${cell(p.p99Ms, 11)}   ${cell(u.p50Ms, 13)}   ${cell(u.p99Ms, 13)}\n`);
    }
    return 0;
  } finally {
    cli.dispose();
  }
}

/** Benchmarks by target; other targets (end-to-end time to first token) register here. */
export const BENCH_TARGETS: Record<string, BenchTarget> = { router: routerTarget };

export const benchCommand: CliCommand = {
  name: 'bench',
  summary: 'measure router latency (and other targets)',
  usage: USAGE,
  async run(argv, io) {
    const [target, ...rest] = argv;
    const run = target ? BENCH_TARGETS[target] : undefined;
    if (!run) throw new UsageError(`choose a target: ${Object.keys(BENCH_TARGETS).join(', ')}`);
    return run(rest, io);
  },
};
