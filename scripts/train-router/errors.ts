// Error analysis on sources held out whole: `tsx scripts/train-router/errors.ts --data DIR [--out FILE]` writes every
// out-of-fold domain error of the shipped settings (source, gold, predicted category, domain masses, text) as JSONL.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ROUTER_CATEGORIES } from './categories';
import { DEFAULT_AUGMENTATION, buildTrainingRows } from './dataset';
import { domainProbabilities, toExamples } from './evaluate';
import { loadJsonlFolder } from './loadData';
import { heldOutSources, routerSettings } from './pipeline';
import { DEFAULT_POLICY } from './prepare';

const { values } = parseArgs({ options: { data: { type: 'string' }, out: { type: 'string' } } });
if (!values.data) throw new Error('usage: errors.ts --data TRAIN_DIR [--out FILE]');
const built = buildTrainingRows(loadJsonlFolder(values.data), DEFAULT_POLICY, DEFAULT_AUGMENTATION);
const settings = routerSettings();
const examples = toExamples(built.rows, settings.featurizer);
const result = heldOutSources(built.rows, examples, settings);
const lines: string[] = [];
built.rows.forEach((row, i) => {
  const p = result.predictions[i];
  if (i >= built.realCount || !p) return;
  const predicted = ROUTER_CATEGORIES[p.top];
  if (predicted.domain === row.domain) return;
  const m = domainProbabilities(p.probabilities);
  lines.push(JSON.stringify({ source: row.source, gold: row.domain, goldCategory: row.category, predicted: predicted.id, code: +m.code.toFixed(3), math: +m.math.toFixed(3), general: +m.general.toFixed(3), text: row.text }));
});
writeFileSync(values.out ?? 'router-errors.jsonl', lines.join('\n') + '\n');
process.stdout.write(`${lines.length} domain errors of ${built.realCount} held-out rows\n`);
