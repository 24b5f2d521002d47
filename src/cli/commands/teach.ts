import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isDomain } from '../../common/categories';
import { parseJsonlRows } from '../../common/router/jsonlRows';
import { adapterParameterCount } from '../../common/teach/adapter';
import { pct, type GateFigures } from '../../common/teach/gate';
import { teachWeight } from '../../common/teach/teachLabels';
import type { TeachOutcome } from '../../common/teach/teachRouter';
import { TeachDataRowSchema, type LabelledText } from '../../common/teach/teachRows';
import { CanaryFileError, loadAnchors, loadCanary } from '../../node/teach/canary';
import { writeAdapterFile } from '../../node/teach/adapterFileIo';
import { openCliRouter } from '../cliRouter';
import { CliError, UsageError, type CliCommand, type CliIo } from '../cliTypes';

const USAGE = `Usage: coe teach --data FILE.jsonl --out ADAPTER [--json] [--force] [--model DIR] [--config FILE] [--canary FILE]

Trains a router adapter on labelled prompts ({"text": …, "label": category id or code|math|general,
"weight"?: 0–1} per line) in the router worker, and gates it: a quarter of the rows is held back to
measure it, and the team's canary prompts must not drop by more than 1 point. Writes ADAPTER only
when the gate accepts (use it with --adapter in coe route / eval / chat).
  --json          one JSON object: accepted, reason, heldBack, canary, trainMs, corrections, out
  --force         write the measured adapter even when the gate refuses it
  --model DIR     base router model bundle (default: the bundled model or routerModelPath)
  --config FILE   configuration file (default: ./coe.config.json when present)
  --canary FILE   canary prompts ({"text", "category", "domain"} per line; default: the shipped set)
Exit codes: 0 accepted (adapter written), 1 refused or failed, 2 bad usage.`;

const MAX_LISTED_ERRORS = 5;

async function readTeachRows(file: string): Promise<{ text: string; label: string; weight: number; line: number }[]> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const { rows, errors } = parseJsonlRows(content, TeachDataRowSchema);
  if (errors.length) {
    const listed = errors.slice(0, MAX_LISTED_ERRORS).map((e) => `  ${file}:${e.line}: ${e.message}`);
    const more = errors.length > MAX_LISTED_ERRORS ? `\n  … and ${errors.length - MAX_LISTED_ERRORS} more` : '';
    throw new CliError(`${errors.length} unreadable row(s); each line must be {"text": string, "label": string}:\n${listed.join('\n')}${more}`);
  }
  if (rows.length === 0) throw new CliError(`${file} has no rows`);
  return rows.map((r) => ({ text: r.row.text, label: r.row.label, weight: teachWeight('import', r.row.weight ?? 1), line: r.line }));
}

function figuresLine(name: string, f: GateFigures): string {
  return `${name}: n=${f.n} accuracy ${pct(f.accuracyBefore)} → ${pct(f.accuracyAfter)}, macro-F1 ${pct(f.macroF1Before)} → ${pct(f.macroF1After)}`;
}

function printOutcome(io: CliIo, outcome: TeachOutcome, trainMs: number, out: string | null): void {
  io.stdout(`${outcome.accepted ? 'accepted' : 'refused'}: ${outcome.reason}\n`);
  io.stdout(`  ${figuresLine('held-back corrections', outcome.heldBack)}\n`);
  io.stdout(`  ${figuresLine('canary prompts (domains)', outcome.canary)} (tolerance ${(outcome.canary.tolerance * 100).toFixed(1)} points)\n`);
  io.stdout(`  trained on ${outcome.trainedOn} of ${outcome.corrections} rows in ${Math.round(trainMs)} ms${outcome.refit ? ' (refit on all rows after the gate)' : ''}\n`);
  if (out) io.stdout(`  adapter written to ${out}\n`);
}

export const teachCommand: CliCommand = {
  name: 'teach',
  summary: 'train a gated router adapter from labelled prompts',
  usage: USAGE,
  async run(argv, io) {
    let values;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: {
          data: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' }, force: { type: 'boolean' },
          model: { type: 'string' }, config: { type: 'string' }, canary: { type: 'string' },
        },
      }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (!values.data) throw new UsageError('--data FILE.jsonl is required');
    if (!values.out) throw new UsageError('--out ADAPTER is required (the adapter file to write)');
    const rows = await readTeachRows(path.resolve(io.cwd, values.data));
    let canary;
    let anchors;
    try {
      canary = await loadCanary(values.canary ? path.resolve(io.cwd, values.canary) : undefined);
      anchors = await loadAnchors();
    } catch (error) {
      if (error instanceof CanaryFileError) throw new CliError(error.message);
      throw error;
    }
    const cli = await openCliRouter(io, { configPath: values.config, modelDir: values.model });
    try {
      const bundle = await cli.router.ensureLoaded().catch((error: Error) => {
        throw new CliError(`cannot load the router model from ${cli.modelDir}: ${error.message}`);
      });
      const ids = new Set(bundle.categories.map((c) => c.id));
      const unknown = rows.find((r) => !isDomain(r.label) && !ids.has(r.label));
      if (unknown) throw new CliError(`${values.data}:${unknown.line}: unknown label "${unknown.label}"; expected code, math, general or one of: ${[...ids].join(', ')}`);
      const items: LabelledText[] = rows.map(({ text, label, weight }) => ({ text, label, weight }));
      const { outcome, trainMs } = await cli.router.teach({ items, canary: canary.map((c) => ({ text: c.text, domain: c.domain })), anchors });
      const adapter = outcome.adapter ?? (values.force ? outcome.candidate : null);
      const out = adapter ? path.resolve(io.cwd, values.out) : null;
      if (adapter && out) {
        await writeAdapterFile(out, adapter, { createdAt: new Date().toISOString(), corrections: outcome.corrections, heldBack: outcome.heldBack, canary: outcome.canary });
      }
      if (values.json) {
        const { accepted, reason, heldBack, canary: canaryFigures, corrections, trainedOn, refit } = outcome;
        const parameters = adapter ? adapterParameterCount(adapter) : 0;
        io.stdout(`${JSON.stringify({ accepted, reason, heldBack, canary: canaryFigures, trainMs, corrections, trainedOn, refit, out, parameters })}\n`);
      } else {
        printOutcome(io, outcome, trainMs, out);
      }
      if (!outcome.accepted) io.stderr(`coe teach: the gate refused the adapter${out ? ' (written anyway: --force)' : '; nothing written'}\n`);
      return outcome.accepted ? 0 : 1;
    } finally {
      cli.dispose();
    }
  },
};
