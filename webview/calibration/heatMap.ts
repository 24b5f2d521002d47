import type { CalibrationViewState } from '../../src/common/calibration/calibrationView';
import { formatParams } from '../../src/common/sim/units';
import { el } from '../shared/components';

/**
 * The score matrix as a heat-map table: one row per category, one column per expert. Colour comes
 * from a CSS variable set through the CSSOM (allowed under the CSP, unlike style attributes), so the
 * theme decides the actual colours.
 */
export function heatMap(state: CalibrationViewState, highlight: Readonly<Record<string, string>> | null): HTMLElement {
  const table = el('table', 'heat-map');
  const head = el('tr');
  head.append(el('th', undefined, 'category'), el('th', 'num', 'p(c)'));
  for (const expert of state.experts) {
    const th = el('th', 'num', expert.id);
    th.title = `${expert.id}: ${formatParams(expert.activeParams)} active parameters`;
    head.append(th);
  }
  table.append(el('thead'), el('tbody'));
  table.tHead?.append(head);
  const digits = state.mode === 'single' ? 1 : 2;
  const span = state.scale.max - state.scale.min;
  for (const category of state.categories) {
    const row = el('tr');
    row.append(el('th', 'row-head', category.id), el('td', 'num muted', `${(category.frequency * 100).toFixed(0)}%`));
    const cells = state.cells.filter((c) => c.category === category.id);
    const best = Math.max(...cells.map((c) => c.score));
    for (const expert of state.experts) {
      const cell = cells.find((c) => c.expertId === expert.id);
      const td = el('td', 'num cell');
      if (!cell) {
        td.textContent = '—';
        td.title = 'not scored (see failures)';
      } else {
        td.textContent = cell.score.toFixed(digits);
        td.style.setProperty('--heat', String(Math.max(0, Math.min(1, (cell.score - state.scale.min) / span))));
        const interval = cell.method === 'none' ? 'no interval (one sample)' : `95% interval ${cell.ciLow.toFixed(digits)}–${cell.ciHigh.toFixed(digits)} (${cell.method})`;
        td.title = `${expert.id} on ${category.id}: ${cell.score.toFixed(digits)}, ${interval}, n = ${cell.n}`;
        td.append(el('span', 'n', ` n${cell.n}`));
        if (cell.score === best) td.classList.add('best');
      }
      if (highlight?.[category.id] === expert.id) td.classList.add('picked');
      row.append(td);
    }
    table.tBodies[0].append(row);
  }
  return table;
}
