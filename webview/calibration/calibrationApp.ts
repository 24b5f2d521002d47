import type { CalibrationViewState } from '../../src/common/calibration/calibrationView';
import type { CalibrationViewSaved, CalibrationViewToHost } from '../../src/common/protocol/calibrationProtocol';
import { formatParams } from '../../src/common/sim/units';
import { button, el, setDisabled } from '../shared/components';
import { frontierChart } from './frontierChart';
import { heatMap } from './heatMap';
import { sweepCharts } from './sweepChart';

function section(title: string, ...children: Node[]): HTMLElement {
  const element = el('section');
  element.append(el('h3', undefined, title), ...children);
  return element;
}

/** Renders host state; every action is an intent posted to the host. */
export class CalibrationApp {
  private state: CalibrationViewState | null = null;
  private running = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly post: (message: CalibrationViewToHost) => void,
    private readonly saved: CalibrationViewSaved,
    private readonly save: () => void,
  ) {}

  show(state: CalibrationViewState | null, running: boolean): void {
    this.state = state;
    this.running = running;
    if (state && this.saved.selectedPoint !== null && this.saved.selectedPoint >= state.frontier.length) this.saved.selectedPoint = null;
    this.render();
  }

  private select(index: number): void {
    this.saved.selectedPoint = index;
    this.save();
    this.render();
  }

  private render(): void {
    const toolbar = el('div', 'toolbar');
    const run = button(this.running ? 'Calibrating…' : 'Calibrate…', () => this.post({ type: 'calibrate' }), { appearance: 'primary', action: 'calibrate' });
    setDisabled(run, this.running);
    toolbar.append(run);
    const state = this.state;
    if (!state) {
      this.root.replaceChildren(toolbar, el('p', 'muted', 'No calibration yet. Calibrate to score each expert per category with a judge expert.'));
      return;
    }
    toolbar.append(button('Save scores…', () => this.post({ type: 'exportScores' }), { action: 'export', title: 'Save the scores file that "coe optimize --scores" reads' }));
    const selected = this.saved.selectedPoint === null ? null : state.frontier[this.saved.selectedPoint] ?? null;
    const scale = state.mode === 'single' ? 'mean judge rating 1–10' : `win rate against ${state.referenceId ?? 'the reference'}`;
    const summary = el('p', 'muted', `Judge ${state.judgeId}, ${scale}, prompt ${state.promptVersion}. p(c): ${state.frequencySource === 'history' ? 'your routing history' : 'uniform'}.`);
    const parts: Node[] = [toolbar, summary];
    if (state.cancelled) parts.push(el('p', 'warning', 'This calibration was cancelled: the scores are partial.'));
    parts.push(section('Scores', heatMap(state, selected?.mapping ?? state.current?.mapping ?? null), el('p', 'muted', 'Hover a cell for its 95% interval and sample count; bold is the best in its row, the outline the mapping shown below.')));
    const chart = el('div', 'chart');
    chart.append(frontierChart(state, this.saved.selectedPoint, (i) => this.select(i)));
    const legend = el('p', 'legend muted');
    legend.append(el('span', 'key key-point', 'frontier mapping (select one)'), el('span', 'key key-current', 'configured table'));
    parts.push(section('Quality vs average active parameters', chart, legend, ...state.notes.map((n) => el('p', 'muted', n))));
    if (state.sweep) {
      parts.push(section(
        'Fallback threshold (configured table)',
        sweepCharts(state.sweep, state.mode === 'single' ? 2 : 3),
        el('p', 'muted', `${state.sweep.basis === 'topCategory'
          ? 'Threshold on the top category\'s probability (this run did not record the router\'s probabilities; run the calibration again to sweep the expert-level confidence coe.minConfidence tests).'
          : 'Threshold on the confidence the router tests: the summed probability of the categories that go to the chosen expert; below it a prompt goes to the generalist (entropy over experts held at coe.maxEntropy).'} From the router's predictions on ${state.sweep.samples} calibration prompts; the vertical line is coe.minConfidence (${state.sweep.configured}).`),
      ));
    }
    parts.push(selected ? this.preview(state, this.saved.selectedPoint as number) : section('Preview', el('p', 'muted', 'Select a point on the frontier to preview its table.')));
    if (state.failures.length > 0) parts.push(this.failures(state));
    this.root.replaceChildren(...parts);
  }

  private preview(state: CalibrationViewState, index: number): HTMLElement {
    const point = state.frontier[index];
    const digits = state.mode === 'single' ? 2 : 3;
    const current = state.current;
    const stats = el('p', undefined,
      `Expected score ${point.expectedScore.toFixed(digits)} at ${formatParams(point.avgActiveParams)} average active parameters` +
      (current ? ` (configured: ${current.expectedScore.toFixed(digits)} at ${formatParams(current.avgActiveParams)})` : '') + '.');
    const table = el('table', 'preview');
    const head = el('tr');
    head.append(el('th', undefined, 'category'), el('th', undefined, 'configured'), el('th', undefined, 'this point'));
    table.append(head);
    for (const [category, expert] of Object.entries(point.mapping)) {
      const before = current?.mapping[category] ?? '—';
      const row = el('tr', before === expert ? undefined : 'changed');
      row.append(el('td', undefined, category), el('td', undefined, before), el('td', undefined, expert));
      table.append(row);
    }
    const apply = button('Apply to settings…', () => this.post({ type: 'apply', pointIndex: index }), { appearance: 'primary', action: 'apply', title: 'Shows the changes to coe.categoryTable and asks before writing' });
    return section('Preview', stats, table, apply);
  }

  private failures(state: CalibrationViewState): HTMLElement {
    const details = el('details');
    details.append(el('summary', undefined, `${state.failures.length} failed call(s), left out of the scores and retried on the next run`));
    const list = el('ul', 'failures');
    for (const f of state.failures) list.append(el('li', undefined, `${f.itemId} × ${f.expertId} [${f.stage}] ${f.kind}: ${f.message}`));
    details.append(list);
    return section('Failures', details);
  }
}
