// Teach-the-router experiment (not shipped; adapters made here are thrown away):
//   npx tsx scripts/teach-experiment/run.ts --eval-only ../shared/data/router/eval-only [--model media/router] [--seeds 3]
// Teaches on some eval-only chat sources and measures on others (sources kept apart), with 100 / 500 / 2000
// corrections drawn at random (import-style) and, where there are enough, only from the base model's mistakes
// (inspector-style). Reports coarse-domain accuracy and macro-F1 before and after, the gate's verdict, and
// the ungated candidate's figures. Eval-only data never trains the shipped model.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CategorySet, type Domain } from '../../src/common/categories';
import { classificationReport } from '../../src/common/metrics/classification';
import { seededRandom, shuffleInPlace } from '../../src/common/router/train/random';
import { AdapterLookup, type RouterAdapter } from '../../src/common/teach/adapter';
import { predictIndex } from '../../src/common/teach/gate';
import { teachRouter } from '../../src/common/teach/teachRouter';
import { prepareAnchorRows, prepareCanaryRows, prepareTeachRows } from '../../src/common/teach/teachRows';
import { OnnxRouterModel } from '../../src/node/router/onnxRouterModel';
import { loadAnchors, loadCanary } from '../../src/node/teach/canary';

interface Row { text: string; domain: Domain; source: string }
interface Scored extends Row { ids: Int32Array; values: Float32Array; baseLogits: Float64Array }

const { values } = parseArgs({ options: { 'eval-only': { type: 'string' }, model: { type: 'string' }, seeds: { type: 'string' }, json: { type: 'string' } } });
const dataDir = values['eval-only'] ?? '../shared/data/router/eval-only';
const modelDir = values.model ?? 'media/router';
const seeds = Number(values.seeds ?? 3);
const SIZES = [100, 500, 2000];

function readSource(name: string): Row[] {
  return readFileSync(path.join(dataDir, `${name}.jsonl`), 'utf8').split('\n').filter((l) => l.trim()).map((l) => {
    const r = JSON.parse(l) as { text: string; label: Domain; source: string };
    return { text: r.text, domain: r.label, source: r.source };
  });
}

function domainScores(rows: readonly Scored[], adapter: RouterAdapter | null, categories: CategorySet): { accuracy: number; macroF1: number } {
  const lookup = adapter ? new AdapterLookup(adapter) : null;
  const predicted = rows.map((r) => categories.list[predictIndex(r, lookup)].domain);
  const report = classificationReport(rows.map((r) => r.domain), predicted, ['code', 'math', 'general']);
  return { accuracy: report.accuracy, macroF1: report.macroF1 };
}

const f3 = (x: number): string => x.toFixed(3);

async function main(): Promise<void> {
  const model = await OnnxRouterModel.load(modelDir);
  const categories = model.categories;
  const score = (text: string): ReturnType<OnnxRouterModel['baseLogits']> => model.baseLogits(text);
  const scoreAll = async (rows: Row[]): Promise<Scored[]> => {
    const out: Scored[] = [];
    for (const r of rows) {
      const s = await score(r.text);
      out.push({ ...r, ids: s.ids, values: s.values, baseLogits: s.logits });
    }
    return out;
  };
  const canary = await prepareCanaryRows(await loadCanary(), score);
  const anchors = await prepareAnchorRows(await loadAnchors(), score);
  const directions: { name: string; teach: string[]; evaluate: string[] }[] = [
    { name: 'teach ShareGPT+ReAlign → eval Auto-J', teach: ['sharegpt_firstturn', 'realign_taskcls'], evaluate: ['autoj_scenarios'] },
    { name: 'teach Auto-J → eval ShareGPT+ReAlign', teach: ['autoj_scenarios'], evaluate: ['sharegpt_firstturn', 'realign_taskcls'] },
  ];
  const results: Record<string, unknown>[] = [];
  for (const direction of directions) {
    const pool = await scoreAll(direction.teach.flatMap(readSource));
    const evalRows = await scoreAll(direction.evaluate.flatMap(readSource));
    const before = domainScores(evalRows, null, categories);
    const mistakes = pool.filter((r) => categories.list[predictIndex(r, null)].domain !== r.domain);
    process.stdout.write(`\n## ${direction.name}\npool ${pool.length} rows (${mistakes.length} base mistakes), eval ${evalRows.length} rows; before: accuracy ${f3(before.accuracy)}, macro-F1 ${f3(before.macroF1)}\n`);
    process.stdout.write('| corrections | drawn from | gate accepted | eval accuracy after | eval macro-F1 after | ungated accuracy | ungated macro-F1 | held-back acc before→after | canary acc before→after | train ms |\n|---|---|---|---|---|---|---|---|---|---|\n');
    for (const regime of ['random', 'mistakes'] as const) {
      const source = regime === 'random' ? pool : mistakes;
      for (const n of SIZES) {
        if (source.length < n) continue;
        for (let seed = 1; seed <= seeds; seed++) {
          const picked = shuffleInPlace([...source], seededRandom(seed * 7919 + n)).slice(0, n);
          const { rows } = await prepareTeachRows(picked.map((r) => ({ text: r.text, label: r.domain, weight: 1 })), categories, score);
          const started = performance.now();
          const outcome = teachRouter({ rows, canary, anchors, categories, base: model.adapterBase });
          const trainMs = performance.now() - started;
          const after = domainScores(evalRows, outcome.adapter, categories);
          const ungated = domainScores(evalRows, outcome.adapter ?? outcome.candidate, categories);
          const h = outcome.heldBack;
          const c = outcome.canary;
          process.stdout.write(`| ${n} | ${regime} (seed ${seed}) | ${outcome.accepted ? 'yes' : 'no'} | ${f3(after.accuracy)} | ${f3(after.macroF1)} | ${f3(ungated.accuracy)} | ${f3(ungated.macroF1)} | ${f3(h.accuracyBefore)}→${f3(h.accuracyAfter)} | ${f3(c.accuracyBefore)}→${f3(c.accuracyAfter)} | ${Math.round(trainMs)} |\n`);
          if (!outcome.accepted) process.stdout.write(`|  | refused: ${outcome.reason.replace(/\|/g, '/')} |||||||||\n`);
          results.push({ direction: direction.name, regime, n, seed, accepted: outcome.accepted, before, after, ungated, heldBack: h, canary: c, trainMs });
        }
      }
    }
  }
  await model.dispose();
  if (values.json) (await import('node:fs')).writeFileSync(values.json, `${JSON.stringify(results, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
