import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig } from '../../common/config/parseConfig';
import { expertActiveParams } from '../../common/config/schema';
import { capacityReport, nodesToHoldInHbm, weightBytes, type CapacityReport, type PinnedInHbm } from '../../common/sim/capacity';
import { PAPER_BENCHMARK_EXPERT_PARAMS, PAPER_EXPERTS } from '../../common/sim/paperPreset';
import { PLATFORM_IDS, PLATFORMS, type NodeSpec } from '../../common/sim/platforms';
import { simulateTrace, type ExpertWeights, type SimulationEvent, type SimulationResult, type SimulationTotals } from '../../common/sim/residency';
import { parseTrace, TraceFormatError } from '../../common/sim/trace';
import { DTYPES, formatBytes, formatMs, formatParams, GB, isDtype, parseParamCount, type Dtype } from '../../common/sim/units';
import { CliError, UsageError, type CliCommand, type CliIo } from '../cliTypes';

const USAGE = `Usage: coe simulate [--platform sn40l|dgx-h100|dgx-a100|all] [--experts N] [--params P] [--dtype bf16]
                    [--trace FILE [--config FILE] [--batch N] [--tokens N] [--events]]
                    [--router-params P] [--kv-cache-gb N] [--json]

Simulates where a Composition of Experts' weights live on an SN40L node (SRAM, HBM, DDR) or a DGX
(HBM, host memory): switch cost, how many experts stay in HBM, how many fit at all, and, for a trace,
hits, misses and time with least-recently-used eviction.

  --platform      node to model (default sn40l); "all" compares the three
  --experts N     how many experts of --params size to place (default 150, the paper's benchmark);
                  with --trace, the trace's distinct experts at their own sizes instead
  --params P      parameters per expert: 7e9, 7B, 70.6B (default 6.74B, the paper's Llama-2-7B)
  --dtype D       ${DTYPES.join('|')} (default bf16)
  --trace FILE    JSON array of expert ids, or JSON Lines of decisions with an "expert" field
  --config FILE   coe.config.json: trace ids take totalParams/activeParams from its experts; ids it
                  lacks use the paper preset (e.g. llama-3.1-70b-instruct), then --params
  --batch N       requests per router call (default 1; the paper also uses 8)
  --tokens N      output tokens per request for the memory-bound run-time model (default 0 = off)
  --events        include every router/request event in --json (for replay)
  --router-params P, --kv-cache-gb N   pinned in HBM beside the expert region (default 0)
  --json          machine-readable: switchMsPerExpert, expertsResidentInHbm, maxExpertsInNode, hits, …`;

function parseOrUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function readText(io: CliIo, file: string, what: string): Promise<string> {
  const full = path.resolve(io.cwd, file);
  try {
    return await readFile(full, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read the ${what} "${full}": ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function count(value: string | undefined, flag: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} must be an integer ≥ ${min} (got "${value}")`);
  return n;
}

function params(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = parseParamCount(value);
  if (parsed === undefined) throw new UsageError(`${flag} "${value}" is not a parameter count (try 7e9, 7B or 70.6B)`);
  return parsed;
}

/** Parameter counts for every id in the trace: config file, then the paper preset, then --params. */
async function expertTable(io: CliIo, ids: string[], configFile: string | undefined, fallback: number | undefined): Promise<Record<string, ExpertWeights>> {
  const known = new Map<string, ExpertWeights>(PAPER_EXPERTS.map((e) => [e.id, e]));
  if (configFile !== undefined) {
    let raw: unknown;
    try {
      raw = JSON.parse(await readText(io, configFile, 'config file'));
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(`the config file "${configFile}" is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new CliError(`the config file "${configFile}" must hold a JSON object`);
    const { config, issues } = parseConfig(raw as Record<string, unknown>);
    for (const issue of issues) io.stderr(`coe simulate: config: ${issue.path}: ${issue.message}\n`);
    for (const e of config.experts) known.set(e.id, { totalParams: e.totalParams, activeParams: expertActiveParams(e) });
  }
  const table: Record<string, ExpertWeights> = {};
  const missing: string[] = [];
  for (const id of new Set(ids)) {
    const found = known.get(id) ?? (fallback === undefined ? undefined : { totalParams: fallback, activeParams: fallback });
    if (found) table[id] = found;
    else missing.push(id);
  }
  if (missing.length > 0) {
    throw new CliError(`no parameter count for expert(s) ${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ', …' : ''}: add them to --config or pass --params`);
  }
  return table;
}

interface PlatformReport extends CapacityReport, Partial<SimulationTotals> {
  displayName: string;
  dtype: Dtype;
  expertParams: number;
  experts: number;
  fitsInNode: boolean;
  spillsFromHbm: boolean;
  nodesToHoldInHbm: number;
  traceStatus?: SimulationResult['status'];
  traceMessage?: string;
  events?: SimulationEvent[];
}

/** `experts` of the capacity size, or, with a trace, its distinct experts at their own sizes. */
function platformReport(node: NodeSpec, expertParams: number, dtype: Dtype, pinned: PinnedInHbm, experts: number, traceParams: number[], trace: SimulationResult | undefined, withEvents: boolean): PlatformReport {
  const capacity = capacityReport(node, expertParams, dtype, pinned);
  const report: PlatformReport = {
    ...capacity, displayName: node.displayName, dtype, expertParams, experts,
    fitsInNode: experts <= capacity.maxExpertsInNode,
    spillsFromHbm: experts > capacity.expertsResidentInHbm,
    nodesToHoldInHbm: nodesToHoldInHbm(capacity, experts),
  };
  if (trace === undefined) return report;
  const bytes = traceParams.reduce((sum, p) => sum + weightBytes(p, dtype), 0);
  const mixed = {
    experts: traceParams.length,
    fitsInNode: trace.status !== 'outOfMemory',
    spillsFromHbm: bytes > capacity.hbmExpertRegionBytes,
    nodesToHoldInHbm: capacity.hbmExpertRegionBytes > 0 ? Math.ceil(bytes / capacity.hbmExpertRegionBytes) : Number.POSITIVE_INFINITY,
  };
  if (trace.status !== 'ok') return { ...report, ...mixed, traceStatus: trace.status, traceMessage: trace.message };
  return { ...report, ...mixed, traceStatus: 'ok', ...trace.totals, ...(withEvents ? { events: trace.events } : {}) };
}

function describe(r: PlatformReport): string {
  const lines = [
    `${r.displayName} — capacity for ${formatParams(r.expertParams)} experts in ${r.dtype} (${formatBytes(r.expertBytes)} each)`,
    `  switch (copy into HBM)  ${formatMs(r.switchMsPerExpert)} per expert; decode ${formatMs(r.decodeMsPerToken)} per token`,
    `  HBM expert region       ${formatBytes(r.hbmExpertRegionBytes)}: ${r.expertsResidentInHbm} experts resident`,
    `  weight store            ${formatBytes(r.weightStoreBytes)}: ${r.maxExpertsInNode} experts at most, then out of memory`,
    `  ${`${r.experts} experts${r.traceStatus === undefined ? '' : ' in trace'}`.padEnd(22)} ${r.fitsInNode ? 'fit' : 'DO NOT fit'} in one node; ${r.spillsFromHbm ? 'spill out of HBM' : 'all stay in HBM'}; ${r.nodesToHoldInHbm} node(s) to hold all in HBM`,
  ];
  if (r.traceStatus === 'ok') {
    lines.push(`  trace: ${r.requests} requests in ${r.batches} batches, ${r.hits} hits, ${r.misses} misses, ${r.evictions} evictions;` +
      ` switching ${formatMs(r.switchMs ?? 0)}, running ${formatMs(r.runMs ?? 0)}, total ${formatMs(r.totalMs ?? 0)}`);
  } else if (r.traceStatus !== undefined) {
    lines.push(`  trace: ${r.traceMessage ?? r.traceStatus}`);
  }
  return lines.join('\n');
}

export const simulateCommand: CliCommand = {
  name: 'simulate',
  summary: 'simulate expert residency and switching on SN40L vs DGX',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseOrUsage(() => parseArgs({
      args: argv,
      options: {
        platform: { type: 'string', default: 'sn40l' }, trace: { type: 'string' }, config: { type: 'string' },
        experts: { type: 'string' }, params: { type: 'string' }, dtype: { type: 'string', default: 'bf16' },
        batch: { type: 'string' }, tokens: { type: 'string' }, events: { type: 'boolean', default: false },
        'router-params': { type: 'string' }, 'kv-cache-gb': { type: 'string' }, json: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
    const platforms = values.platform === 'all' ? PLATFORM_IDS : [values.platform];
    for (const id of platforms) if (PLATFORMS[id] === undefined) throw new UsageError(`--platform must be one of ${PLATFORM_IDS.join(', ')} or all`);
    if (!isDtype(values.dtype)) throw new UsageError(`--dtype must be one of ${DTYPES.join(', ')}`);
    const dtype = values.dtype;
    const paramsFlag = params(values.params, '--params');
    const kvCacheGb = values['kv-cache-gb'] === undefined ? 0 : Number(values['kv-cache-gb']);
    if (!(kvCacheGb >= 0)) throw new UsageError('--kv-cache-gb must be a number ≥ 0');
    const pinned: PinnedInHbm = { routerParams: params(values['router-params'], '--router-params') ?? 0, kvCacheBytes: kvCacheGb * GB };
    const batchSize = count(values.batch, '--batch', 1, 1);
    const outputTokens = count(values.tokens, '--tokens', 0, 0);

    let trace: string[] | undefined;
    let experts: Record<string, ExpertWeights> = {};
    if (values.trace !== undefined) {
      try {
        trace = parseTrace(await readText(io, values.trace, 'trace file'));
      } catch (error) {
        if (error instanceof TraceFormatError) throw new CliError(`${values.trace}: ${error.message}`);
        throw error;
      }
      const fallback = paramsFlag ?? (values.config === undefined ? PAPER_BENCHMARK_EXPERT_PARAMS : undefined);
      experts = await expertTable(io, trace, values.config, fallback);
    }
    const sizes = Object.values(experts).map((e) => e.totalParams);
    // Capacity figures are for one expert size: --params, else the trace's largest expert.
    const expertParams = paramsFlag ?? (sizes.length > 0 ? Math.max(...sizes) : PAPER_BENCHMARK_EXPERT_PARAMS);
    const expertCount = count(values.experts, '--experts', 150, 1);

    const reports = platforms.map((id) => {
      const node = PLATFORMS[id];
      const result = trace === undefined ? undefined : simulateTrace({ node, dtype, pinned, experts, trace, batchSize, outputTokens });
      return platformReport(node, expertParams, dtype, pinned, expertCount, sizes, result, values.events);
    });
    if (values.json) {
      io.stdout(`${JSON.stringify(reports.length === 1 ? reports[0] : { platforms: reports }, null, 2)}\n`);
    } else {
      io.stdout(`${reports.map(describe).join('\n\n')}\n`);
      if (reports.length > 1) {
        const base = reports[0].switchMsPerExpert;
        const ratios = reports.slice(1).map((r) => `${r.platform} ${(r.switchMsPerExpert / base).toFixed(1)}×`);
        io.stdout(`\nSwitch time relative to ${reports[0].platform}: ${ratios.join(', ')}\n`);
      }
    }
    return 0;
  },
};
