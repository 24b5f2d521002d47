import type { DecisionDetail, DecisionRow, InspectorListState, InspectorToHost } from '../../src/common/protocol/inspectorProtocol';
import { routingConfidence } from '../../src/common/routing/routingConfidence';
import { formatParams } from '../../src/common/sim/units';
import { button } from '../shared/components';
import { checkbox, select } from '../shared/fields';
import { renderDetail } from './detailView';
import { clear, clock, el, percent } from './dom';

export interface InspectorFilters {
  expert: string;
  category: string;
  /** '' = any, 'none' = routed normally, 'any' = any fallback, or one reason. */
  fallback: string;
}

export interface InspectorSaved {
  filters: InspectorFilters;
  selectedId: string | null;
}

const ALL = '';

/** The live decision list with its filters, and the selected decision explained below it. */
export class InspectorApp {
  private list: InspectorListState | undefined;
  private detail: DecisionDetail | null = null;
  private readonly toolbar = el('div', 'toolbar');
  private readonly rows = el('div', 'decision-list');
  private readonly detailHost = el('div', 'detail');
  private readonly summary = el('div', 'list-summary');

  constructor(
    root: HTMLElement,
    private readonly post: (message: InspectorToHost) => void,
    private readonly saved: InspectorSaved,
    private readonly save: () => void,
  ) {
    this.rows.setAttribute('role', 'listbox');
    this.rows.setAttribute('aria-label', 'Routing decisions, newest first');
    root.append(this.toolbar, this.summary, this.rows, this.detailHost);
    if (saved.selectedId) this.post({ type: 'selectDecision', id: saved.selectedId });
  }

  showList(state: InspectorListState): void {
    this.list = state;
    this.renderToolbar();
    this.renderRows();
  }

  showDetail(detail: DecisionDetail | null): void {
    this.detail = detail;
    clear(this.detailHost);
    if (detail) this.detailHost.append(renderDetail(detail, this.post));
    this.renderRows();
  }

  private renderToolbar(): void {
    const state = this.list;
    if (!state) return;
    const f = this.saved.filters;
    const options = (values: string[], any: string) => [{ value: ALL, label: any }, ...values.map((v) => ({ value: v, label: v }))];
    const reasons = [...new Set(state.rows.map((r) => r.fallbackReason).filter((r): r is NonNullable<typeof r> => r !== null))].sort();
    clear(this.toolbar);
    this.toolbar.append(
      select(options(state.experts, 'All experts'), f.expert, (v) => this.setFilter({ expert: v }), 'filter-expert'),
      select(options(state.categories, 'All categories'), f.category, (v) => this.setFilter({ category: v }), 'filter-category'),
      select(
        [{ value: ALL, label: 'Any routing' }, { value: 'none', label: 'No fallback' }, { value: 'any', label: 'Any fallback' }, ...reasons.map((r) => ({ value: r, label: r }))],
        f.fallback,
        (v) => this.setFilter({ fallback: v }),
        'filter-fallback',
      ),
      button('Export…', () => this.post({ type: 'exportLog' }), { title: 'Export the decision log as JSONL or CSV', action: 'export' }),
      checkbox('Save prompt excerpts with the history', state.persistPromptText, (allowed) => this.post({ type: 'setPersistPromptText', allowed }), 'persist-prompt-text'),
    );
  }

  private setFilter(patch: Partial<InspectorFilters>): void {
    Object.assign(this.saved.filters, patch);
    this.save();
    this.renderRows();
  }

  private matches(row: DecisionRow): boolean {
    const f = this.saved.filters;
    if (f.expert && row.expert !== f.expert) return false;
    if (f.category && row.category !== f.category) return false;
    if (f.fallback === 'none') return row.fallbackReason === null;
    if (f.fallback === 'any') return row.fallbackReason !== null;
    return !f.fallback || row.fallbackReason === f.fallback;
  }

  private renderRows(): void {
    const state = this.list;
    if (!state) return;
    const visible = state.rows.filter((r) => this.matches(r));
    this.summary.textContent = state.totalDecisions === 0
      ? 'No routing decisions yet. Ask something in the CoE chat or run a code action; each decision appears here.'
      : `${visible.length} of ${state.totalDecisions} decision(s)${state.rows.length < state.totalDecisions ? ` (newest ${state.rows.length} listed)` : ''}`;
    clear(this.rows);
    for (const row of visible) this.rows.append(this.renderRow(row));
  }

  private renderRow(row: DecisionRow): HTMLElement {
    const selected = this.detail?.row.id === row.id || this.saved.selectedId === row.id;
    const item = el('div', `decision${selected ? ' selected' : ''}${row.fallbackReason ? ' fallback' : ''}`);
    item.tabIndex = 0;
    item.setAttribute('role', 'option');
    item.setAttribute('aria-selected', String(selected));
    item.dataset.id = row.id;
    const head = el('div', 'decision-head');
    head.append(
      el('span', 'time', clock(row.timestamp)),
      el('span', 'expert', row.expert),
      el('span', 'category', row.category ?? '—'),
      confidenceCell(row),
    );
    const excerpt = el('div', 'excerpt', row.excerpt ?? '(prompt not kept)');
    if (row.excerpt === null) excerpt.classList.add('muted');
    const meta = el('div', 'decision-meta');
    if (row.fallbackReason) meta.append(el('span', 'fallback-reason', row.fallbackReason));
    meta.append(
      el('span', undefined, `router ${row.latencyMs.toFixed(2)} ms`),
      el('span', undefined, tokens(row)),
      el('span', undefined, `${formatParams(row.activeParams)} active`),
      el('span', 'muted', row.source),
    );
    item.append(head, excerpt, meta);
    const choose = (): void => {
      this.saved.selectedId = row.id;
      this.save();
      this.post({ type: 'selectDecision', id: row.id });
    };
    item.addEventListener('click', choose);
    item.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        choose();
      }
    });
    return item;
  }
}

/** The confidence the fallback tests (the router's expert's summed probability); the top category's in the tooltip. */
function confidenceCell(row: DecisionRow): HTMLElement {
  const c = routingConfidence(row);
  const cell = el('span', 'confidence', percent(c.confidence));
  cell.title = !row.category
    ? 'The router did not classify this request.'
    : c.expertLevel
      ? `Confidence${c.expert ? ` in ${c.expert}` : ''} ${percent(c.confidence)} · top category ${row.category} ${percent(row.confidence)}`
      : `Top category ${row.category} ${percent(row.confidence)} (recorded before expert-level confidence)`;
  return cell;
}

function tokens(row: DecisionRow): string {
  if (row.promptTokens === null && row.completionTokens === null) return 'tokens —';
  return `${row.promptTokens ?? '?'}→${row.completionTokens ?? '?'} tok`;
}
