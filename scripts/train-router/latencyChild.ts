// Child process of measureLatency (latency.ts): `latencyChild.ts BUNDLE_DIR ROUNDS`, report sent over IPC.
import { measureLatencyHere } from './latency';

const [bundleDir, rounds] = process.argv.slice(2);
measureLatencyHere(bundleDir, Number(rounds)).then(
  (report) => process.send?.(report),
  (error: unknown) => {
    process.stderr.write(`latency measurement failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
