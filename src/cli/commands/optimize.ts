import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { paretoFrontier, placeOnFrontier } from '../../common/optimize/frontier';
import { buildProblem, OptimizeInputError, type MappingPoint } from '../../common/optimize/problem';
import { mappingFromFile, optimizeInputFromFiles } from '../../common/optimize/scoresFile';
import { cheapestFeasibleBudget, optimizeMapping, type SolveOptions } from '../../common/optimize/solve';
import { formatParams, parseParamCount } from '../../common/sim/units';
import { CliError, UsageError, type CliCommand, type CliIo } from '../cliTypes';

const USAGE = `Usage: coe optimize --scores FILE --budget PARAMS [--freq FILE] [--max-total-params PARAMS]
                    [--current FILE] [--max-points N] [--json]

Chooses the category→expert table with the best expected score whose average active parameters
(router included) stay within --budget, exactly, and prints the quality-vs-cost frontier.

  --scores FILE             {"experts": {id: {"activeParams": n, "totalParams"?: n}},
                             "scores": {category: {expertId: score}}, "routerParams"?: n}
  --freq FILE               {category: weight}; normalised; uniform over categories when absent
  --budget PARAMS           average active parameters per request: 31B, 3.1e10, 500M
  --max-total-params PARAMS cap on the summed parameters of the distinct experts used
  --current FILE            {category: expertId}: place this mapping on the frontier
  --max-points N            frontier points to list at most (default 1000)
  --json                    {mapping, expectedScore, avgActiveParams, frontier, …}`;

