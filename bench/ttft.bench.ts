// Time to first token: the routed path (route + request build + stream) against a direct streaming
// request to the same loopback server, interleaved in one run. `npm run bench:ttft [-- --n 400 --json]`.
// The server is the test fixture (it answers at once), so the difference is CoE's own overhead.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createParser } from 'eventsource-parser';
import { benchPrompt, percentile } from '../src/common/benchText';
import { DEFAULT_CONFIG } from '../src/common/config/defaults';
import type { CoeConfig } from '../src/common/config/schema';
import { runChat } from '../src/node/chat/chatPipeline';
import { createCliExpertClientFactory } from '../src/node/experts/createExpertClient';
import { RouterService } from '../src/node/router/routerService';
import { OnnxRouterModel } from '../src/node/router/onnxRouterModel';
import { createRoutingEngine } from '../src/node/router/routingEngine';
import { createTinyRouterBundle } from '../test/helpers/tinyRouterBundle';

const { values } = parseArgs({ options: { n: { type: 'string', default: '400' }, json: { type: 'boolean' } } });
const iterations = Number(values.n);
const root = path.resolve(__dirname, '..');

/** The shipped router when it exists, otherwise a tiny bundle with the same runtime (worker + ONNX). */
async function routerModel(): Promise<{ dir: string; kind: string; cleanup: () => Promise<void> }> {
  const shipped = path.join(root, 'media', 'router');
  if (existsSync(path.join(shipped, 'bundle.json')) || existsSync(path.join(shipped, 'labels.json'))) {
    return { dir: shipped, kind: 'shipped media/router', cleanup: async () => undefined };
  }
  const tiny = await createTinyRouterBundle();
  return { dir: tiny.dir, kind: 'tiny test bundle (media/router not present)', cleanup: tiny.cleanup };
}

function workerPath(): string {
  const built = path.join(root, 'dist', 'routerWorker.js');
  return existsSync(built) ? built : path.join(root, 'test', 'helpers', 'routerWorkerBootstrap.cjs');
}

/** What any integration must do at minimum: POST, parse SSE, stop the clock at the first content. */
async function directFirstToken(baseUrl: string, prompt: string): Promise<number> {
  const started = performance.now();
  let firstAt = 0;
  const response = await fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ model: 'fixture-model', messages: [{ role: 'user', content: prompt }], stream: true }),
  });
  const parser = createParser({
    onEvent: (event) => {
      if (firstAt === 0 && event.data !== '[DONE]' && /"content":"[^"]/.test(event.data)) firstAt = performance.now();
    },
  });
  const decoder = new TextDecoder();
  const reader = response.body?.getReader();
  for (;;) {
    const chunk = await reader?.read();
    if (!chunk || chunk.done) break;
    parser.feed(decoder.decode(chunk.value, { stream: true }));
  }
  return firstAt - started;
}

