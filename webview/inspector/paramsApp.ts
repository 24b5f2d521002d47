import type { InspectorToHost, KeyedSummary, LedgerView, PaperPresetView, ParamsDashboardState, RequestCost } from '../../src/common/protocol/inspectorProtocol';
import { formatParams } from '../../src/common/sim/units';
import { numberField, select } from '../shared/fields';
import { clear, el, percent, ratio, section, stat } from './dom';
import { line, rect, seriesClass, sparkline, svg } from './svg';

export interface ParamsSaved {
  scope: 'session' | 'allTime';
}

/** Active parameters per request, running averages by expert and category, and the paper's preset. */
export class ParamsApp {
  private state: ParamsDashboardState | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly post: (message: InspectorToHost) => void,
    private readonly saved: ParamsSaved,
    private readonly save: () => void,
  ) {}

  show(state: ParamsDashboardState): void {
    this.state = state;
    this.render();
  }

  private render(): void {
    const state = this.state;
    if (!state) return;
    clear(this.root);
    this.root.append(
      section('Per request', requestChart(state.recent), legend()),
      this.averages(state),
      section("Paper preset: the CoE paper's five experts", this.paper(state.paper)),
    );
  }

  private averages(state: ParamsDashboardState): HTMLElement {
    const scope = this.saved.scope;
    const view: LedgerView = scope === 'session' ? state.session : state.allTime;
    const picker = select([{ value: 'session', label: 'This session' }, { value: 'allTime', label: 'All time (this workspace)' }], scope, (v) => {
      this.saved.scope = v === 'allTime' ? 'allTime' : 'session';
      this.save();
      this.render();
    }, 'params-scope');
    const t = view.total;
    const headline = el('div', 'stats');
    headline.append(
      stat('requests', String(t.requests)),
      stat('avg active', formatParams(t.avgActiveParams)),
      stat(`on ${state.baselineName}`, formatParams(t.avgBaselineParams)),
      stat('saving', t.requests ? ratio(t.savingRatio) : '—', 'baseline ÷ CoE average active parameters'),
    );
    const trend = el('div', 'trend');
    if (scope === 'session' && state.sessionRunningAverage.length > 1) {
      trend.append(el('span', 'muted', 'running average'), sparkline(state.sessionRunningAverage, 160, 24, 'Running average of active parameters this session'));
    }
    return section('Running average', picker, headline, trend, breakdown('By expert', view.byExpert), breakdown('By category', view.byCategory));
  }

  private paper(paper: PaperPresetView): HTMLElement {
    const box = el('div', 'paper');
    const fields = paper.experts.map((e) => numberField({ label: e.displayName, value: Math.round(e.share * 1000) / 10, name: `share-${e.id}`, unit: `% · ${formatParams(e.activeParams)}`, min: 0, step: 1 }));
    const grid = el('div', 'field-grid');
    grid.append(...fields.map((f) => f.element));
    let baselineId = paper.baselineId;
    const apply = (): void => {
      const shares = Object.fromEntries(paper.experts.map((e, i) => [e.id, Math.max(0, fields[i].read() || 0)]));
      this.post({ type: 'setPaperShares', shares, baselineId });
    };
    for (const f of fields) f.input.addEventListener('change', apply);
    const baseline = select(paper.experts.map((e) => ({ value: e.id, label: `${e.displayName} (${formatParams(e.activeParams)})` })), baselineId, (v) => {
      baselineId = v;
      apply();
    }, 'paper-baseline');
    const result = el('div', 'stats');
    result.append(
      stat('router', formatParams(paper.routerParams), "A 7B-class router, as the paper's Samba-CoE counts it"),
      stat('avg active', formatParams(paper.avgActiveParams)),
      stat('baseline', formatParams(paper.baselineParams)),
      stat('saving', ratio(paper.savingRatio)),
    );
    const headlines = el('p', 'muted', `Paper: ${paper.headlines.map((h) => `${h.benchmark} ${h.score} at ${formatParams(h.avgActiveParams)}`).join('; ')}. `
      + 'Average active parameters = router + Σ share × expert. The paper does not publish its routing shares: the default mix is illustrative.');
    const base = el('label', 'field');
    base.append(el('span', 'field-label', 'Monolithic baseline'), baseline);
    box.append(grid, base, result, headlines);
    return box;
  }
}

function requestChart(recent: readonly RequestCost[]): HTMLElement {
  if (recent.length === 0) return el('p', 'muted', 'No requests yet.');
  const width = 300;
  const height = 70;
  const max = Math.max(...recent.map((r) => Math.max(r.baselineParams, r.routerParams + r.expertParams)));
  const chart = svg(width, height, 'Active parameters of recent requests: router and expert, with the baseline');
  const slot = width / recent.length;
  const experts = [...new Set(recent.map((r) => r.expert))].sort();
  recent.forEach((r, i) => {
    const x = i * slot + slot * 0.1;
    const w = slot * 0.8;
    const expertH = (r.expertParams / max) * height;
    const routerH = Math.max(r.routerParams > 0 ? 1 : 0, (r.routerParams / max) * height);
    chart.append(
      rect(x, height - expertH, w, expertH, seriesClass(experts.indexOf(r.expert)), `${r.expert}: ${formatParams(r.expertParams)} + router ${formatParams(r.routerParams)}`),
      rect(x, height - expertH - routerH, w, routerH, 'router'),
      line(x, height - (r.baselineParams / max) * height, x + w, height - (r.baselineParams / max) * height, 'baseline-mark'),
    );
  });
  const box = el('div', 'chart');
  box.append(chart);
  return box;
}

function legend(): HTMLElement {
  const box = el('div', 'legend muted');
  box.append(el('span', 'key key-router', 'router'), el('span', 'key key-expert', 'expert (colour per expert)'), el('span', 'key key-baseline', 'baseline'));
  return box;
}

function breakdown(title: string, rows: readonly KeyedSummary[]): HTMLElement {
  const table = el('table', 'breakdown');
  const head = el('tr');
  for (const h of [title, 'requests', 'avg active', 'saving']) head.append(el('th', undefined, h));
  table.append(head);
  const total = rows.reduce((n, r) => n + r.summary.requests, 0);
  for (const r of rows) {
    const tr = el('tr');
    const name = el('td');
    const share = el('span', 'share-bar');
    share.style.setProperty('--share', `${total ? (r.summary.requests / total) * 100 : 0}%`);
    name.append(el('span', undefined, r.key), share);
    tr.append(name, el('td', 'num', `${r.summary.requests} (${percent(total ? r.summary.requests / total : 0)})`), el('td', 'num', formatParams(r.summary.avgActiveParams)), el('td', 'num', ratio(r.summary.savingRatio)));
    table.append(tr);
  }
  if (rows.length === 0) return el('p', 'muted', `${title}: nothing yet.`);
  return table;
}