/** node:util rejects unknown or malformed flags with a TypeError; that is bad usage (exit 2). */
function parseOrUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function readJson(io: CliIo, file: string, what: string): Promise<unknown> {
  const full = path.resolve(io.cwd, file);
  let text: string;
  try {
    text = await readFile(full, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read the ${what} "${full}": ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`the ${what} "${full}" is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function paramsOption(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = parseParamCount(value);
  if (parsed === undefined) throw new UsageError(`${flag} "${value}" is not a parameter count (try 31B, 3.1e10 or 500M)`);
  return parsed;
}

/** Three significant digits, rounded up, so that passing it back as --budget is feasible. */
function budgetHint(params: number): string {
  const step = 10 ** (Math.floor(Math.log10(params)) - 2);
  const up = Math.ceil(params / step - 1e-9) * step;
  const [unit, scale] = up >= 1e12 ? ['T', 1e12] : up >= 1e9 ? ['B', 1e9] : up >= 1e6 ? ['M', 1e6] : ['', 1];
  return `${Number((up / scale).toPrecision(3))}${unit}`;
}

function mappingLines(point: MappingPoint, problemScores: (category: string, expert: string) => string): string[] {
  const width = Math.max(8, ...Object.keys(point.mapping).map((c) => c.length));
  return Object.entries(point.mapping).map(([c, e]) => `  ${c.padEnd(width)}  ${e}  (${problemScores(c, e)})`);
}

const TEXT_FRONTIER_POINTS = 15;

/** Evenly spaced frontier points for a terminal, with the chosen one swapped in for its neighbour. */
function sample(points: MappingPoint[], chosen: MappingPoint): MappingPoint[] {
  const near = (p: MappingPoint): boolean => Math.abs(p.avgActiveParams - chosen.avgActiveParams) <= 1e-6 * chosen.avgActiveParams;
  const picked = points.length <= TEXT_FRONTIER_POINTS
    ? [...points]
    : Array.from({ length: TEXT_FRONTIER_POINTS }, (_, i) => points[Math.round((i * (points.length - 1)) / (TEXT_FRONTIER_POINTS - 1))]);
  const merged = picked.filter((p) => !near(p)).concat(chosen);
  return [...new Set(merged)].sort((a, b) => a.avgActiveParams - b.avgActiveParams);
}

export const optimizeCommand: CliCommand = {
  name: 'optimize',
  summary: 'choose the category→expert table for a parameter budget',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseOrUsage(() => parseArgs({
      args: argv,
      options: {
        scores: { type: 'string' }, freq: { type: 'string' }, budget: { type: 'string' },
        'max-total-params': { type: 'string' }, current: { type: 'string' }, 'max-points': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
    if (values.scores === undefined) throw new UsageError('--scores FILE is required');
    const budget = paramsOption(values.budget, '--budget');
    if (budget === undefined) throw new UsageError('--budget PARAMS is required');
    const options: SolveOptions = { maxDistinctTotalParams: paramsOption(values['max-total-params'], '--max-total-params') };
    const maxPoints = values['max-points'] === undefined ? 1000 : Number(values['max-points']);
    if (!Number.isInteger(maxPoints) || maxPoints < 1) throw new UsageError('--max-points must be a positive integer');

    const scoresJson = await readJson(io, values.scores, 'scores file');
    const freqJson = values.freq === undefined ? undefined : await readJson(io, values.freq, 'frequency file');
    const currentJson = values.current === undefined ? undefined : await readJson(io, values.current, 'mapping file');
    try {
      const { problem, warnings } = buildProblem(optimizeInputFromFiles(scoresJson, freqJson));
      for (const warning of warnings) io.stderr(`coe optimize: warning: ${warning}\n`);
      const best = optimizeMapping(problem, budget, options);
      if (best === null) {
        const cheapest = cheapestFeasibleBudget(problem, options);
        if (cheapest === null) {
          throw new CliError(`no mapping fits --max-total-params ${formatParams(options.maxDistinctTotalParams ?? 0)}: every category needs an expert and the cheapest set of experts is larger; raise the cap`);
        }
        throw new CliError(`budget ${formatParams(budget)} is infeasible: the cheapest mapping averages ${formatParams(cheapest)} active parameters (router included). Use --budget ${budgetHint(cheapest)} or more.`);
      }
      const frontier = paretoFrontier(problem, { ...options, maxPoints });
      const placement = currentJson === undefined ? undefined : placeOnFrontier(problem, mappingFromFile(currentJson), frontier, options);
      if (values.json) {
        io.stdout(`${JSON.stringify({ ...best, frontier: frontier.points, frontierTruncated: frontier.truncated, current: placement, warnings }, null, 2)}\n`);
        return 0;
      }
      const score = (c: string, e: string): string => String(problem.scores[problem.categories.indexOf(c)][problem.experts.indexOf(e)]);
      const shown = sample(frontier.points, best);
      const lines = [
        `Best table within ${formatParams(budget)} average active parameters:`,
        ...mappingLines(best, score),
        `Expected score ${best.expectedScore.toFixed(4)} at ${formatParams(best.avgActiveParams)} average active parameters` +
          ` (${formatParams(best.distinctTotalParams)} in the experts used).`,
        '',
        `Frontier (${frontier.points.length} Pareto-optimal tables${frontier.truncated ? ', truncated' : ''}), avg active params → expected score:`,
        ...shown.map((p) => `  ${formatParams(p.avgActiveParams).padStart(7)}  ${p.expectedScore.toFixed(4)}${p === best ? '  ← chosen' : ''}`),
      ];
      if (frontier.points.length > TEXT_FRONTIER_POINTS) lines.push(`  (${shown.length} of ${frontier.points.length} shown; --json lists every point)`);
      if (placement) {
        lines.push('', `Current table: score ${placement.current.expectedScore.toFixed(4)} at ${formatParams(placement.current.avgActiveParams)};` +
          (placement.onFrontier ? ' on the frontier.' : ` the frontier reaches ${placement.bestAtSameCost.expectedScore.toFixed(4)} at that cost` +
            (placement.cheapestAsGood ? ` and the same score at ${formatParams(placement.cheapestAsGood.avgActiveParams)}.` : '.')));
      }
      io.stdout(`${lines.join('\n')}\n`);
      return 0;
    } catch (error) {
      if (error instanceof OptimizeInputError) throw new CliError(error.message);
      throw error;
    }
  },
};