/** The fixture in a child process (see fixtureServerProcess.ts for why). */
async function startServerProcess(): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtureServerProcess.ts')], {
    cwd: root, stdio: ['pipe', 'pipe', 'inherit'],
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('exit', (code) => reject(new Error(`fixture server exited with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    baseUrl,
    close: () => {
      child.stdin.end();
      return exited;
    },
  };
}

function figures(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), n: sorted.length };
}

async function main(): Promise<void> {
  const server = await startServerProcess();
  const model = await routerModel();
  const router = new RouterService({ modelDir: model.dir, workerPath: workerPath() });
  const experts = ['code', 'math', 'general'].map((id) => ({
    id, kind: 'openai' as const, baseUrl: server.baseUrl, model: 'fixture-model', totalParams: 7e9, contextLength: 8192, headers: {},
  }));
  const config: CoeConfig = { ...DEFAULT_CONFIG, experts };
  const deps = { config, route: createRoutingEngine(router, () => config), clientFor: createCliExpertClientFactory(config, {}) };
  const prompt = benchPrompt(64);
  const signal = new AbortController().signal;

  // The same model run on the main thread: shows what the worker-thread hop costs.
  const inThread = await OnnxRouterModel.load(model.dir);
  const inThreadDeps = {
    ...deps,
    route: createRoutingEngine({ classify: (text) => inThread.classify(text), ensureLoaded: async () => inThread.bundle }, () => config),
  };

  const pipelineFirstToken = async (pipelineDeps: typeof deps): Promise<number> => {
    const started = performance.now();
    let firstAt = 0;
    const outcome = await runChat({ text: prompt, signal }, pipelineDeps, (event) => {
      if (event.type === 'token' && firstAt === 0) firstAt = performance.now();
    });
    if (outcome.type !== 'done') throw new Error(`routed request failed: ${outcome.message}`);
    return firstAt - started;
  };
  const routedFirstToken = () => pipelineFirstToken(deps);
  const inThreadFirstToken = () => pipelineFirstToken(inThreadDeps);

  // The expert client alone (no routing, no context building): separates client cost from routing cost.
  const client = deps.clientFor(experts[0]);
  const clientFirstToken = async (): Promise<number> => {
    const started = performance.now();
    let firstAt = 0;
    await client.stream({ messages: [{ role: 'user', content: prompt }], signal }, () => {
      if (firstAt === 0) firstAt = performance.now();
    });
    return firstAt - started;
  };
  const paths = [() => directFirstToken(server.baseUrl, prompt), clientFirstToken, routedFirstToken, inThreadFirstToken];

  try {
    await router.ensureLoaded();
    for (let i = 0; i < 50; i++) for (const run of paths) await run();
    const samples: number[][] = paths.map(() => []);
    const cpu: number[][] = paths.map(() => []);
    const added: number[] = [];
    for (let i = 0; i < iterations; i++) {
      // Rotate the order so no path always runs first (on a warmer or colder connection).
      const round: number[] = [];
      for (let k = 0; k < paths.length; k++) {
        const index = (i + k) % paths.length;
        const before = process.cpuUsage();
        round[index] = await paths[index]();
        const used = process.cpuUsage(before);
        cpu[index].push((used.user + used.system) / 1000);
      }
      round.forEach((ms, index) => samples[index].push(ms));
      added.push(round[2] - round[0]);
    }
    const [direct, clientOnly, routed, routedInThread] = samples.map(figures);
    // CPU time of this process (main thread + router worker; the server is another process) is far
    // less sensitive than wall time to other load on the machine.
    const [directCpu, clientCpu, routedCpu, inThreadCpu] = cpu.map(figures);
    const result = {
      router: model.kind,
      promptTokens: 64,
      direct,
      clientOnly,
      routed,
      routedInThread,
      addedPairwise: figures(added),
      addedP50Ms: routed.p50Ms - direct.p50Ms,
      addedP99Ms: routed.p99Ms - direct.p99Ms,
      cpuMs: { direct: directCpu, clientOnly: clientCpu, routed: routedCpu, routedInThread: inThreadCpu, addedP50Ms: routedCpu.p50Ms - directCpu.p50Ms },
      loadAverage: os.loadavg()[0],
      cpus: os.cpus().length,
    };
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      const fmt = (ms: number) => `${ms.toFixed(3)} ms`;
      process.stdout.write(
        `time to first token, loopback fixture, ${iterations} interleaved rounds, router: ${model.kind}\n`
        + `  direct streaming request  p50 ${fmt(result.direct.p50Ms)}  p99 ${fmt(result.direct.p99Ms)}\n`
        + `  expert client alone       p50 ${fmt(result.clientOnly.p50Ms)}  p99 ${fmt(result.clientOnly.p99Ms)}\n`
        + `  routed (coe chat path)    p50 ${fmt(result.routed.p50Ms)}  p99 ${fmt(result.routed.p99Ms)}\n`
        + `  routed, router in-thread  p50 ${fmt(result.routedInThread.p50Ms)}  p99 ${fmt(result.routedInThread.p99Ms)}\n`
        + `  added by routing          p50 ${fmt(result.addedP50Ms)}  p99 ${fmt(result.addedP99Ms)}`
        + `  (pairwise p50 ${fmt(result.addedPairwise.p50Ms)}, target ≤ 3 ms p50)\n`
        + `  CPU per request (p50): direct ${fmt(directCpu.p50Ms)}, client ${fmt(clientCpu.p50Ms)}, routed ${fmt(routedCpu.p50Ms)}, in-thread ${fmt(inThreadCpu.p50Ms)}`
        + ` → added ${fmt(result.cpuMs.addedP50Ms)}\n`
        + `  machine: ${result.cpus} CPUs, load average ${result.loadAverage.toFixed(1)} (wall-clock figures are unreliable when load > CPUs)\n`,
      );
    }
  } finally {
    router.dispose();
    await inThread.dispose();
    await server.close();
    await model.cleanup();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:ttft failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
