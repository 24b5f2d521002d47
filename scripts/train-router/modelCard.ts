import type { SplitMetrics } from './evaluate';
import type { LatencyReport } from './latency';
import type { Calibration, EvalOnlyResult, FoldScore, HeldOutSourcesResult, TrainingSettings } from './pipeline';
import type { CleaningCounts, PreparedRow } from './prepare';
import { ROUTER_CATEGORIES } from './categories';

export interface ModelCardInput {
  settings: TrainingSettings;
  rows: readonly PreparedRow[];
  syntheticRows: number;
  rawCounts: Record<string, { rows: number; malformed: number; licence: string }>;
  cleaning: CleaningCounts;
  randomSplit?: SplitMetrics;
  heldOut?: HeldOutSourcesResult & { metrics: SplitMetrics };
  /** The grouped folds one by one (after scaling), each reproducible with `coe eval`. */
  folds?: FoldScore[];
  leaveOneOut?: HeldOutSourcesResult & { metrics: SplitMetrics };
  calibration: Calibration;
  evalOnly: EvalOnlyResult[];
  evalOnlyAll?: EvalOnlyResult;
  latency?: LatencyReport;
  timings: { featurizeSeconds: number; cvSeconds: number; finalTrainSeconds: number; finalTrainCpuSeconds: number; totalSeconds: number };
  bundle: { onnxBytes: number; parameterCount: number; sha256: string };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const f3 = (x: number) => x.toFixed(3);

function metricsRow(name: string, m: SplitMetrics): string {
  return `| ${name} | ${m.n} | ${f3(m.domain.accuracy)} | ${f3(m.domain.macroF1)} | ${f3(m.category.accuracy)} | ${f3(m.category.macroF1)} | ${f3(m.ece)} | ${f3(m.domainEce)} |`;
}

const METRICS_HEADER = '| split | n | domain accuracy | domain macro-F1 | category accuracy | category macro-F1 | ECE (top category) | ECE (domain) |\n|---|---|---|---|---|---|---|---|';

export function renderModelCard(c: ModelCardInput): string {
  const { settings, calibration: cal } = c;
  const perSourceCount = new Map<string, number>();
  for (const r of c.rows) perSourceCount.set(r.source, (perSourceCount.get(r.source) ?? 0) + 1);
  const perCategory = new Map<string, number>();
  for (const r of c.rows) perCategory.set(r.category, (perCategory.get(r.category) ?? 0) + 1);
  const lines: string[] = [];
  lines.push('# Router model card', '');
  lines.push(
    'Multinomial logistic regression over hashed word unigrams, word bigrams and character 3–5-grams',
    `(featurizer \`hashed-ngrams\`, ${settings.featurizer.buckets} buckets, prompts truncated to the first ${settings.featurizer.headTokens} and last ${settings.featurizer.maxTokens - settings.featurizer.headTokens} tokens).`,
    'The model is additive: every feature contributes `weight × value` to each logit, so the per-token',
    'attributions shown in the inspector are exact (they sum to the logit minus the bias).',
    `Weights are stored as float16 (${(c.bundle.onnxBytes / 1e6).toFixed(2)} MB ONNX, ${c.bundle.parameterCount.toLocaleString('en-US')} parameters; sha256 \`${c.bundle.sha256.slice(0, 16)}…\`).`,
    '',
    'Reproduce: `npm run train:router -- --data ../shared/data/router/train --out media/router` (deterministic:',
    'the same data and seed give byte-identical `router.onnx` and `labels.json`; this card also holds timings).',
    '',
  );
  lines.push('## Categories', '', '| id | domain | training rows | description |', '|---|---|---|---|');
  for (const cat of ROUTER_CATEGORIES) lines.push(`| \`${cat.id}\` | ${cat.domain} | ${perCategory.get(cat.id) ?? 0} | ${cat.description} |`);
  lines.push('', '## Training data (only `train/`, all licences permit shipping a model)', '');
  lines.push('| dataset | licence | rows read | malformed (skipped) | rows used | weight |', '|---|---|---|---|---|---|');
  for (const [dataset, info] of Object.entries(c.rawCounts)) {
    lines.push(`| ${dataset} | ${info.licence} | ${info.rows} | ${info.malformed} | ${perSourceCount.get(dataset) ?? 0} | ${(c.rows.find((r) => r.source === dataset)?.weight ?? 1).toFixed(2)} |`);
  }
  const k = c.cleaning;
  lines.push(
    '',
    'Data traps handled:',
    `- DebugBench's fixed instruction prefix stripped from ${k.debugbenchPrefixStripped} rows (otherwise the model learns the prefix).`,
    `- MMLU "A. … D." option lists stripped from ${k.mmluOptionsStripped} rows (a format shortcut for "general").`,
    `- LaTeX \`$\` delimiters removed from ${k.dollarsStripped} maths rows (half of those that had them) so \`$\` alone does not mean maths.`,
    `- Exact duplicates after normalisation dropped: ${k.duplicatesDropped}; texts labelled with two domains dropped: ${k.conflictingDuplicatesDropped}.`,
    `- Large single-register datasets capped (deterministic hash subsample): ${Object.entries(k.cappedOut).map(([s, n]) => `${s} −${n}`).join(', ')}.`,
    `- ${c.syntheticRows} synthetic rows written by our own templates, trained on and never evaluated: chat-register general`,
    '  requests ("Write a product description for a spa business"), rewrite/summarise asks around general passages, persona prefixes',
    '  ("You are a senior software engineer. …") on 12% of code/maths rows, spare DebugBench code wrapped in explain/fix/refactor asks,',
    '  chat-register coding requests ("How do I upload a file to S3 in Go?"), and spare (capped-out) maths word problems inside a',
    '  programming-contest frame (input / output / constraints; labelled code: the frame makes it a programming task). Copies keep',
    '  their source, so a held-out source is held out with its copies. Counterfactual pairs (written after the held-out error',
    '  analysis, see EXPERIMENTS.md): numbers, prices and "how many" in knowledge/advice questions (general) beside everyday',
    '  calculations (maths), and database / shell question titles without code (code) beside everyday "How to …" titles (general).',
    `- Per-source balancing: a source of n rows carries total weight ∝ n^0.5 (the weight column); CLINC voice utterances ×0.5;`,
    '  rows marked `ambiguous` weighted ½; label smoothing absorbs the remaining label noise.',
    '- Training objective: softmax cross-entropy on the fine categories plus 10 × cross-entropy of the summed domain',
    '  probability (a domain-level auxiliary loss: confusions inside a domain cost less). Still one linear model.',
    '',
  );
  lines.push('## Quality', '', METRICS_HEADER);
  if (c.heldOut) lines.push(metricsRow(`sources held out whole (${settings.folds} grouped folds over datasets)`, c.heldOut.metrics));
  if (c.leaveOneOut) lines.push(metricsRow('sources held out whole (leave-one-source-out, 22 fits)', c.leaveOneOut.metrics));
  if (c.randomSplit) lines.push(metricsRow(`random split (${pct(settings.validationShare)} by group)`, c.randomSplit));
  for (const e of c.evalOnly) lines.push(metricsRow(`eval-only: ${e.file}`, e.metrics));
  if (c.evalOnlyAll) lines.push(metricsRow('eval-only: all files', c.evalOnlyAll.metrics));
  lines.push(
    '',
    'Held-out-source, leave-one-source-out and random-split rows come from models trained without those rows (not the shipped',
    'model), with the shipped temperature applied. The 4-fold rows also fitted T and chose the thresholds, so their ECE and',
    'fallback figures are in-sample for those two scalars; leave-one-source-out and random-split rows are other fits.',
    'Settings (caps, balancing, augmentation, loss, step size) were selected on the 4-fold held-out-source table only',
    '(see EXPERIMENTS.md); leave-one-source-out was run on the finalists to confirm.',
    '`eval-only/` rows were never used for training or temperature fitting: `coe eval --data <eval-only file>`',
    'with the shipped model reproduces their domain accuracy, domain macro-F1 and ECE (domain) exactly (their `label` is a domain), e.g.',
    '`node dist/cli.js eval --data ../shared/data/router/eval-only/sharegpt_firstturn.jsonl` (or `npx tsx src/cli/index.ts eval …`).',
    '',
  );
  if (c.folds) {
    lines.push(
      'Each grouped fold on its own (the model trained without its datasets, shipped temperature applied):',
      '',
      '| fold | held-out datasets | n | domain accuracy | domain macro-F1 | ECE (domain) |',
      '|---|---|---|---|---|---|',
      ...c.folds.map((f) => `| ${f.fold} | ${f.datasets.join(', ')} | ${f.metrics.n} | ${f3(f.metrics.domain.accuracy)} | ${f3(f.metrics.domain.macroF1)} | ${f3(f.metrics.domainEce)} |`),
      '',
      'Reproduce a fold row with `coe eval`: `npm run train:router -- --data ../shared/data/router/train --out /tmp/router',
      '--fold-bundles /tmp/folds` writes each fold\'s bundle (`/tmp/folds/fold-K`, float16, T folded in) and its held-out rows',
      '(`/tmp/folds/fold-K.jsonl`, training-data text: keep it local), then',
      '`node dist/cli.js eval --model /tmp/folds/fold-1 --data /tmp/folds/fold-1.jsonl`.',
      '',
    );
  }
  if (c.heldOut) {
    lines.push('Held-out folds: ' + c.heldOut.folds.map((f) => `[${f.join(', ')}]`).join(' '), '', '| held-out dataset | n | domain accuracy (4 folds) | category accuracy (4 folds) | domain accuracy (LOSO) | category accuracy (LOSO) |', '|---|---|---|---|---|---|');
    for (const [source, m] of Object.entries(c.heldOut.perSource)) {
      const l = c.leaveOneOut?.perSource[source];
      lines.push(`| ${source} | ${m.n} | ${f3(m.domain.accuracy)} | ${f3(m.category.accuracy)} | ${l ? f3(l.domain.accuracy) : '–'} | ${l ? f3(l.category.accuracy) : '–'} |`);
    }
    lines.push('');
  }
  lines.push(
    '## Calibration and thresholds',
    '',
    `Temperature scaling, fitted on the ${cal.fittedOn}: T = ${cal.temperature.toFixed(3)}, folded into the weights`,
    'and bias (one scalar: it never changes the winning category). ECE, 15 bins, before → after scaling:',
    '',
    '| data | ECE top category | ECE domain (summed) |',
    '|---|---|---|',
    ...Object.entries(cal.ece).map(([name, e]) => `| ${name} | ${f3(e.before)} → ${f3(e.after)} | ${f3(e.domainBefore)} → ${f3(e.domainAfter)} |`),
    ...[...c.evalOnly, ...(c.evalOnlyAll ? [c.evalOnlyAll] : [])].map((e) => `| eval-only: ${e.file} | ${f3(e.eceBefore)} → ${f3(e.metrics.ece)} | ${f3(e.domainEceBefore)} → ${f3(e.metrics.domainEce)} |`),
    '',
    'The fallback looks at the expert, not the fine category: its confidence is the summed probability of every category',
    'the table maps to the chosen expert, its entropy the normalised entropy of the per-expert masses (with the default',
    'table, one expert per domain, these are the domain masses), so two fine categories of one expert never cause a fallback.',
    `Rule: the fallback to the generalist may fire on at most ${pct(settings.maxFallbackRate)} of held-out-source prompts (4 folds, after scaling);`,
    'within that budget the grid point (minConfidence 0.35–0.95, maxEntropy 0.20–1.00, steps 0.05) with the most accurate',
    'routed share (domain level) wins, ties to the lower fallback rate.',
    `Chosen: **minConfidence ${cal.thresholds.minConfidence}, maxEntropy ${cal.thresholds.maxEntropy}** (stored in labels.json and the extension's defaults).`,
    '',
    '| data | fallback rate | routed domain accuracy | routed category accuracy |',
    '|---|---|---|---|',
    `| held-out sources | ${pct(cal.thresholds.fallbackRate)} | ${f3(cal.thresholds.routedDomainAccuracy)} | ${f3(cal.thresholds.routedCategoryAccuracy)} |`,
  );
  for (const e of [...c.evalOnly, ...(c.evalOnlyAll ? [c.evalOnlyAll] : [])]) {
    lines.push(`| eval-only: ${e.file} | ${pct(e.fallback.fallbackRate)} | ${f3(e.fallback.routedDomainAccuracy)} | ${f3(e.fallback.routedCategoryAccuracy)} |`);
  }
  lines.push('');
  if (c.latency) {
    lines.push('## Speed and size', '', `Load, measured in a fresh Node process run by tsx (which also transpiles on import): the first model (\`OnnxRouterModel.load\`: read and check the bundle, create the session — the first one also initialises onnxruntime — and a probe run) ${c.latency.coldLoadMs.toFixed(1)} ms; a second load in the same process (a model switch) ${c.latency.reloadMs.toFixed(1)} ms; importing the runtime module and the onnxruntime-node library before them ${c.latency.runtimeLoadMs.toFixed(1)} ms.`, '', '| tokens | features | p50 ms | p99 ms |', '|---|---|---|---|');
    for (const [tokens, l] of Object.entries(c.latency.byTokens)) lines.push(`| ${tokens} | ${l.features} | ${l.p50Ms.toFixed(3)} | ${l.p99Ms.toFixed(3)} |`);
    lines.push(
      '',
      'Featurize + onnxruntime-node run through the runtime\'s `OnnxRouterModel` (no attributions), one intra-op thread, in a fresh process (the worker adds its message hop); the prompt repeats',
      `a small vocabulary. Measured with a 1-minute load average of ${c.latency.loadAverage.toFixed(1)} on 2 cores, so p99 here reflects`,
      'scheduling delays from other jobs; `coe bench router` on an idle machine is the reference figure.',
    );
  }
  lines.push(
    '',
    `Training time on this 2-core machine (shared with other jobs): featurizing ${c.rows.length} rows ${c.timings.featurizeSeconds.toFixed(1)} s,`,
    `one fit (the final model, ${settings.training.epochs} AdaGrad epochs) ${c.timings.finalTrainSeconds.toFixed(1)} s wall, ${c.timings.finalTrainCpuSeconds.toFixed(1)} s CPU;`,
    `held-out-source evaluation (4 + 22 fits) ${c.timings.cvSeconds.toFixed(0)} s; whole pipeline with evaluation and latency ${c.timings.totalSeconds.toFixed(0)} s.`,
    '',
    '## Known limits',
    '',
    '- Bag of n-grams: word order beyond bigrams is invisible. A long pasted document with a short ask ("summarise this",',
    '  "explain this code") is judged mostly by the pasted content; mixed prompts get split probability and often fall back.',
    '- Chat-style general requests about technical products ("write a LinkedIn post for our SaaS platform") and technical',
    '  discussions without code remain the main domain errors (see the ShareGPT and Auto-J rows above).',
    '- Fine categories are noisier than domains: writing / rewrite / advice / knowledge overlap, and `sql`, `shell_devops`',
    '  and `code_explanation` rest on few or templated sources, so their held-out-source figures are low.',
    '- Little non-English training data; 131,072 hash buckets mean some n-grams share weights (collisions).',
    '- Fine-category macro-F1 on held-out sources is low (see the table): the domain-level loss trades a little fine-category',
    '  separation for domain accuracy; the routing table maps domains by default.',
    '- Programming-contest statements are recognised through their input/output/constraints frame; a contest problem pasted',
    '  without that frame reads as maths.',
    '',
  );
  return lines.join('\n');
}
