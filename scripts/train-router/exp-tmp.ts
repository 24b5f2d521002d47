import path from 'node:path';
import { DEFAULT_FEATURIZER_OPTIONS } from '../../src/common/router/featurizer';
import { trainSoftmaxRegression, DEFAULT_SOFTMAX_TRAINING } from '../../src/common/router/train/softmaxRegression';
import { ROUTER_CATEGORIES, categoryFor } from './categories';
import { loadJsonlFolder } from './loadData';
import { prepareRows, DEFAULT_POLICY } from './prepare';
import { toExamples, predict, measure, summary } from './evaluate';
const DATA = '/work/shared/data/router';
const args = JSON.parse(process.argv[2] ?? '{}');
const fopts = { ...DEFAULT_FEATURIZER_OPTIONS, ...(args.f ?? {}) };
const topts = { ...DEFAULT_SOFTMAX_TRAINING, ...(args.t ?? {}) };
const policy = { ...DEFAULT_POLICY, caps: { ...DEFAULT_POLICY.caps, ...(args.caps ?? {}) }, sourceWeights: { ...DEFAULT_POLICY.sourceWeights, ...(args.w ?? {}) } };
let t0 = Date.now();
const files = loadJsonlFolder(path.join(DATA, 'train'));
const { rows } = prepareRows(files.flatMap((f) => f.rows), policy);
const ex = toExamples(rows, fopts);
const featMs = Date.now() - t0; t0 = Date.now();
const model = trainSoftmaxRegression(ex, { buckets: fopts.buckets, classes: ROUTER_CATEGORIES.length }, topts);
console.log('rows', rows.length, 'featurize ms', featMs, 'train ms', Date.now() - t0);
const evalFiles = loadJsonlFolder(path.join(DATA, 'eval-only'));
const all = [];
for (const f of evalFiles) {
  const r = f.rows.map((x) => ({ text: x.text, domain: x.label, category: categoryFor(x.fine_label, x.label), weight: 1 }));
  all.push(...r);
  const p = predict(model, toExamples(r, fopts));
  const m = measure(r, p);
  console.log(f.dataset.slice(0, 12).padEnd(12), summary(m), /sharegpt|autoj/.test(f.file) ? JSON.stringify(m.domain.confusion) : '');
  if (args.show && f.file.startsWith(args.show)) {
    let shown = 0;
    r.forEach((row, i) => { const top = ROUTER_CATEGORIES[p[i].top]; if (top.domain !== row.domain && row.domain === (args.gold ?? row.domain) && shown++ < 40) console.log('  ', row.domain, '->', top.id, p[i].confidence.toFixed(2), JSON.stringify(row.text.slice(0, 160))); });
  }
}
console.log('ALL'.padEnd(12), summary(measure(all, predict(model, toExamples(all, fopts)))));
