import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { isDomain } from '../../common/categories';
import { expectedCalibrationError } from '../../common/metrics/calibration';
import { classificationReport, type ClassificationReport } from '../../common/metrics/classification';
import { parseJsonlRows } from '../../common/router/jsonlRows';
import { loadConfigFile, ConfigFileError } from '../../node/config/loadConfigFile';
import { RouterBundleError } from '../../node/router/bundleLoader';
import { resolveModelDir } from '../../node/router/defaultModelDir';
import { OnnxRouterModel } from '../../node/router/onnxRouterModel';
import { findPackageRoot } from '../../node/packageRoot';
import { AdapterMismatchError } from '../../common/teach/adapter';
import { AdapterFileError } from '../../common/teach/adapterFile';
import { readAdapterFile } from '../../node/teach/adapterFileIo';
import { CliError, UsageError, type CliCommand, type CliIo } from '../cliTypes';
import { formatReport } from './evalFormat';

const USAGE = `Usage: coe eval --data FILE.jsonl [--json] [--model DIR] [--adapter FILE] [--config FILE]

Classifies every row of FILE.jsonl ({"text": …, "label": …} per line) with the router and compares.
A label is a category id of the model or a coarse domain (code, math, general); each row is compared at
the level its label is given. Prints n, accuracy, macro-F1, per-class precision/recall/F1/support and the
confusion matrix (rows = gold, columns = predicted).
  --json          one JSON object: n, accuracy, macroF1, perClass, confusion, level, ece
  --model DIR     router model bundle folder (default: the bundled model or routerModelPath)
  --adapter FILE  apply a router adapter (from coe teach or an export) on top of the model
  --config FILE   configuration file (default: ./coe.config.json when present)`;

const EvalRowSchema = z.object({ text: z.string(), label: z.string().min(1) });
const MAX_LISTED_ERRORS = 5;

export interface EvalResult extends ClassificationReport {
  /** 'domain' or 'category' when every label is of that kind, 'mixed' otherwise. */
  level: 'domain' | 'category' | 'mixed';
  /**
   * Expected calibration error against the row's correctness: of the top category's probability for a category
   * label, of the predicted domain's summed probability for a domain label (the model card's "ECE (domain)").
   */
  ece: number;
}

async function readRows(file: string): Promise<{ text: string; label: string; line: number }[]> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const { rows, errors } = parseJsonlRows(content, EvalRowSchema);
  if (errors.length) {
    const listed = errors.slice(0, MAX_LISTED_ERRORS).map((e) => `  ${file}:${e.line}: ${e.message}`);
    const more = errors.length > MAX_LISTED_ERRORS ? `\n  … and ${errors.length - MAX_LISTED_ERRORS} more` : '';
    throw new CliError(`${errors.length} unreadable row(s); each line must be {"text": string, "label": string}:\n${listed.join('\n')}${more}`);
  }
  if (rows.length === 0) throw new CliError(`${file} has no rows`);
  return rows.map((r) => ({ ...r.row, line: r.line }));
}

async function modelDirFor(io: CliIo, model: string | undefined, config: string | undefined): Promise<string> {
  if (model) return path.resolve(io.cwd, model);
  try {
    const loaded = await loadConfigFile(config, io.cwd);
    return resolveModelDir(loaded.config.routerModelPath, findPackageRoot(), loaded.file ? path.dirname(loaded.file) : io.cwd);
  } catch (error) {
    if (error instanceof ConfigFileError) throw new CliError(error.message);
    throw error;
  }
}

/** Classifies each row in-process and compares at the level its label is given (domain or category). */
export async function evaluateRows(model: OnnxRouterModel, rows: readonly { text: string; label: string; line: number }[], file: string): Promise<EvalResult> {
  const categories = model.categories;
  for (const row of rows) {
    if (!isDomain(row.label) && !categories.has(row.label)) {
      throw new CliError(`${file}:${row.line}: unknown label "${row.label}"; expected code, math, general or one of: ${categories.ids.join(', ')}`);
    }
  }
  const gold: string[] = [];
  const predicted: string[] = [];
  const confidences: number[] = [];
  for (const row of rows) {
    const result = await model.classify(row.text);
    const byDomain = isDomain(row.label);
    gold.push(row.label);
    const domain = categories.domainOf(result.top);
    predicted.push(byDomain ? (domain ?? result.top) : result.top);
    const domainMass = result.categories.reduce((sum, c, i) => sum + (categories.domainOf(c) === domain ? result.probabilities[i] : 0), 0);
    confidences.push(byDomain && domain ? domainMass : result.confidence);
  }
  const domainRows = rows.filter((r) => isDomain(r.label)).length;
  const level = domainRows === rows.length ? 'domain' : domainRows === 0 ? 'category' : 'mixed';
  const order = level === 'domain' ? ['code', 'math', 'general'] : [...categories.ids, 'code', 'math', 'general'];
  const report = classificationReport(gold, predicted, order);
  const ece = expectedCalibrationError(confidences, gold.map((g, i) => g === predicted[i])).ece;
  return { ...report, level, ece };
}

async function applyEvalAdapter(model: OnnxRouterModel, file: string): Promise<void> {
  try {
    model.setAdapter((await readAdapterFile(file)).adapter, path.basename(file));
  } catch (error) {
    if (error instanceof AdapterFileError || error instanceof AdapterMismatchError) throw new CliError(error.message);
    throw error;
  }
}

export const evalCommand: CliCommand = {
  name: 'eval',
  summary: 'measure the router on a labelled JSONL file',
  usage: USAGE,
  async run(argv, io) {
    let values;
    try {
      ({ values } = parseArgs({ args: argv, options: { data: { type: 'string' }, json: { type: 'boolean' }, model: { type: 'string' }, adapter: { type: 'string' }, config: { type: 'string' } } }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (!values.data) throw new UsageError('--data FILE.jsonl is required');
    const file = path.resolve(io.cwd, values.data);
    const rows = await readRows(file);
    const dir = await modelDirFor(io, values.model, values.config);
    let model: OnnxRouterModel;
    try {
      model = await OnnxRouterModel.load(dir);
    } catch (error) {
      if (error instanceof RouterBundleError) throw new CliError(error.message);
      throw error;
    }
    try {
      if (values.adapter) await applyEvalAdapter(model, path.resolve(io.cwd, values.adapter));
      const result = await evaluateRows(model, rows, values.data);
      if (values.json) {
        const { n, accuracy, macroF1, perClass, confusion, level, ece } = result;
        io.stdout(`${JSON.stringify({ n, accuracy, macroF1, perClass, confusion, level, ece })}\n`);
      } else {
        io.stdout(formatReport(result));
      }
      return 0;
    } finally {
      await model.dispose();
    }
  },
};
